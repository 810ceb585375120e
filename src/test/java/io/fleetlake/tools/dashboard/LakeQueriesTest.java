package io.fleetlake.tools.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LakeQueries} on hand-made lakes: tables missing, the alerts table, uncommitted files
 * ignored.
 */
class LakeQueriesTest {
    @TempDir Path lake;

    @Test
    void anEmptyLakeAnswersWithNoRows() throws Exception {
        try (LakeQueries q = new LakeQueries(lake.toString(), -10)) {
            assertThat(q.positions(10)).isEmpty();
            assertThat(q.track("iotfleet_thc_100", 60)).isEmpty();
            assertThat(q.topkSpecs()).isEmpty();
            assertThat(q.topk("speeders")).isNull();
            assertThat(q.alerts(20)).isEmpty();
            Map<String, Object> d = q.deadLetters(60, 24);
            assertThat((List<?>) d.get("by_reason")).isEmpty();
            assertThat((List<?>) d.get("rows_per_hour")).isEmpty();
        }
    }

    @Test
    void alertsAreOpenOnesThenTheLatestClosedOnesAndOnlyCommittedFilesCount() throws Exception {
        Path partition = lake.resolve("alerts/year=2025/month=06/day=01/hour=10");
        Files.createDirectories(partition);
        String columns =
                "alert_id, rule, type, device_id, thing_name, state, opened_at, closed_at, duration_s, "
                        + "value, threshold, lat, lon, details";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            s.execute(
                    "CREATE TABLE a AS SELECT * FROM (VALUES "
                            // a1 opened, then closed: only its closed row shows
                            + "('a1', 'reefer_warm', 'threshold', 'd1', 'iotfleet_thc_100', 'open', TIMESTAMP '2025-06-01 10:00:00', NULL::TIMESTAMP, NULL::DOUBLE, -8.5, -10.0, 45.5, -122.6, MAP {'unit': 'C'}), "
                            + "('a1', 'reefer_warm', 'threshold', 'd1', 'iotfleet_thc_100', 'closed', TIMESTAMP '2025-06-01 10:00:00', TIMESTAMP '2025-06-01 10:05:00', 300.0, -8.5, -10.0, 45.5, -122.6, MAP {'unit': 'C'}), "
                            + "('a2', 'speeding', 'threshold', 'd2', 'iotfleet_thc_103', 'open', TIMESTAMP '2025-06-01 10:03:00', NULL, NULL, 118.0, 90.0, 45.4, -122.7, MAP {}), "
                            + "('a3', 'speeding', 'threshold', 'd3', 'iotfleet_thc_110', 'closed', TIMESTAMP '2025-06-01 10:01:00', TIMESTAMP '2025-06-01 10:02:00', 60.0, 101.0, 90.0, 45.4, -122.7, MAP {})"
                            + ") t("
                            + columns
                            + ")");
            s.execute(
                    "COPY (SELECT * FROM a) TO '"
                            + partition.resolve("part-0.parquet")
                            + "' (FORMAT PARQUET)");
            // In progress / waiting for compaction: never read.
            s.execute(
                    "COPY (SELECT * REPLACE ('x' || alert_id AS alert_id) FROM a) TO '"
                            + partition.resolve(".part-1.parquet.inprogress.parquet")
                            + "' (FORMAT PARQUET)");
            s.execute(
                    "COPY (SELECT * REPLACE ('y' || alert_id AS alert_id) FROM a) TO '"
                            + partition.resolve("_part-2.parquet")
                            + "' (FORMAT PARQUET)");
        }
        try (LakeQueries q = new LakeQueries(lake.toString(), -10)) {
            List<Map<String, Object>> alerts = q.alerts(20);
            assertThat(alerts)
                    .extracting(a -> a.get("alert_id") + " " + a.get("state"))
                    .containsExactly("a2 open", "a1 closed", "a3 closed");
            assertThat(alerts.get(1))
                    .containsEntry("opened_at", "2025-06-01T10:00:00.000Z")
                    .containsEntry("closed_at", "2025-06-01T10:05:00.000Z")
                    .containsEntry("duration_s", 300.0)
                    .containsEntry("details", "{unit=C}");
            assertThat(q.alerts(1)).extracting(a -> a.get("alert_id")).containsExactly("a2", "a1");
            assertThat(q.deadLetters(60, 24).get("rows_per_hour"))
                    .isEqualTo(
                            List.of(
                                    Map.of(
                                            "table",
                                            "alerts",
                                            "hour",
                                            "2025-06-01T10:00Z",
                                            "rows",
                                            4L)));
        }
    }
}
