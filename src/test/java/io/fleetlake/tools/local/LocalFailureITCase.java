package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing local run is not silent: {@code ./fleetlake} (its main class, in a JVM of its own, as
 * the script starts it) reading Kinesis from an endpoint where nothing listens prints each restart
 * with its cause, gives up after the default number of restarts with exit status 1 naming the
 * endpoint, and leaves Flink's log with the stack trace in the log file.
 */
class LocalFailureITCase {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir Path dir;

    @Test
    void aKinesisEndpointWhereNothingListensEndsTheRunWithItsCause() throws Exception {
        int port = RestartReporter.freePort(); // free now: nothing listens there
        String endpoint = "127.0.0.1:" + port;
        Path properties = dir.resolve("bad.json");
        Files.writeString(
                properties,
                "[{\"PropertyGroupId\":\"Source.Kinesis\",\"PropertyMap\":{\"stream\":\"s\","
                        + "\"endpoint\":\"http://"
                        + endpoint
                        + "\",\"region\":\"us-east-1\",\"access-key-id\":\"000000000000\","
                        + "\"secret-access-key\":\"x\"}},{\"PropertyGroupId\":\"TopK\",\"PropertyMap\":{\"enabled\":\"false\"}}]");
        Path log = dir.resolve("fleetlake.log");
        Path output = dir.resolve("output.txt");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The module openings Flink needs on Java 17, as this JVM got them (the script passes the
        // same).
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        command.add("-Xmx1g");
        command.add("-Dfleetlake.log.file=" + log);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FleetlakeCli.class.getName());
        command.addAll(
                List.of(
                        "--properties",
                        properties.toString(),
                        "--lake",
                        dir.resolve("lake").toString()));
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        try {
            assertThat(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .as("exited within %s", LIMIT)
                    .isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit status; output:%n%s", out).isEqualTo(1);
        // Each restart is printed as it is seen (the REST API is polled twice a second, so fast
        // failures may be
        // reported together or, the last ones, only in the final line).
        assertThat(out)
                .containsPattern(
                        "fleetlake: failure 1, restart 1 of 3: .*" + endpoint.replace(".", "\\."))
                .containsPattern(
                        "fleetlake: job failed after 3 restart\\(s\\): .*"
                                + endpoint.replace(".", "\\."))
                .contains("the stack trace is in " + log);
        assertThat(log).exists();
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(logText).contains(endpoint).containsPattern("\n\\s+at [\\w.$]+\\(");
        assertThat(new File(dir.toFile(), "target"))
                .as("nothing written relative to the working directory")
                .doesNotExist();
    }
}
