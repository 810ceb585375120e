package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.tools.local.ProgressMetrics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollup tables of the production job (simulator, parallelism 2, checkpoints every 500 ms, 20
 * minutes of event time across an hour and a day boundary) against DuckDB's own aggregation of the
 * raw tables it wrote: per (device, measure, minute) and per hour, samples, min and max exactly and
 * sum to DuckDB's rounding (its {@code sum} adds in no fixed order), and the sum exactly equal to
 * the exact (BigDecimal) sum of the raw values DuckDB reads; per vehicle and day, distance to 1e-6
 * km.
 */
class RollupsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            FlinkTestCluster.extension(2, FlinkTestCluster.withProgressMetrics());

    @TempDir static Path dir;
    static Path lake;
    static long late;

    /** Every numeric measure of the raw readings, one row each (temperature_fahrenheit too). */
    static final String RAW_MEASURES =
            "(SELECT device_id, e.key AS measure, event_time, e.value AS v FROM "
                    + "(SELECT device_id, event_time, unnest(map_entries(measures)) AS e FROM {readings} "
                    + "WHERE device_id IS NOT NULL) WHERE e.value IS NOT NULL AND isfinite(e.value) "
                    + "UNION ALL SELECT device_id, 'temperature_fahrenheit', event_time, temperature_fahrenheit "
                    + "FROM {readings} WHERE device_id IS NOT NULL AND temperature_fahrenheit IS NOT NULL)";

    @BeforeAll
    static void runTheJob() throws Exception {
        lake = dir.resolve("lake");
        ProgressMetrics.reset();
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put(
                "Source.Simulator",
                Map.of(
                        "events",
                        "6000",
                        "rate",
                        "5",
                        "start-time",
                        "2025-06-01T23:50:00Z",
                        "malformed-ratio",
                        "0.01"));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        env.execute("rollups-it");
        late = ProgressMetrics.total("rollupLateEvents");
    }

    @Test
    void minutesEqualDuckDbsAggregationOfTheRawReadings() throws Exception {
        assertSameStatistics("readings_1m", "1 minute");
    }

    @Test
    void hoursEqualDuckDbsAggregationOfTheRawReadings() throws Exception {
        assertSameStatistics("readings_1h", "1 hour");
    }

    @Test
    void hoursEqualDuckDbsAggregationOfTheMinutes() throws Exception {
        assertThat(late).isZero();
        try (LakeReader r = new LakeReader(lake)) {
            String fromMinutes =
                    "SELECT device_id, measure, time_bucket(INTERVAL '1 hour', window_start) AS window_start, "
                            + "sum(samples) AS samples, min(min) AS min, max(max) AS max, sum(sum) AS sum, "
                            + "min(first_time) AS first_time, max(last_time) AS last_time, "
                            + "arg_min(first_value, (first_time, first_value)) AS first_value, "
                            + "arg_max(last_value, (last_time, last_value)) AS last_value FROM "
                            + r.table("readings_1m")
                            + " GROUP BY ALL";
            String diff =
                    "SELECT * FROM ("
                            + fromMinutes
                            + ") m FULL JOIN "
                            + r.table("readings_1h")
                            + " h USING (device_id, measure, window_start) WHERE h.samples IS NULL "
                            + "OR m.samples IS NULL OR h.samples <> m.samples OR h.min <> m.min OR h.max <> m.max "
                            + "OR abs(h.sum - m.sum) > 1e-12 * greatest(1, abs(m.sum)) "
                            + "OR h.first_time <> m.first_time OR h.last_time <> m.last_time "
                            + "OR h.first_value <> m.first_value OR h.last_value <> m.last_value";
            assertThat(r.query(diff)).as("hours that differ from their minutes").isEmpty();
            assertThat(r.count("SELECT count(*) FROM " + r.table("readings_1h"))).isGreaterThan(20);
        }
    }

    private static void assertSameStatistics(String table, String bucket) throws Exception {
        assertThat(late).as("the simulator's data is on time").isZero();
        try (LakeReader r = new LakeReader(lake)) {
            String rollup = r.table(table);
            String expected =
                    "SELECT device_id, measure, time_bucket(INTERVAL '"
                            + bucket
                            + "', event_time) AS window_start, count(*) AS samples, min(v) AS min, "
                            + "max(v) AS max, sum(v) AS sum, list(v) AS vs FROM "
                            + RAW_MEASURES
                            + " GROUP BY ALL";
            String actual =
                    "SELECT device_id, measure, window_start, samples, min, max, sum FROM "
                            + rollup;
            long rows = r.count("SELECT count(*) FROM " + rollup);
            long groups = r.count("SELECT count(*) FROM (" + expected + ")");
            assertThat(rows).as(table + " rows").isEqualTo(groups).isGreaterThan(100);
            List<Map<String, Object>> joined =
                    r.query(
                            "SELECT e.device_id, e.measure, e.window_start, e.samples AS e_samples, "
                                    + "a.samples AS a_samples, e.min AS e_min, a.min AS a_min, e.max AS e_max, "
                                    + "a.max AS a_max, e.sum AS e_sum, a.sum AS a_sum, e.vs FROM ("
                                    + expected
                                    + ") e FULL JOIN ("
                                    + actual
                                    + ") a USING (device_id, measure, window_start)");
            assertThat(joined).hasSize((int) groups);
            for (Map<String, Object> row : joined) {
                String what =
                        table
                                + " "
                                + row.get("device_id")
                                + "/"
                                + row.get("measure")
                                + "@"
                                + row.get("window_start");
                assertThat(row.get("a_samples")).as(what).isEqualTo(row.get("e_samples"));
                assertThat(row.get("a_min")).as(what).isEqualTo(row.get("e_min"));
                assertThat(row.get("a_max")).as(what).isEqualTo(row.get("e_max"));
                double duck = (Double) row.get("e_sum");
                double sum = (Double) row.get("a_sum");
                assertThat(sum)
                        .as(what)
                        .isCloseTo(duck, within(1e-12 * Math.max(1, Math.abs(duck))));
                BigDecimal exact = BigDecimal.ZERO;
                for (Object v : (Object[]) ((java.sql.Array) row.get("vs")).getArray()) {
                    exact = exact.add(new BigDecimal((Double) v));
                }
                assertThat(sum)
                        .as(what + " exact sum")
                        // parseDouble rounds the exact decimal correctly (BigDecimal.doubleValue on
                        // Java 17 may not).
                        .isEqualTo(Double.parseDouble(exact.toPlainString()));
            }
            assertThat(r.count("SELECT count(DISTINCT measure) FROM " + rollup))
                    .isGreaterThanOrEqualTo(3);
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM "
                                            + rollup
                                            + " WHERE measure = 'temperature_fahrenheit'"))
                    .isPositive();
            // Window ends, averages, first/last values agree with the same rows too.
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM "
                                            + rollup
                                            + " WHERE window_end - window_start <> INTERVAL '"
                                            + bucket
                                            + "' OR avg <> sum / samples OR first_time > last_time "
                                            + "OR first_time < window_start OR last_time >= window_end "
                                            + "OR first_value NOT BETWEEN min AND max"))
                    .isZero();
        }
    }

    @Test
    void distancePerVehicleAndDayIsDuckDbsHaversineOverTheBreadcrumbs() throws Exception {
        assertThat(late).isZero();
        try (LakeReader r = new LakeReader(lake)) {
            String segments =
                    "SELECT thing_name, event_time, lat, lon, "
                            + "lag(lat) OVER w AS plat, lag(lon) OVER w AS plon FROM {breadcrumbs} "
                            + "WHERE thing_name IS NOT NULL "
                            + "WINDOW w AS (PARTITION BY thing_name ORDER BY event_time, lat, lon)";
            String haversine =
                    "2 * 6371.0088 * asin(sqrt(pow(sin(radians(lat - plat) / 2), 2) + cos(radians(plat)) "
                            + "* cos(radians(lat)) * pow(sin(radians(lon - plon) / 2), 2)))";
            List<Map<String, Object>> diff =
                    r.query(
                            "WITH expected AS (SELECT thing_name, CAST(event_time AS DATE) AS day, "
                                    + "sum(coalesce("
                                    + haversine
                                    + ", 0)) AS km, count(*) AS samples FROM ("
                                    + segments
                                    + ") GROUP BY ALL), actual AS (SELECT thing_name, "
                                    + "CAST(window_start AS DATE) AS day, sum(distance_km) AS km, sum(samples) AS samples "
                                    + "FROM "
                                    + r.table("breadcrumbs_1m")
                                    + " GROUP BY ALL) "
                                    + "SELECT * FROM expected FULL JOIN actual USING (thing_name, day) "
                                    + "WHERE actual.km IS NULL OR expected.km IS NULL "
                                    + "OR abs(actual.km - expected.km) > 1e-6 OR actual.samples <> expected.samples");
            assertThat(diff).as("vehicle-days whose distance differs").isEmpty();
            assertThat(r.count("SELECT count(DISTINCT day) FROM " + r.table("breadcrumbs_1m")))
                    .isEqualTo(2);
            assertThat(
                            ((Number)
                                            r.scalar(
                                                    "SELECT sum(distance_km) FROM "
                                                            + r.table("breadcrumbs_1m")))
                                    .doubleValue())
                    .isGreaterThan(10);
            // The simulator's speeders exceed the default 90 km/h rule.
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM "
                                            + r.table("breadcrumbs_1m")
                                            + " WHERE speeding_s > 0"))
                    .isPositive();
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM "
                                            + r.table("breadcrumbs_1m")
                                            + " WHERE moving_s > 60 OR speeding_s > moving_s"))
                    .isZero();
        }
    }
}
