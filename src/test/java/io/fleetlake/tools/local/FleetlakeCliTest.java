package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./fleetlake}'s picocli command line: help, version, subcommands, bad input. */
class FleetlakeCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = FleetlakeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void versionIsThePomsVersion() throws Exception {
        Matcher m =
                Pattern.compile("<artifactId>fleetlake</artifactId>\\s*<version>([^<]+)</version>")
                        .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        assertThat(run("--version")).isZero();
        assertThat(out.toString().trim()).isEqualTo("fleetlake " + m.group(1));
    }

    @Test
    void helpListsEveryFlagWithItsExampleAndTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("--events=N", "--input=PATH", "--lake=", "--properties=FILE")
                .contains("-p, --parallelism=N", "-s, --from-savepoint=PATH")
                .contains("-n, --allow-non-restored-state", "--fresh", "--state=DIR")
                .contains("Example: --events 1000")
                .contains("Commands:")
                .contains("run", "produce", "produce-mqtt", "dashboard", "bench", "validate")
                .contains("iam-policy", "deploy", "status", "snapshots", "rollback", "stop")
                .contains("config-reference", "athena-ddl");
    }

    @Test
    void commandHelpShowsDefaultsAndExamples() {
        assertThat(run("deploy", "--help")).isZero();
        assertThat(out.toString())
                .contains("--stack, --application=NAME")
                .contains("--restore=latest|none|SNAPSHOT")
                .contains("Default: latest")
                .contains("-p, --parallelism=N")
                .contains("--dry-run")
                .contains("--endpoint-url=URL")
                .contains("Examples:");
    }

    @Test
    void unknownCommandsAndFlagsExit2WithOneLine() {
        assertThat(run("deploi")).isEqualTo(2);
        assertThat(err.toString()).contains("deploi");
        assertThat(run("validate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--properties=FILE'");
        assertThat(run("validate", "--properties=x.json", "--target=cloud")).isEqualTo(2);
        assertThat(err.toString()).contains("--target: expected msf or local, got 'cloud'");
    }

    @Test
    void theCliReferenceCoversEveryCommand() {
        String md = CliReferenceMarkdown.markdown(FleetlakeCli.commandLine());
        for (String name : FleetlakeCli.commandLine().getSubcommands().keySet()) {
            if (!name.equals("help")) {
                assertThat(md).contains("## `./fleetlake " + name + "`");
            }
        }
    }
}
