package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.tools.ddl.AthenaDdl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TOP-K end to end: the real job on files with registry enrichment, its {@code topk} table compared
 * with the same top-K computed by DuckDB over the lake's own rows (ties, a window boundary, a
 * registry-based filter, a readings attribute); and the Athena DDL checked against the Parquet
 * files the job wrote.
 */
class TopKITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    @TempDir static Path dir;
    static Path lake;
    static final long T0 = Instant.parse("2025-06-01T09:58:00Z").toEpochMilli();

    static final String SPECS =
            "["
                    + "{\"name\":\"active\",\"table\":\"breadcrumbs\",\"item\":\"thing_name\",\"k\":3,\"window\":\"60 s\"},"
                    + "{\"name\":\"cells\",\"table\":\"breadcrumbs\",\"item\":\"geohash\",\"k\":2,\"window\":\"120 s\"},"
                    + "{\"name\":\"speeders\",\"table\":\"breadcrumbs\",\"item\":\"thing_name\","
                    + "\"filter\":\"speed > COALESCE(speed_limit_kmh, 90)\",\"k\":5,\"window\":\"60 s\"},"
                    + "{\"name\":\"boundary\",\"table\":\"breadcrumbs\",\"item\":\"thing_name\","
                    + "\"filter\":\"thing_name = 'truck9'\",\"k\":1,\"window\":\"60 s\"},"
                    + "{\"name\":\"busy_sites\",\"table\":\"readings\",\"item\":\"location\",\"k\":2,\"window\":\"3600 s\"}]";

    @BeforeAll
    static void run() throws Exception {
        Random rnd = new Random(11);
        List<long[]> times = new ArrayList<>();
        StringBuilder crumbs = new StringBuilder();
        // 400 breadcrumbs over 5 minutes from 6 trucks with skewed activity; positions on a small
        // grid.
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int truck = Math.min(5, (int) Math.floor(Math.abs(rnd.nextGaussian()) * 2.2));
            long t = T0 + rnd.nextInt(300_000);
            double lat = 45.50 + 0.02 * rnd.nextInt(3);
            double lon = -122.70 + 0.03 * rnd.nextInt(2);
            int speed = 40 + rnd.nextInt(80);
            lines.add(
                    t
                            + "|"
                            + "{\"thingName\":\"truck"
                            + truck
                            + "\",\"lat\":"
                            + lat
                            + ",\"lon\":"
                            + lon
                            + ",\"speed\":\""
                            + speed
                            + "\",\"ts\":"
                            + t
                            + "}");
        }
        // Exactly on a window boundary: belongs to the window starting there.
        long boundary = Instant.parse("2025-06-01T10:00:00Z").toEpochMilli();
        lines.add(
                boundary
                        + "|{\"thingName\":\"truck9\",\"lat\":45.5,\"lon\":-122.7,\"speed\":120,\"ts\":"
                        + boundary
                        + "}");
        lines.sort(
                (a, b) ->
                        Long.compare(
                                Long.parseLong(a.split("\\|")[0]),
                                Long.parseLong(b.split("\\|")[0])));
        for (String l : lines) {
            crumbs.append(l.substring(l.indexOf('|') + 1)).append('\n');
        }
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/breadcrumbs.jsonl"), crumbs.toString());

        StringBuilder csv = new StringBuilder("device_id,location,temperature,timestamp\n");
        String[] sites = {"site-a", "site-b", "site-b", "site-c", "site-c", "site-a"};
        for (int i = 0; i < 90; i++) {
            long t = T0 + i * 3000L;
            csv.append("pump")
                    .append(i % 4)
                    .append(',')
                    .append(sites[(i * 7) % sites.length])
                    .append(',')
                    .append(20 + i % 5)
                    .append(',')
                    .append(Instant.ofEpochMilli(t))
                    .append('\n');
        }
        Files.writeString(dir.resolve("in/readings.csv"), csv.toString());
        Path registry = dir.resolve("registry.jsonl");
        Files.writeString(
                registry,
                "{\"thing_name\":\"truck0\",\"speed_limit_kmh\":60,\"vehicle_type\":\"reefer\"}\n"
                        + "{\"thing_name\":\"truck1\",\"speed_limit_kmh\":100}\n");

        lake = dir.resolve("lake");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Files", Map.of("path", dir.resolve("in").toString()));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        groups.put("Registry", Map.of("path", registry.toString()));
        groups.put("TopK", Map.of("specs", SPECS));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        env.execute("topk-it");
    }

    @Test
    void everySpecMatchesDuckDbOverTheLakeRows() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            assertThat(r.count("SELECT count(*) FROM {breadcrumbs}")).isEqualTo(401);
            assertSame(r, "active", "{breadcrumbs}", "thing_name", "TRUE", 3, 60);
            assertSame(r, "cells", "{breadcrumbs}", "geohash", "TRUE", 2, 120);
            assertSame(
                    r,
                    "speeders",
                    "{breadcrumbs}",
                    "thing_name",
                    "speed > COALESCE(TRY_CAST(map_extract(attributes, 'speed_limit_kmh')[1] AS DOUBLE), 90)",
                    5,
                    60);
            assertSame(
                    r,
                    "busy_sites",
                    "{readings}",
                    "map_extract(attributes, 'location')[1]",
                    "TRUE",
                    2,
                    3600);

            // The boundary event opened the 10:00 window, and ties rank by item ascending.
            assertThat(
                            r.query(
                                    "SELECT window_start, window_end, rank, item_count FROM {topk} WHERE spec = 'boundary'"))
                    .singleElement()
                    .satisfies(
                            row -> {
                                assertThat(row.get("window_start"))
                                        .hasToString("2025-06-01 10:00:00.0");
                                assertThat(row.get("window_end"))
                                        .hasToString("2025-06-01 10:01:00.0");
                                assertThat(row.get("item_count")).isEqualTo(1L);
                            });
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {topk} a JOIN {topk} b ON a.spec = b.spec "
                                            + "AND a.window_start = b.window_start AND a.rank + 1 = b.rank "
                                            + "WHERE a.item_count = b.item_count"))
                    .as("some ties exist in the data")
                    .isPositive();
            // partitioned by window_start hour
            assertThat(r.count("SELECT count(*) FROM {topk} WHERE hour <> hour(window_start)"))
                    .isZero();
        }
    }

    @Test
    void registryAttributesAreInBothTables() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {breadcrumbs} WHERE thing_name = 'truck0' AND "
                                            + "map_extract(attributes, 'vehicle_type')[1] = 'reefer'"))
                    .isEqualTo(
                            r.count(
                                    "SELECT count(*) FROM {breadcrumbs} WHERE thing_name = 'truck0'"));
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {breadcrumbs} WHERE geohash IS NULL OR length(geohash) <> 6"))
                    .isZero();
        }
    }

    @Test
    void athenaDdlMatchesTheParquetFiles() throws Exception {
        Map<String, String> duckToHive =
                Map.of(
                        "VARCHAR",
                        "string",
                        "DOUBLE",
                        "double",
                        "BIGINT",
                        "bigint",
                        "INTEGER",
                        "int",
                        "BOOLEAN",
                        "boolean",
                        "TIMESTAMP",
                        "timestamp",
                        "MAP(VARCHAR, DOUBLE)",
                        "map<string,double>",
                        "MAP(VARCHAR, VARCHAR)",
                        "map<string,string>");
        try (LakeReader r = new LakeReader(lake)) {
            for (String table :
                    new String[] {
                        LakeTables.READINGS,
                        LakeTables.BREADCRUMBS,
                        LakeTables.DEAD_LETTER,
                        LakeTables.TOPK
                    }) {
                String committed = Files.readString(Path.of("sql/athena/" + table + ".sql"));
                assertThat(committed)
                        .as("sql/athena is regenerated (./fleetlake athena-ddl sql/athena)")
                        .isEqualTo(
                                AthenaDdl.ddl(
                                        LakeTables.all().stream()
                                                .filter(s -> s.tableName().equals(table))
                                                .findFirst()
                                                .orElseThrow()));
                Map<String, String> ddl = ddlColumns(committed);
                Map<String, String> files = new LinkedHashMap<>();
                if (table.equals(LakeTables.DEAD_LETTER) && !Files.exists(lake.resolve(table))) {
                    continue;
                }
                for (Map<String, Object> c :
                        r.query(
                                "DESCRIBE SELECT * FROM read_parquet('"
                                        + lake.resolve(table)
                                        + "/**/*.parquet', hive_partitioning = 0)")) {
                    String type = (String) c.get("column_type");
                    files.put((String) c.get("column_name"), duckToHive.getOrDefault(type, type));
                }
                assertThat(files).as(table).containsExactlyEntriesOf(ddl);
            }
        }
    }

    static Map<String, String> ddlColumns(String ddl) {
        Map<String, String> cols = new LinkedHashMap<>();
        String body = ddl.substring(ddl.indexOf("` (\n") + 4, ddl.indexOf("\n)\nPARTITIONED BY"));
        Matcher m =
                Pattern.compile("^\\s*`([a-z_]+)` ([a-z<>,]+)", Pattern.MULTILINE).matcher(body);
        while (m.find()) {
            cols.put(m.group(1), m.group(2));
        }
        return cols;
    }

    private static void assertSame(
            LakeReader r,
            String spec,
            String table,
            String item,
            String filter,
            int k,
            int windowSeconds)
            throws Exception {
        String expectedSql =
                "WITH w AS (SELECT time_bucket(INTERVAL '"
                        + windowSeconds
                        + " seconds', event_time) AS ws, "
                        + "CAST("
                        + item
                        + " AS VARCHAR) AS item, count(*) AS c FROM "
                        + table
                        + " WHERE "
                        + filter
                        + " AND "
                        + item
                        + " IS NOT NULL GROUP BY 1, 2), "
                        + "ranked AS (SELECT ws, item, c, row_number() OVER (PARTITION BY ws ORDER BY c DESC, item ASC) AS rk "
                        + "FROM w) SELECT strftime(ws, '%H:%M:%S') || ' #' || rk || ' ' || item || ' ' || c AS row "
                        + "FROM ranked WHERE rk <= "
                        + k;
        Set<String> expected = rows(r, expectedSql);
        Set<String> actual =
                rows(
                        r,
                        "SELECT strftime(window_start, '%H:%M:%S') || ' #' || rank || ' ' || item || ' ' "
                                + "|| item_count AS row FROM {topk} WHERE spec = '"
                                + spec
                                + "' "
                                + "AND window_end - window_start = INTERVAL '"
                                + windowSeconds
                                + " seconds'");
        assertThat(expected).as(spec + " has results").isNotEmpty();
        assertThat(actual).as(spec).isEqualTo(expected);
    }

    private static Set<String> rows(LakeReader r, String sql) throws Exception {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> row : r.query(sql)) {
            out.add((String) row.get("row"));
        }
        return out;
    }
}
