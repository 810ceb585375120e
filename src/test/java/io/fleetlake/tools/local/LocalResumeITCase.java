package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.connectors.kinesis.KinesisFactory;
import io.fleetlake.connectors.kinesis.KinesisStreamWriter;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.testing.ExpectedLake;
import io.fleetlake.testing.KinesisLocal;
import io.fleetlake.testing.LakeReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code ./fleetlake} resumes: a run through {@link LocalLauncher}'s own code path is stopped
 * mid-stream as Ctrl-C stops it (savepoint into {@code <lake>/_state}), started again with the same
 * arguments, and the lake then holds exactly what was produced: nothing lost, nothing twice (read
 * with DuckDB).
 */
class LocalResumeITCase {
    private static final Duration AWAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);

    @TempDir Path dir;

    @Test
    void kinesisRunStoppedAndStartedAgainLosesAndRepeatsNothing() throws Exception {
        try (KinesisLocal kinesis = KinesisLocal.start();
                KinesisClient client = kinesis.client()) {
            kinesis.createStream(client, "resume", 2);
            Path lake = dir.resolve("lake");
            Path properties = dir.resolve("kinesis.json");
            Files.writeString(
                    properties,
                    "["
                            + group(
                                    "Source.Kinesis",
                                    Map.of(
                                            "stream",
                                            "resume",
                                            "endpoint",
                                            kinesis.httpEndpoint(),
                                            "region",
                                            KinesisLocal.REGION,
                                            "access-key-id",
                                            KinesisLocal.ACCESS_KEY,
                                            "secret-access-key",
                                            KinesisLocal.SECRET_KEY,
                                            "initial-position",
                                            "TRIM_HORIZON",
                                            "reader",
                                            "POLLING",
                                            "polling-interval",
                                            "100 ms"))
                            + ","
                            + quickLake()
                            + "]");
            String[] args = {"--properties", properties.toString(), "--lake", lake.toString()};
            FleetSimulator fleet =
                    new FleetSimulator(
                            7,
                            Instant.parse("2024-04-18T09:00:00Z").toEpochMilli(),
                            20,
                            6,
                            6,
                            0.03);
            ExpectedLake expected = new ExpectedLake();
            KinesisStreamWriter writer = KinesisFactory.newWriter(client, "resume", false);
            long next = send(writer, fleet, expected, 0, 80);

            Run first = Run.start(args);
            awaitRows(lake, () -> 1);
            first.stop();
            assertThat(first.output()).contains("no checkpoint in").contains("stopped; savepoint");
            long afterFirst = committedRows(lake);
            assertThat(afterFirst).as("rows of the first run").isPositive();

            send(writer, fleet, expected, next, 80);
            Run second = Run.start(args);
            awaitRows(lake, expected::rows);
            second.stop();
            assertThat(second.output())
                    .contains("resuming from file:" + lake.resolve("_state/savepoints"));
            assertLakeEquals(lake, expected);
        }
    }

    @Test
    void simulatorRunStoppedAndStartedAgainContinuesTheSameEvents() throws Exception {
        Path lake = dir.resolve("lake");
        Path properties = dir.resolve("simulator.json");
        Map<String, String> sim = Map.of("rate", "100", "malformed-ratio", "0");
        Files.writeString(
                properties, "[" + group("Source.Simulator", sim) + "," + quickLake() + "]");
        String[] args = {"--properties", properties.toString(), "--lake", lake.toString()};

        Run first = Run.start(args);
        awaitRows(lake, () -> 1);
        first.stop();
        long afterFirst = committedRows(lake);
        Run second = Run.start(args);
        awaitRows(lake, () -> afterFirst + 50);
        second.stop();
        assertThat(second.output()).contains("resuming from");

        // The events are a function of (seed, start time, i): rebuild 0, 1, 2... until the lake's
        // row count.
        Properties run = new Properties();
        run.load(new java.io.StringReader(Files.readString(lake.resolve("_state/run.properties"))));
        Map<String, String> started = new java.util.HashMap<>(sim);
        started.put("start-time", run.getProperty("simulator.start-time"));
        FleetSimulator fleet =
                FleetSimulator.fromConfiguration(
                        FleetlakeConfig.of(Map.of("Source.Simulator", started))
                                .section(FleetlakeOptions.SIMULATOR),
                        0L);
        ExpectedLake expected = new ExpectedLake();
        long rows = committedRows(lake);
        for (long i = 0; expected.rows() < rows; i++) {
            expected.add(KinesisProduceCommand.ruleShaped(fleet.event(i)));
        }
        assertLakeEquals(lake, expected);
    }

    /** One launcher run on its own thread, stopped as Ctrl-C stops it. */
    private static final class Run {
        final LocalLauncher launcher;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        private Run(String[] args) {
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            launcher = new LocalLauncher(print, print);
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    exit.complete(launcher.run(args));
                                } catch (Throwable e) {
                                    exit.completeExceptionally(e);
                                }
                            },
                            "launcher");
            t.setDaemon(true);
            t.start();
        }

        static Run start(String[] args) {
            return new Run(args);
        }

        void stop() throws Exception {
            launcher.requestStop();
            assertThat(exit.get(AWAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("exit status; output:%n%s", output())
                    .isZero();
        }

        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static long send(
            KinesisStreamWriter writer,
            FleetSimulator fleet,
            ExpectedLake expected,
            long from,
            int n)
            throws InterruptedException {
        for (long i = from; i < from + n; i++) {
            RawMessage e = fleet.event(i);
            byte[] payload = KinesisProduceCommand.ruleShaped(e);
            writer.add(e.topic, payload);
            expected.add(payload);
        }
        writer.flush();
        return from + n;
    }

    /**
     * The lake group of these tests: compaction off, so rows are visible at each (fast) checkpoint.
     */
    private String quickLake() {
        return group("Lake", Map.of("compaction", "false"))
                + ","
                + group("TopK", Map.of("enabled", "false"))
                + ","
                + group("Job", Map.of("checkpoint-interval", "300 ms", "parallelism", "2"));
    }

    private static String group(String id, Map<String, String> properties) {
        StringBuilder sb =
                new StringBuilder("{\"PropertyGroupId\":\"" + id + "\",\"PropertyMap\":{");
        String sep = "";
        for (Map.Entry<String, String> e : properties.entrySet()) {
            sb.append(sep)
                    .append('"')
                    .append(e.getKey())
                    .append("\":\"")
                    .append(e.getValue())
                    .append('"');
            sep = ",";
        }
        return sb.append("}}").toString();
    }

    private static long committedRows(Path lake) throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            return ExpectedLake.committedRows(r);
        }
    }

    private static void awaitRows(Path lake, LongSupplier rows) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (committedRows(lake) < rows.getAsLong()) {
            assertThat(System.nanoTime())
                    .as("%d rows committed within %s", rows.getAsLong(), AWAIT)
                    .isLessThan(deadline);
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private static void assertLakeEquals(Path lake, ExpectedLake expected) throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            assertThat(ExpectedLake.lakeReadings(r)).as("readings").isEqualTo(expected.readings());
            assertThat(ExpectedLake.lakeBreadcrumbs(r))
                    .as("breadcrumbs")
                    .isEqualTo(expected.breadcrumbs());
            if (!expected.deadLetters().isEmpty()) {
                assertThat(ExpectedLake.lakeDeadLetters(r))
                        .as("dead letters")
                        .isEqualTo(expected.deadLetters());
            }
        }
    }
}
