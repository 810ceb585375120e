package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.HostilePayloads;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.tools.local.ProgressMetrics;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's fuzz run: 10,000 seeded hostile JSON lines ({@link HostilePayloads}) and a CSV file of
 * broken and valid rows through the whole job (file source, production lake sinks) on a MiniCluster
 * without restarts. The job finishes; every message is one row or one dead letter ({@code
 * messagesIn} = rows + dead letters, by the job's counters and by DuckDB); every valid reading and
 * breadcrumb lands; no row breaks the plausibility rules.
 */
class HostileInputFuzzITCase {
    private static final int PAYLOADS = 10_000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            FlinkTestCluster.extension(2, FlinkTestCluster.withProgressMetrics());

    @TempDir Path dir;

    @Test
    void hostileInputNeverFailsTheJobAndNothingImplausibleLands() throws Exception {
        List<HostilePayloads.Payload> payloads = new HostilePayloads(13).generate(PAYLOADS, 5);
        Path input = Files.createDirectories(dir.resolve("input"));
        try (OutputStream out =
                new BufferedOutputStream(Files.newOutputStream(input.resolve("hostile.jsonl")))) {
            for (HostilePayloads.Payload p : payloads) {
                out.write(p.bytes);
                out.write('\n');
            }
        }
        Map<String, Double> validCsv = new HashMap<>();
        int csvRows = writeCsv(input.resolve("historian.csv"), validCsv);

        Path lake = dir.resolve("lake");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Files", Map.of("path", input.toString()));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        groups.put("TopK", Map.of("enabled", "false"));
        ProgressMetrics.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        long started = System.currentTimeMillis();
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), started);
        // The test cluster has no restart strategy: any failure of the job fails execute().
        JobExecutionResult result = env.execute("hostile-input-fuzz");
        assertThat(result.getJobExecutionResult()).isNotNull();

        long messages = PAYLOADS + csvRows;
        assertThat(ProgressMetrics.total("messagesIn")).isEqualTo(messages);
        assertThat(
                        ProgressMetrics.total("readingsOut")
                                + ProgressMetrics.total("breadcrumbsOut")
                                + ProgressMetrics.total("deadLetters"))
                .as("one row or one dead letter per message")
                .isEqualTo(messages);
        assertThat(ProgressMetrics.total("deadLetters_unexpected")).as("no decoder bug").isZero();

        try (LakeReader r = new LakeReader(lake)) {
            long readings = r.count("SELECT count(*) FROM {readings}");
            long breadcrumbs = r.count("SELECT count(*) FROM {breadcrumbs}");
            long deadLetters = r.count("SELECT count(*) FROM {dead_letter}");
            assertThat(readings + breadcrumbs + deadLetters)
                    .as("what the lake holds")
                    .isEqualTo(messages);
            assertThat(readings).isEqualTo(ProgressMetrics.total("readingsOut"));

            // Every valid reading and breadcrumb of the mix landed, with its value.
            Map<String, Double> expectedReadings = new HashMap<>(validCsv);
            List<String> expectedCrumbs = new ArrayList<>();
            for (HostilePayloads.Payload p : payloads) {
                if (p.isValid() && p.breadcrumb) {
                    expectedCrumbs.add(p.validId);
                } else if (p.isValid()) {
                    expectedReadings.put(p.validId, p.temperature);
                }
            }
            Map<String, Double> landed = new HashMap<>();
            for (Map<String, Object> row :
                    r.query("SELECT device_id, temperature FROM {readings}")) {
                landed.put((String) row.get("device_id"), (Double) row.get("temperature"));
            }
            assertThat(landed).containsAllEntriesOf(expectedReadings);
            assertThat(
                            r.query("SELECT thing_name FROM {breadcrumbs}").stream()
                                    .map(m -> m.get("thing_name"))
                                    .collect(Collectors.toList()))
                    .containsAll(expectedCrumbs);
            assertThat(expectedReadings.size() + expectedCrumbs.size())
                    .as("valid readings in the mix")
                    .isGreaterThan(PAYLOADS / 5);

            // No row breaks the rules.
            Timestamp min = Timestamp.from(Instant.parse("2000-01-01T00:00:00Z"));
            Timestamp max = new Timestamp(System.currentTimeMillis() + 86_400_000L);
            for (String table : new String[] {"readings", "breadcrumbs"}) {
                assertThat(
                                r.count(
                                        "SELECT count(*) FROM {"
                                                + table
                                                + "} WHERE event_time < TIMESTAMP '"
                                                + min
                                                + "' OR event_time > TIMESTAMP '"
                                                + max
                                                + "'"))
                        .as(table + " event times")
                        .isZero();
                assertThat(
                                r.count(
                                        "SELECT count(*) FROM {"
                                                + table
                                                + "} WHERE contains(coalesce(device_id, ''), '\uFFFD') "
                                                + "OR contains(coalesce(thing_name, ''), '\uFFFD') OR contains(coalesce(topic, ''), '\uFFFD')"))
                        .as(table + " identifiers")
                        .isZero();
                assertThat(
                                r.count(
                                        "SELECT count(*) FROM {"
                                                + table
                                                + "} WHERE length(coalesce(device_id, '')) > 4096 "
                                                + "OR length(coalesce(thing_name, '')) > 4096 OR length(coalesce(topic, '')) > 4096"))
                        .isZero();
            }
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {readings} WHERE coalesce(list_max(list_transform("
                                            + "map_values(attributes), v -> length(v))), 0) > 4096"))
                    .as("attribute lengths")
                    .isZero();
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {readings} WHERE coalesce(list_bool_or(list_transform("
                                            + "map_values(measures), v -> isnan(v) OR isinf(v))), false)"))
                    .as("finite measures")
                    .isZero();
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {breadcrumbs} WHERE abs(lat) > 90 OR abs(lon) > 180 "
                                            + "OR isnan(lat) OR isnan(lon)"))
                    .as("positions")
                    .isZero();

            // The new reasons all occur, and a too-large message keeps only its first bytes.
            List<Object> reasons =
                    r.query("SELECT DISTINCT reason_code FROM {dead_letter}").stream()
                            .map(m -> m.get("reason_code"))
                            .collect(Collectors.toList());
            assertThat(reasons)
                    .contains(
                            "implausible_time",
                            "bad_encoding",
                            "too_large",
                            "bad_timestamp",
                            "no_timestamp",
                            "not_json",
                            "bad_position",
                            "bad_csv",
                            "no_position_or_measure");
            assertThat(
                            r.count(
                                    "SELECT max(length(payload)) FROM {dead_letter} WHERE reason_code = 'too_large' "
                                            + "AND reason LIKE '%larger than Job.max-message-bytes%'"))
                    .isBetween(1L, 4096L);
        }
    }

    /**
     * A historian export: valid rows (returned by device id), and rows broken every way a CSV row
     * can be.
     */
    private static int writeCsv(Path file, Map<String, Double> valid) throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write("device_id,temperature,timestamp,note\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 300; i++) {
                String id = "csv" + i;
                double t = rnd.nextInt(-300, 500) / 10.0;
                byte[] line;
                switch (i % 6) {
                    case 0:
                        valid.put(id, t);
                        line =
                                (id
                                                + ","
                                                + t
                                                + ",2025-06-01 10:00:"
                                                + String.format("%02d", i % 60)
                                                + ",\"ok, fine\"")
                                        .getBytes(StandardCharsets.UTF_8);
                        break;
                    case 1:
                        line = (id + "," + t).getBytes(StandardCharsets.UTF_8); // too few columns
                        break;
                    case 2:
                        line =
                                (id + "," + t + ",\"2025-06-01 10:00:00,unclosed")
                                        .getBytes(StandardCharsets.UTF_8);
                        break;
                    case 3:
                        line =
                                new byte[] {
                                    'd', (byte) 0xE9, ',', '1', ',', '2', '0', '2', '5', ',', 'x'
                                };
                        break;
                    case 4:
                        line =
                                (id + "," + t + ",1850-01-01 00:00:00,old")
                                        .getBytes(StandardCharsets.UTF_8);
                        break;
                    default:
                        line = (id + "," + t + ",,no time").getBytes(StandardCharsets.UTF_8);
                        break;
                }
                out.write(line);
                out.write('\n');
                rows++;
            }
        }
        return rows;
    }
}
