package io.fleetlake.tools.ddl;

import io.fleetlake.tools.docs.GeneratedSection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The lake contract in docs/architecture.md lists exactly the tables, columns and reasons the job
 * writes.
 */
class LakeContractTest {
    @Test
    void architecturePageHoldsTheLakeContract() throws Exception {
        GeneratedSection.check(
                Path.of("docs", "architecture.md"), "lake-contract", LakeContract.markdown());
    }
}
