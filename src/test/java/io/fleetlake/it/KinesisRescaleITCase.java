package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.testing.ExpectedLake;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.KinesisLocal;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.testing.RescaleFleet;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A Kinesis stream that MSF autoscales keeps every decision it made: the production job (Kinesis
 * with KPL aggregates from a 4-shard kinesis-local stream, lake with compaction, TOP-K, speeding
 * alerts) runs at parallelism 2 over minutes 0–10 of {@link RescaleFleet}, is stopped with a
 * savepoint once those windows are closed, and is restored at parallelism 3 while minutes 10–20
 * arrive with 1 % late events of minutes 0–8 (a quarter of them speeding samples inside stretches
 * already alerted). Then, read back with DuckDB: every breadcrumb is in the lake once, no TOP-K
 * (spec, window_start, rank) is written twice, no (alert_id, state) twice, and each speeding
 * stretch of the 3 speeders is one episode, opened once and closed once. {@code
 * local-stack/rehearse-autoscale --source kinesis} does the same on a real cluster.
 */
class KinesisRescaleITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** How long the lake may take to show what was sent (generous: CI machines are shared). */
    private static final Duration AWAIT = Duration.ofSeconds(150);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final double EVENTS_PER_SECOND = 4_000;

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(3);

    @TempDir Path dir;

    @Test
    void aStreamRescaled2To3WithLateEventsKeepsTheLakeExactAndWritesNoRankOrAlertTwice()
            throws Exception {
        Path lake = dir.resolve("lake");
        List<RescaleFleet.Event> phase1 = RescaleFleet.phase(1);
        List<RescaleFleet.Event> phase2 = RescaleFleet.phase(2);
        ExpectedLake expected = new ExpectedLake();
        try (KinesisLocal kinesis = KinesisLocal.start();
                KinesisClient client = kinesis.client()) {
            kinesis.createStream(client, "rescale", 4);
            JobClient first = run(kinesis, lake, 2, null);
            RescaleFleet.send(client, "rescale", phase1, EVENTS_PER_SECOND);
            phase1.forEach(e -> expected.add(e.payload));
            // The late events sent after the restore belong to windows closed before the savepoint.
            awaitUntil(
                    "minutes 0-10 in the lake and the TOP-K windows of minutes 0-8 written",
                    () ->
                            count(
                                                    lake,
                                                    "SELECT count(DISTINCT (thing_name, event_time)) "
                                                            + "FROM {breadcrumbs}")
                                            == phase1.size()
                                    && count(
                                                    lake,
                                                    "SELECT count(DISTINCT window_start) FROM {topk} "
                                                            + "WHERE spec = 'active_vehicles'")
                                            >= 9,
                    lake);
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    dir.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            JobClient second = run(kinesis, lake, 3, savepoint);
            try {
                RescaleFleet.send(client, "rescale", phase2, EVENTS_PER_SECOND);
                phase2.forEach(e -> expected.add(e.payload));
                awaitUntil(
                        "the lake complete and every speeding stretch closed",
                        () -> {
                            try (LakeReader r = new LakeReader(lake)) {
                                return RescaleFleet.check(r).failures.isEmpty();
                            } catch (SQLException e) {
                                return false;
                            }
                        },
                        lake);
                // Two more checkpoints, one after the other: a row or rank written twice by then
                // is committed and visible.
                try (RestClusterClient<StandaloneClusterId> rest =
                        new RestClusterClient<>(
                                CLUSTER.getClientConfiguration(),
                                StandaloneClusterId.getInstance())) {
                    for (int i = 0; i < 2; i++) {
                        rest.triggerCheckpoint(second.getJobID(), CheckpointType.CONFIGURED)
                                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    }
                }
            } finally {
                second.cancel().get(30, TimeUnit.SECONDS);
            }

            try (LakeReader r = new LakeReader(lake)) {
                RescaleFleet.Verdict v = RescaleFleet.check(r);
                assertThat(v.failures).as(v.toString()).isEmpty();
                // Each produced breadcrumb (a producer's retry may have put a record in the stream
                // twice: check() tells those from the job's own duplicates by origin).
                assertThat(new TreeSet<>(ExpectedLake.lakeBreadcrumbs(r)))
                        .as("breadcrumbs")
                        .isEqualTo(new TreeSet<>(expected.breadcrumbs()));
                assertThat(v.lateProduced).isEqualTo(phase2.size() - phase1.size()).isPositive();
                assertThat(v.topkDuplicateRanks).isZero();
                assertThat(v.alertDuplicates).isZero();
                assertThat(v.speedingThings).isEqualTo(RescaleFleet.speederThings());
                assertThat(v.episodes).isEqualTo(RescaleFleet.expectedEpisodes());
            }
        }
    }

    private static JobClient run(KinesisLocal kinesis, Path lake, int parallelism, String savepoint)
            throws Exception {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        Map<String, String> source = new LinkedHashMap<>();
        source.put("stream", "rescale");
        source.put("endpoint", kinesis.httpEndpoint());
        source.put("region", KinesisLocal.REGION);
        source.put("access-key-id", KinesisLocal.ACCESS_KEY);
        source.put("secret-access-key", KinesisLocal.SECRET_KEY);
        source.put("initial-position", "TRIM_HORIZON");
        source.put("shard-discovery-interval", "500 ms");
        source.put("polling-interval", "100 ms");
        groups.put("Source.Kinesis", source);
        groups.put(
                "Lake",
                Map.of(
                        "path",
                        lake.toString(),
                        "compaction",
                        "true",
                        "compaction-interval",
                        "600 ms"));
        groups.put("Alerts", Map.of("rules", RescaleFleet.RULES));
        groups.put(
                "Job",
                Map.of(
                        "checkpoint-interval",
                        "300 ms",
                        "parallelism",
                        Integer.toString(parallelism)));
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        return env.executeAsync("kinesis-rescale-p" + parallelism);
    }

    private static long count(Path lake, String sql) {
        try (LakeReader r = new LakeReader(lake)) {
            return r.count(sql);
        } catch (SQLException e) {
            // No file of that table yet: DuckDB fails on the empty glob.
            return 0;
        }
    }

    private static void awaitUntil(String what, BooleanSupplier condition, Path lake) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String state;
                try (LakeReader r = new LakeReader(lake)) {
                    state = RescaleFleet.check(r).toString();
                } catch (SQLException e) {
                    state = e.toString();
                }
                assertThat(System.nanoTime())
                        .as("%s within %s; the lake: %s", what, AWAIT, state)
                        .isLessThan(deadline);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
