package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.connectors.lake.LakeBackfill;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.sources.FileMessageSource;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.testing.Throttle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replacing backfill that MSF autoscales (stop with a savepoint, run {@code main()} again,
 * restore at another parallelism) is one run: started at parallelism 2, stopped with a savepoint,
 * resumed at 3, stopped again, resumed at 1, it FINISHES with every input row once in the lake
 * (read back by DuckDB) and nothing left in staging. Between the legs the staging folder holds
 * committed files that only the restored run may publish; a fresh run of the same input meanwhile
 * is refused.
 */
class BackfillRescaleITCase {
    private static final int FILES = 4;
    private static final int ROWS_PER_FILE = 4_000;
    private static final int ROWS = FILES * ROWS_PER_FILE;
    private static final double ROWS_PER_SECOND_PER_SUBTASK = 1_500;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(3);

    @Test
    void aBackfillRescaled2To3To1FromSavepointsPublishesEveryRowOnce(@TempDir Path dir)
            throws Exception {
        Path input = Files.createDirectories(dir.resolve("history"));
        for (int f = 0; f < FILES; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < ROWS_PER_FILE; i++) {
                int n = f * ROWS_PER_FILE + i;
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "{\"device_id\":\"pump%d\",\"temperature\":%d.5,\"timestamp\":%d}",
                                n % 13,
                                n,
                                1_713_427_200_000L + n * 1_000L));
            }
            Files.writeString(input.resolve("f" + f + ".jsonl"), String.join("\n", lines) + "\n");
        }
        Path lake = dir.resolve("lake");
        Path savepoints = dir.resolve("savepoints");

        String first = runUntilStaged(input, lake, 2, null, savepoints);
        assertThat(committedStagedFiles(lake)).as("committed files staged at p=2").isNotEmpty();
        assertThat(readingsInLake(lake)).as("nothing published before the end").isZero();
        // A second, fresh run of the same input would empty the staging folder the stopped run's
        // savepoint refers to: refused while the stopped run's lease is recent.
        assertThatThrownBy(
                        () ->
                                run(input, lake, 2, null)
                                        .getJobExecutionResult()
                                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .hasStackTraceContaining("is being written by another run");
        String second = runUntilStaged(input, lake, 3, first, savepoints);
        run(input, lake, 1, second)
                .getJobExecutionResult()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        try (LakeReader r = new LakeReader(lake)) {
            assertThat(r.count("SELECT count(*) FROM {readings}")).isEqualTo(ROWS);
            assertThat(r.count("SELECT count(DISTINCT temperature) FROM {readings}"))
                    .isEqualTo(ROWS);
            assertThat(r.count("SELECT min(temperature) FROM {readings}")).isEqualTo(0);
            assertThat(r.count("SELECT max(temperature) FROM {readings}")).isEqualTo(ROWS - 1);
        }
        assertThat(stagedFiles(lake)).as("nothing left in staging").isEmpty();
    }

    /** Runs at {@code parallelism} until files are committed in staging, then stops it. */
    private static String runUntilStaged(
            Path input, Path lake, int parallelism, String savepoint, Path savepoints)
            throws Exception {
        int before = committedStagedFiles(lake).size();
        JobClient client = run(input, lake, parallelism, savepoint);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (committedStagedFiles(lake).size() <= before) {
            assertThat(client.getJobStatus().get().isGloballyTerminalState())
                    .as("job still running")
                    .isFalse();
            assertThat(System.nanoTime()).as("files committed in staging").isLessThan(deadline);
            LockSupport.parkNanos(POLL.toNanos());
        }
        return client.stopWithSavepoint(
                        false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static JobClient run(Path input, Path lake, int parallelism, String savepoint)
            throws Exception {
        FleetlakeConfig config =
                FleetlakeConfig.of(
                        Map.of(
                                "Source.Files", Map.of("path", input.toString()),
                                "Lake", Map.of("path", lake.toString()),
                                "TopK", Map.of("enabled", "false"),
                                "Job",
                                        Map.of(
                                                "checkpoint-interval",
                                                "200 ms",
                                                "parallelism",
                                                Integer.toString(parallelism))));
        Configuration restore = new Configuration();
        if (savepoint != null) {
            restore.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(restore);
        // The production backfill (what main() builds), with a throttle after the source so the
        // job is still running when the test stops it.
        LakeBackfill backfill = FleetlakeApplication.backfillFor(config);
        FleetlakeJob.configure(env, config);
        FleetlakeSinks sinks =
                FleetlakeSinks.lake(FleetlakeApplication.lakeSinkFactory(config, backfill));
        new FleetlakeJob(
                        config,
                        List.of(
                                Throttle.after(
                                        new FileMessageSource(input.toString(), null, backfill),
                                        ROWS_PER_SECOND_PER_SUBTASK)),
                        sinks)
                .addTo(env);
        return env.executeAsync("backfill-rescale-p" + parallelism);
    }

    private static long readingsInLake(Path lake) throws Exception {
        if (!Files.exists(lake.resolve("readings"))) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(lake.resolve("readings"))) {
            return files.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }

    private static List<Path> stagedFiles(Path lake) throws Exception {
        Path backfills = lake.resolve(LakeBackfill.BACKFILL_DIR);
        if (!Files.exists(backfills)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(backfills)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/staging/"))
                    .collect(Collectors.toList());
        }
    }

    private static List<Path> committedStagedFiles(Path lake) throws Exception {
        return stagedFiles(lake).stream()
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                .collect(Collectors.toList());
    }
}
