package io.fleetlake.tools.config;

import io.fleetlake.tools.docs.GeneratedSection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration reference page is exactly what the code reads. */
class ConfigReferenceTest {
    static final Path PAGE = Path.of("docs", "configuration.md");

    @Test
    void referencePageMatchesTheOptions() throws Exception {
        GeneratedSection.check(PAGE, "config-reference", ConfigReference.markdown());
    }
}
