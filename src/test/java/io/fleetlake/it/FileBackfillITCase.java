package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job graph, production sources and sinks, on a file backfill: seed-shaped JSON lines, a
 * CSV historian export and malformed lines. The lake is read back with DuckDB and checked row by
 * row.
 */
class FileBackfillITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    @TempDir static Path dir;
    static Path lake;

    @BeforeAll
    static void runBackfill() throws Exception {
        // The shipped samples (README: local-stack/samples), with the CSV one directory deeper.
        Path samples = Path.of("local-stack/samples/input");
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.createDirectories(input.resolve("nested"));
        for (String f :
                new String[] {"shadow-documents.jsonl", "telemetry.jsonl", "malformed.jsonl"}) {
            Files.copy(samples.resolve(f), input.resolve(f));
        }
        Files.copy(samples.resolve("historian.csv"), input.resolve("nested/historian.csv"));
        Files.writeString(input.resolve("notes.txt"), "not an input file: skipped by suffix\n");

        lake = dir.resolve("lake");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Files", Map.of("path", dir.resolve("input").toString()));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        env.execute("file-backfill-it");
    }

    @Test
    void readingsHaveEveryRowWithFahrenheitAndPartitions() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            // shadow reefer 1 + telemetry 1 + measures 1 + array 3 + csv 3
            assertThat(r.count("SELECT count(*) FROM {readings}")).isEqualTo(9);
            assertThat(r.count("SELECT count(*) FROM {readings} WHERE device_id IS NULL")).isZero();

            Map<String, Object> s1 =
                    r.query("SELECT * FROM {readings} WHERE device_id='sensor1'").get(0);
            assertThat(s1.get("temperature")).isEqualTo(45.0);
            assertThat(s1.get("temperature_fahrenheit")).isEqualTo(113.0);
            assertThat(s1.get("humidity")).isEqualTo(40.0);
            assertThat(s1.get("topic")).isEqualTo("dt/sensor1/aggregate");
            assertThat(s1.get("event_time")).isEqualTo(Timestamp.valueOf("2024-04-18 09:04:35"));
            assertThat(List.of(s1.get("year"), s1.get("month"), s1.get("day"), s1.get("hour")))
                    .containsExactly(2024, 4, 18, 9);

            Map<String, Object> reefer =
                    r.query("SELECT * FROM {readings} WHERE thing_name='iotfleet_thc_122'").get(0);
            assertThat(reefer.get("device_id")).isEqualTo("iotfleet_thc_122");
            assertThat(reefer.get("temperature")).isEqualTo(-12.5);
            assertThat((Double) reefer.get("temperature_fahrenheit")).isCloseTo(9.5, within(1e-9));
            assertThat(reefer.get("hour")).isEqualTo(10);

            Map<String, Object> ruuvi =
                    r.query(
                                    "SELECT device_id, pressure, map_extract(measures, 'rssi')[1] AS rssi, "
                                            + "cardinality(measures) AS n, attributes FROM {readings} WHERE device_id='ruuvi7'")
                            .get(0);
            assertThat(ruuvi.get("pressure")).isEqualTo(101082.0);
            assertThat(ruuvi.get("rssi")).isEqualTo(-88.0);
            assertThat(((Number) ruuvi.get("n")).intValue())
                    .as("all 12 measures of the seed payload")
                    .isEqualTo(12);

            assertThat(
                            r
                                    .query(
                                            "SELECT temperature FROM {readings} WHERE device_id='AAABB' ORDER BY event_time")
                                    .stream()
                                    .map(m -> m.get("temperature"))
                                    .collect(Collectors.toList()))
                    .containsExactly(24.0, 24.2, 24.3);

            List<Map<String, Object>> csv =
                    r.query(
                            "SELECT device_id, temperature, temperature_fahrenheit, "
                                    + "map_extract(attributes, 'location')[1] AS location, map_extract(attributes, 'rowid')[1] AS rowid, hour, origin "
                                    + "FROM {readings} WHERE source='file' AND device_id LIKE 'pump%' ORDER BY event_time");
            assertThat(csv).hasSize(3);
            assertThat(csv.get(2).get("location")).isEqualTo("site b, hall 2");
            assertThat(csv.get(2).get("temperature_fahrenheit")).isEqualTo(23.0);
            assertThat(csv.get(2).get("hour")).isEqualTo(11);
            assertThat(csv.get(0).get("rowid")).isEqualTo("1");
            assertThat((String) csv.get(0).get("origin")).endsWith("nested/historian.csv:2");

            // Partition values agree with event_time for every row.
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {readings} WHERE year <> year(event_time) "
                                            + "OR month <> month(event_time) OR day <> day(event_time) OR hour <> hour(event_time)"))
                    .isZero();
        }
    }

    @Test
    void breadcrumbsConvertStringsAndKeepShadowVersion() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            List<Map<String, Object>> rows =
                    r.query("SELECT * FROM {breadcrumbs} ORDER BY thing_name");
            assertThat(rows).hasSize(3);
            assertThat(rows.get(2).get("ignition")).isEqualTo(true);
            assertThat(rows.get(2).get("shadow_version")).isEqualTo(12L);
            assertThat(rows.get(2).get("speed")).isEqualTo(38.5);
            Map<String, Object> b = rows.get(0);
            assertThat(b.get("thing_name")).isEqualTo("iotfleet_thc_121");
            assertThat(b.get("lat")).isEqualTo(45.53404355284516);
            assertThat(b.get("lon")).isEqualTo(-122.788986789);
            assertThat(b.get("speed")).isEqualTo(45.0);
            assertThat(b.get("ignition")).isEqualTo(true);
            assertThat(b.get("heading")).isEqualTo("S");
            assertThat(b.get("shadow_version")).isEqualTo(5L);
            assertThat(b.get("event_time"))
                    .isEqualTo(Timestamp.from(Instant.ofEpochSecond(1713432275)));
            assertThat(b.get("topic"))
                    .isEqualTo("$aws/things/iotfleet_thc_121/shadow/update/documents");
            assertThat(List.of(b.get("year"), b.get("month"), b.get("day"), b.get("hour")))
                    .containsExactly(2024, 4, 18, 9);
        }
    }

    @Test
    void malformedLinesAreInDeadLetterWithReasonAndOrigin() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            List<Map<String, Object>> rows =
                    r.query(
                            "SELECT reason_code, reason, origin, payload, source "
                                    + "FROM {dead_letter} ORDER BY origin");
            assertThat(rows)
                    .extracting(m -> m.get("reason_code"))
                    .containsExactlyInAnyOrder(
                            "not_json",
                            "not_an_object",
                            "not_json",
                            "no_position_or_measure",
                            "bad_timestamp",
                            "bad_csv");
            assertThat(rows).extracting(m -> m.get("source")).containsOnly("file");
            Map<String, Object> first =
                    rows.stream()
                            .filter(m -> ((String) m.get("origin")).endsWith("malformed.jsonl:1"))
                            .findFirst()
                            .orElseThrow();
            assertThat(first.get("payload")).isEqualTo("not json at all");
            assertThat((String) first.get("reason")).startsWith("not_json: ");
            Map<String, Object> csv =
                    rows.stream()
                            .filter(m -> "bad_csv".equals(m.get("reason_code")))
                            .findFirst()
                            .orElseThrow();
            assertThat((String) csv.get("origin")).endsWith("historian.csv:5");
            assertThat(csv.get("payload")).isEqualTo("pump2,site-b,4");
        }
    }

    @Test
    void tableFoldersHoldOnlyCommittedParquetFiles() throws Exception {
        for (String table : new String[] {"readings", "breadcrumbs", "dead_letter"}) {
            try (Stream<Path> files = Files.walk(lake.resolve(table))) {
                List<Path> regular =
                        files.filter(Files::isRegularFile).collect(Collectors.toList());
                assertThat(regular).isNotEmpty();
                assertThat(regular)
                        .allSatisfy(
                                p -> {
                                    // compacted-part-...: the merged files of FileSink's compaction
                                    // (Lake.compaction, default on).
                                    assertThat(p.getFileName().toString())
                                            .matches("(compacted-)?part-.*\\.parquet");
                                    assertThat(lake.resolve(table).relativize(p).toString())
                                            .matches(
                                                    "year=\\d{4}/month=\\d{2}/day=\\d{2}/hour=\\d{2}/(compacted-)?part-.*\\.parquet");
                                });
            }
        }
    }
}
