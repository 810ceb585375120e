package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill whose files each hold one hour of event time ({@code slice-1.jsonl} … {@code
 * slice-12.jsonl}, as exports usually are), at parallelism 2: every hour reaches the event-time
 * outputs. Read in the file system's listing order, a file started after a later one was read was
 * behind the watermark as a whole, and its hours were missing from readings_1m (and alerts, TOP-K)
 * while present in readings; the file source now hands files out in path order.
 */
class TimeSlicedBackfillITCase {
    static final int HOURS = 12;
    static final int DEVICES = 5;
    static final long START = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    @TempDir static Path dir;
    static Path lake;

    @BeforeAll
    static void runBackfill() throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        DateTimeFormatter time =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
        // Written last hour first, so creation order does not happen to be time order either.
        for (int h = HOURS; h >= 1; h--) {
            StringBuilder lines = new StringBuilder();
            for (int m = 0; m < 60; m++) {
                for (int d = 0; d < DEVICES; d++) {
                    long t = START + (h - 1) * 3_600_000L + m * 60_000L + d * 1_000L;
                    lines.append(
                            String.format(
                                    java.util.Locale.ROOT,
                                    "{\"device_id\":\"sensor-%d\",\"temperature\":%.1f,"
                                            + "\"timestamp\":\"%s\"}%n",
                                    d,
                                    20.0 + m % 7,
                                    time.format(Instant.ofEpochMilli(t))));
                }
            }
            Files.writeString(input.resolve("slice-" + h + ".jsonl"), lines);
        }
        lake = dir.resolve("lake");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Files", Map.of("path", input.toString()));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        env.execute("time-sliced-backfill-it");
    }

    @Test
    void everyMinuteOfEveryFileIsRolledUp() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            assertThat(r.count("SELECT count(*) FROM {readings}"))
                    .isEqualTo((long) HOURS * 60 * DEVICES);
            assertThat(
                            r.count(
                                    "SELECT count(DISTINCT (device_id, window_start)) FROM"
                                            + " {readings_1m} WHERE measure = 'temperature'"))
                    .as("one temperature minute per device and minute of input, none late")
                    .isEqualTo((long) HOURS * 60 * DEVICES);
            assertThat(
                            r.count(
                                    "SELECT sum(samples) FROM {readings_1m} WHERE measure ="
                                            + " 'temperature'"))
                    .isEqualTo((long) HOURS * 60 * DEVICES);
            assertThat(r.count("SELECT count(*) FROM {readings_1h} WHERE measure = 'temperature'"))
                    .isEqualTo((long) HOURS * DEVICES);
        }
    }
}
