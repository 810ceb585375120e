package io.fleetlake.tools.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB version of the {@code readings_1m_filled} view ({@link LakeQueries#FILLED_SQL}) on a
 * known series: observed minutes 10:00–10:02 (10, 11, 12), 10:05 (15), 10:21 (31), 10:22 (32);
 * maximum gap 10 minutes.
 */
class GapFillingTest {
    @TempDir Path dir;

    @Test
    void locfAndLinearInterpolationUpToTheMaximumGap() throws Exception {
        Path partition = dir.resolve("readings_1m/year=2025/month=06/day=01/hour=10");
        Files.createDirectories(partition);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            s.execute(
                    "COPY (SELECT 'dev-1' AS device_id, 'dev-1' AS thing_name, 'temperature' AS measure, "
                            + "TIMESTAMP '2025-06-01 10:00:00' + to_minutes(m) AS window_start, "
                            + "TIMESTAMP '2025-06-01 10:01:00' + to_minutes(m) AS window_end, 1::BIGINT AS samples, "
                            + "v AS min, v AS max, v AS sum, v AS avg, v AS first_value, v AS last_value, "
                            + "TIMESTAMP '2025-06-01 10:00:00' + to_minutes(m) AS first_time, "
                            + "TIMESTAMP '2025-06-01 10:00:00' + to_minutes(m) AS last_time "
                            + "FROM (VALUES (0, 10.0), (1, 11.0), (2, 12.0), (5, 15.0), (21, 31.0), (22, 32.0)) t(m, v) "
                            // Another series in the same file must not leak into this one.
                            + "UNION ALL SELECT 'dev-2', 'dev-2', 'temperature', TIMESTAMP '2025-06-01 10:03:00', "
                            + "TIMESTAMP '2025-06-01 10:04:00', 1, 99, 99, 99, 99, 99, 99, "
                            + "TIMESTAMP '2025-06-01 10:03:00', TIMESTAMP '2025-06-01 10:03:00') TO '"
                            + partition.resolve("part-0.parquet")
                            + "' (FORMAT PARQUET)");
        }
        List<Map<String, Object>> rows;
        try (LakeQueries q = new LakeQueries(dir.toString(), -15)) {
            rows =
                    q.filled(
                            "dev-1",
                            "temperature",
                            Instant.parse("2025-06-01T10:01:00Z"),
                            Instant.parse("2025-06-01T10:23:00Z"),
                            10);
        }
        assertThat(rows).hasSize(23);
        assertThat(rows.get(0).get("ts")).isEqualTo("2025-06-01T10:01:00.000Z");
        // minute offset from 10:01 -> (value, locf, interpolated)
        Object[][] expected = {
            {0, 11.0, 11.0, 11.0},
            {1, 12.0, 12.0, 12.0},
            {2, null, 12.0, 13.0},
            {3, null, 12.0, 14.0},
            {4, 15.0, 15.0, 15.0},
            {5, null, 15.0, null}, // 10:06: the gap to 10:21 is 16 minutes, beyond the maximum
            {14, null, 15.0, null}, // 10:15: 10 minutes after the last value, still carried
            {15, null, null, null}, // 10:16: 11 minutes: no value
            {20, 31.0, 31.0, 31.0},
            {21, 32.0, 32.0, 32.0},
            {22, null, 32.0, null} // 10:23: nothing after it to interpolate towards
        };
        for (Object[] e : expected) {
            Map<String, Object> row = rows.get((Integer) e[0]);
            check(row, "value", e[1]);
            check(row, "locf_value", e[2]);
            check(row, "interpolated_value", e[3]);
        }
    }

    private static void check(Map<String, Object> row, String column, Object expected) {
        Object actual = row.get(column);
        if (expected == null) {
            assertThat(actual).as(row + " " + column).isNull();
        } else {
            assertThat(((Number) actual).doubleValue())
                    .as(row + " " + column)
                    .isCloseTo((Double) expected, within(1e-9));
        }
    }
}
