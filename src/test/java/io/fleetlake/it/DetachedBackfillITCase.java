package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replacing backfill submitted detached (as REST {@code /jars/:id/run}, {@code flink run -d} or
 * MSF do: the client does not wait for the job) is published by the job itself: after each of two
 * runs of the same input, every row is in the lake exactly once.
 */
class DetachedBackfillITCase {
    private static final int ROWS = 600;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(50);

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    @Test
    void aDetachedReplacingBackfillPublishesEveryRowOnceEachRun(@TempDir Path dir)
            throws Exception {
        Path input = Files.createDirectories(dir.resolve("history"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "{\"device_id\":\"pump%d\",\"temperature\":%d.5,\"timestamp\":\"2024-04-18T%02d:%02d:%02dZ\"}",
                            i % 7,
                            i,
                            8 + i % 3,
                            i % 60,
                            i / 60));
        }
        Files.writeString(input.resolve("a.jsonl"), String.join("\n", lines) + "\n");
        Path lake = dir.resolve("lake");

        for (int run = 1; run <= 2; run++) {
            submitDetachedAndWaitForFinished(input, lake);
            try (LakeReader r = new LakeReader(lake)) {
                assertThat(r.count("SELECT count(*) FROM {readings}"))
                        .as("rows after run %d", run)
                        .isEqualTo(ROWS);
                assertThat(
                                r.count(
                                        "SELECT count(DISTINCT (device_id, event_time, temperature)) FROM {readings}"))
                        .as("distinct rows after run %d", run)
                        .isEqualTo(ROWS);
            }
        }
    }

    private static void submitDetachedAndWaitForFinished(Path input, Path lake) throws Exception {
        FleetlakeConfig config =
                FleetlakeConfig.of(
                        Map.of(
                                "Source.Files", Map.of("path", input.toString()),
                                "Lake", Map.of("path", lake.toString()),
                                "TopK", Map.of("enabled", "false"),
                                "Job",
                                        Map.of(
                                                "checkpoint-interval",
                                                "300 ms",
                                                "parallelism",
                                                "2")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(
                env, config, System.currentTimeMillis(), FleetlakeApplication.backfillFor(config));
        // Detached: the client only learns the job id; nothing runs after this in the client.
        JobClient client = env.executeAsync("detached-backfill");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JobStatus status = client.getJobStatus().get();
        while (!status.isGloballyTerminalState()) {
            assertThat(System.nanoTime())
                    .as("job finished within %s", TIMEOUT)
                    .isLessThan(deadline);
            LockSupport.parkNanos(POLL.toNanos());
            status = client.getJobStatus().get();
        }
        assertThat(status).isEqualTo(JobStatus.FINISHED);
    }
}
