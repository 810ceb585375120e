package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running the same backfill twice leaves the lake with the same rows, and rows that were already in
 * the same partitions from elsewhere (here: appended by another input, standing in for streamed
 * data) stay untouched.
 */
class IdempotentBackfillITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    static void run(Path input, Path lake, String mode) throws Exception {
        FleetlakeConfig config =
                FleetlakeConfig.of(
                        Map.of(
                                "Source.Files",
                                        Map.of("path", input.toString(), "backfill-mode", mode),
                                "Lake", Map.of("path", lake.toString()),
                                "TopK", Map.of("enabled", "false"),
                                "Job",
                                        Map.of(
                                                "checkpoint-interval",
                                                "200 ms",
                                                "parallelism",
                                                "2")));
        FleetlakeApplication.run(
                StreamExecutionEnvironment.getExecutionEnvironment(),
                config,
                System.currentTimeMillis(),
                "backfill-" + mode);
    }

    static String reading(String device, int hour, int minute, double temperature) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"device_id\":\"%s\",\"temperature\":%s,\"timestamp\":\"2024-04-18T%02d:%02d:00Z\"}",
                device,
                temperature,
                hour,
                minute);
    }

    @Test
    void theSameBackfillTwiceGivesTheSameRowsAndKeepsOtherRows(@TempDir Path dir) throws Exception {
        Path lake = dir.resolve("lake");
        Path streamed = Files.createDirectories(dir.resolve("streamed"));
        Files.writeString(
                streamed.resolve("s.jsonl"),
                String.join("\n", reading("live1", 9, 1, 1.0), reading("live1", 10, 1, 2.0), ""));
        Path input = Files.createDirectories(dir.resolve("history"));
        Files.writeString(
                input.resolve("a.jsonl"),
                String.join(
                        "\n",
                        reading("pump1", 9, 5, 20.0),
                        reading("pump1", 9, 6, 21.0),
                        reading("pump2", 10, 7, 22.0),
                        reading("pump3", 11, 8, 23.0),
                        "not json",
                        ""));

        // Rows from another writer in the same hours: must survive every replace.
        run(streamed, lake, "append");
        run(input, lake, "replace");
        List<Map<String, Object>> first = rows(lake);
        long firstDead = count(lake, "dead_letter");
        run(input, lake, "replace");
        List<Map<String, Object>> second = rows(lake);

        assertThat(first).hasSize(6);
        assertThat(second).isEqualTo(first);
        assertThat(count(lake, "dead_letter")).isEqualTo(firstDead).isEqualTo(1);
        assertThat(second).filteredOn(r -> "live1".equals(r.get("device_id"))).hasSize(2);

        // Only the latest run's backfill files are in the tables; nothing of the staging area is
        // left.
        try (Stream<Path> files = Files.walk(lake.resolve("readings"))) {
            List<String> names =
                    files.filter(Files::isRegularFile)
                            .map(p -> p.getFileName().toString())
                            .filter(n -> n.contains("part-bf-"))
                            .collect(Collectors.toList());
            assertThat(names).isNotEmpty();
            // They are exactly the files of the published run's manifest (the previous run's are
            // gone).
            Path home;
            try (Stream<Path> inputs = Files.list(lake.resolve("_backfill"))) {
                home = inputs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            String published = Files.readString(home.resolve("CURRENT")).trim();
            List<String> manifest =
                    Files.readAllLines(home.resolve(published + ".manifest")).stream()
                            .filter(l -> l.startsWith("readings/"))
                            .map(l -> l.substring(l.lastIndexOf('/') + 1))
                            .collect(Collectors.toList());
            assertThat(names).containsExactlyInAnyOrderElementsOf(manifest);
        }
        try (Stream<Path> staged = Files.walk(lake.resolve("_backfill"))) {
            assertThat(
                            staged.filter(Files::isRegularFile)
                                    .map(Path::toString)
                                    .filter(p -> p.contains("/staging/")))
                    .isEmpty();
        }
    }

    private static List<Map<String, Object>> rows(Path lake) throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            return r.query(
                    "SELECT device_id, event_time, temperature, hour FROM {readings} "
                            + "ORDER BY device_id, event_time");
        }
    }

    private static long count(Path lake, String table) throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            return r.count("SELECT count(*) FROM {" + table + "}");
        }
    }
}
