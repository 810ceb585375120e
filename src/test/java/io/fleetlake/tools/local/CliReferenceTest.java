package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/cli.md is every command's --help as the picocli annotations declare it; it failed to follow
 * a new command once (redrive), so the build now compares it. Regenerate with {@code ./fleetlake
 * cli-reference > docs/cli.md} or {@code -Dfleetlake.docs.write=true}.
 */
class CliReferenceTest {
    private static final Path PAGE = Path.of("docs/cli.md");

    @Test
    void theCliPageIsTheCommandsHelp() throws Exception {
        String generated = CliReferenceMarkdown.markdown(FleetlakeCli.commandLine());
        if (Boolean.getBoolean("fleetlake.docs.write")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
                .as(
                        "docs/cli.md; regenerate with ./fleetlake cli-reference > docs/cli.md (or"
                                + " -Dtest=CliReferenceTest -Dfleetlake.docs.write=true)")
                .isEqualTo(generated);
    }
}
