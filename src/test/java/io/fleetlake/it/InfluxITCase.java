package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.sources.MessageSource;
import io.fleetlake.job.sources.SimulatorMessageSource;
import io.fleetlake.testing.FailOnce;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.InfluxServer;
import io.fleetlake.testing.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fleetlake job on the simulator with the {@code Influx} group, against a real InfluxDB 1.x
 * ({@link InfluxServer}), read back with InfluxQL and compared with the lake read by DuckDB: point
 * counts per field, every point's device, time and Fahrenheit, per-device sums, and a registry
 * attribute with a space and a comma as a tag. A second run fails once in the middle of the stream
 * and is restored from its checkpoint: every reading is in InfluxDB exactly once afterwards (the
 * replayed lines overwrite their own points).
 */
class InfluxITCase {
    static final String START = "2024-04-18T09:30:00Z";
    static final String SITE = "North Plant, Bay 3";
    static final long EVENTS = 2000;

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(4);

    @TempDir static Path dir;
    static InfluxServer influx;
    static Path registry;

    @BeforeAll
    static void start() throws Exception {
        influx = InfluxServer.start(dir.resolve("influxd"));
        influx.createDatabase("fleet");
        influx.createDatabase("restored");
        registry = dir.resolve("registry.jsonl");
        StringBuilder rows = new StringBuilder();
        for (int s = 0; s < 12; s++) {
            rows.append("{\"device_id\":\"")
                    .append(FleetSimulator.sensorId(s))
                    .append("\",\"site\":\"")
                    .append(s % 2 == 0 ? SITE : "South=Yard")
                    .append("\"}\n");
        }
        Files.writeString(registry, rows.toString());
    }

    @AfterAll
    static void stop() {
        if (influx != null) {
            influx.close();
        }
    }

    static FleetlakeConfig config(String database, Path lake) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put(
                "Source.Simulator",
                Map.of("events", Long.toString(EVENTS), "rate", "1.0", "start-time", START));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Registry", Map.of("path", registry.toString()));
        groups.put("TopK", Map.of("enabled", "false"));
        groups.put("Job", Map.of("checkpoint-interval", "300 ms", "parallelism", "2"));
        groups.put(
                "Influx",
                Map.of(
                        "url",
                        influx.url(),
                        "api",
                        "v1",
                        "database",
                        database,
                        "tag-attributes",
                        "site",
                        "measurement-breadcrumbs",
                        "position",
                        "max-batch-size",
                        "200",
                        "max-buffer-time",
                        "100 ms"));
        return FleetlakeConfig.of(groups);
    }

    @Test
    void readingsInInfluxDbEqualTheLakesReadings() throws Exception {
        Path lake = dir.resolve("lake");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, config("fleet", lake), System.currentTimeMillis());
        env.execute("influx-it");

        try (LakeReader r = new LakeReader(lake)) {
            long readings = r.count("SELECT count(*) FROM {readings}");
            assertThat(readings).isGreaterThan(500);
            assertSamePoints(r, "fleet");

            // SELECT count(*): one count per field, each equal to the lake's readings having that
            // measure.
            JsonNode counts = influx.series("fleet", "SELECT count(*) FROM reading").path(0);
            Map<String, Long> perField = new HashMap<>();
            for (int i = 1; i < counts.path("columns").size(); i++) {
                perField.put(
                        counts.path("columns").get(i).asText().substring("count_".length()),
                        counts.path("values").get(0).get(i).asLong());
            }
            assertThat(perField.get("temperature_fahrenheit"))
                    .isEqualTo(r.count("SELECT count(temperature_fahrenheit) FROM {readings}"));
            for (Map<String, Object> m :
                    r.query(
                            "SELECT k, count(*) AS n FROM (SELECT unnest(map_keys(measures)) "
                                    + "AS k FROM {readings}) GROUP BY k")) {
                assertThat(perField.get((String) m.get("k")))
                        .as("count of %s", m.get("k"))
                        .isEqualTo(((Number) m.get("n")).longValue());
            }

            // Per-device sums of temperature_fahrenheit.
            Map<String, Double> lakeSums = new HashMap<>();
            for (Map<String, Object> m :
                    r.query(
                            "SELECT device_id, sum(temperature_fahrenheit) AS s FROM {readings} "
                                    + "WHERE temperature_fahrenheit IS NOT NULL AND device_id IS NOT NULL GROUP BY device_id")) {
                lakeSums.put((String) m.get("device_id"), ((Number) m.get("s")).doubleValue());
            }
            assertThat(lakeSums).isNotEmpty();
            Map<String, Double> influxSums = new HashMap<>();
            for (JsonNode s :
                    influx.series(
                            "fleet",
                            "SELECT sum(temperature_fahrenheit) FROM reading "
                                    + "WHERE device_id <> '' GROUP BY device_id")) {
                influxSums.put(
                        s.path("tags").path("device_id").asText(),
                        s.path("values").get(0).get(1).asDouble());
            }
            assertThat(influxSums).containsOnlyKeys(lakeSums.keySet());
            lakeSums.forEach(
                    (d, sum) -> assertThat(influxSums.get(d)).as(d).isCloseTo(sum, within(1e-6)));

            // A tag value with a space and a comma, and one with an equals sign, round-trip.
            List<String> sites = new ArrayList<>();
            influx.rows("fleet", "SHOW TAG VALUES FROM reading WITH KEY = \"site\"")
                    .forEach(v -> sites.add(v.get(1).asText()));
            assertThat(sites).containsExactlyInAnyOrder(SITE, "South=Yard");
            JsonNode atSite =
                    influx.rows(
                                    "fleet",
                                    "SELECT count(temperature_fahrenheit) FROM reading "
                                            + "WHERE site = '"
                                            + SITE
                                            + "'")
                            .get(0);
            assertThat(atSite.get(1).asLong())
                    .isPositive()
                    .isEqualTo(
                            r.count(
                                    "SELECT count(temperature_fahrenheit) "
                                            + "FROM {readings} WHERE map_extract(attributes, 'site')[1] = '"
                                            + SITE
                                            + "'"));
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {dead_letter} WHERE reason_code = 'influx_rejected'"))
                    .isZero();

            // Breadcrumbs: one point each, same per-vehicle counts and latitude sums.
            Map<String, double[]> lakeCrumbs = new HashMap<>();
            for (Map<String, Object> m :
                    r.query(
                            "SELECT thing_name, count(*) AS n, sum(lat) AS s FROM {breadcrumbs} "
                                    + "GROUP BY thing_name")) {
                lakeCrumbs.put(
                        (String) m.get("thing_name"),
                        new double[] {
                            ((Number) m.get("n")).doubleValue(), ((Number) m.get("s")).doubleValue()
                        });
            }
            assertThat(lakeCrumbs).isNotEmpty();
            Map<String, double[]> influxCrumbs = new HashMap<>();
            for (JsonNode s :
                    influx.series(
                            "fleet",
                            "SELECT count(lat), sum(lat) FROM position GROUP BY thing_name")) {
                JsonNode v = s.path("values").get(0);
                influxCrumbs.put(
                        s.path("tags").path("thing_name").asText(),
                        new double[] {v.get(1).asDouble(), v.get(2).asDouble()});
            }
            assertThat(influxCrumbs).containsOnlyKeys(lakeCrumbs.keySet());
            lakeCrumbs.forEach(
                    (t, v) -> {
                        assertThat(influxCrumbs.get(t)[0]).as("%s count", t).isEqualTo(v[0]);
                        assertThat(influxCrumbs.get(t)[1])
                                .as("%s sum(lat)", t)
                                .isCloseTo(v[1], within(1e-6));
                    });
        }
    }

    @Test
    void afterARestoreMidStreamEveryReadingIsInInfluxDbExactlyOnce() throws Exception {
        Path lake = dir.resolve("lake-restored");
        FleetlakeConfig config = config("restored", lake);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restarts);
        FleetlakeJob.configure(env, config);
        FailOnce.reset();
        // Throttled, so that checkpoints complete before the failure and the stream goes on after
        // it.
        MessageSource simulator =
                new SimulatorMessageSource(
                        new FleetSimulator(42L, EventTimes.parse(START), 1.0, 30, 12, 0.002),
                        EVENTS,
                        600);
        MessageSource failing = FailOnce.after(simulator);
        new FleetlakeJob(
                        config,
                        List.of(failing),
                        // The Influx group is present: the job attaches InfluxOutput.
                        FleetlakeSinks.lake(FleetlakeApplication.lakeSinkFactory(config, null)))
                .addTo(env);
        env.execute("influx-restore-it");

        assertThat(FailOnce.FAILED.get()).as("the injected failure happened").isTrue();
        assertThat(FailOnce.CHECKPOINTS_BEFORE_FAILURE.get()).isGreaterThanOrEqualTo(2);
        try (LakeReader r = new LakeReader(lake)) {
            assertSamePoints(r, "restored");
        }
    }

    /**
     * Every point of measurement {@code reading} (tags device_id/thing_name, time,
     * temperature_fahrenheit) equals exactly one lake reading and the other way round.
     */
    static void assertSamePoints(LakeReader r, String database) throws Exception {
        assertSamePoints(influx, dir, r, database);
    }

    /** The same against {@code influx}, with a scratch file in {@code dir}. */
    static void assertSamePoints(InfluxServer influx, Path dir, LakeReader r, String database)
            throws Exception {
        List<JsonNode> points =
                influx.rows(
                        database,
                        "SELECT device_id, thing_name, temperature_fahrenheit FROM reading");
        Path csv = dir.resolve(database + "-points.csv");
        StringBuilder b = new StringBuilder();
        for (JsonNode p : points) {
            b.append(p.get(1).isNull() ? "" : p.get(1).asText())
                    .append(',')
                    .append(p.get(2).isNull() ? "" : p.get(2).asText())
                    .append(',')
                    .append(p.get(0).asLong())
                    .append(',')
                    .append(p.get(3).isNull() ? "" : Double.toString(p.get(3).asDouble()))
                    .append('\n');
        }
        Files.writeString(csv, b.toString());
        String lakeRows =
                "SELECT coalesce(device_id, '') AS d, coalesce(thing_name, '') AS t, epoch_ms(event_time) "
                        + "AS ts, temperature_fahrenheit AS f FROM {readings}";
        String influxRows =
                "SELECT coalesce(d, '') AS d, coalesce(t, '') AS t, ts, f FROM read_csv('"
                        + csv
                        + "', header=false, columns={'d':'VARCHAR','t':'VARCHAR','ts':'BIGINT','f':'DOUBLE'})";
        assertThat((long) points.size())
                .as("points in InfluxDB")
                .isEqualTo(r.count("SELECT count(*) FROM {readings}"));
        assertThat(r.count("SELECT count(*) FROM (" + lakeRows + " EXCEPT ALL " + influxRows + ")"))
                .isZero();
        assertThat(r.count("SELECT count(*) FROM (" + influxRows + " EXCEPT ALL " + lakeRows + ")"))
                .isZero();
    }
}
