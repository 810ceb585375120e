package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.topk.TopKColumns;
import io.fleetlake.job.topk.TopKExpression;
import io.fleetlake.job.topk.TopKPipeline;
import io.fleetlake.job.topk.TopKRow;
import io.fleetlake.job.topk.TopKSpec;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.TopKGenerator;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TOP-K checked against Flink SQL, the language its specs are written in: generated items and
 * filters ({@link TopKGenerator}: every documented operator and function, over every column of both
 * tables) evaluated by {@link TopKExpression} and by the Flink SQL planner over the same generated
 * rows must give the same value for every row; and generated specs run through the TOP-K operators
 * ({@link TopKPipeline}) and through Flink SQL's Window Top-N (window TVF, {@code COUNT(*)}, {@code
 * ROW_NUMBER()} over the window) must rank the same items with the same counts. The SQL side sees
 * the tables through the views Fleetlake's specs were first written against (registry attributes as
 * typed columns, {@code TRY_CAST} for the numeric ones).
 */
class TopKSqlDifferentialITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long[] SEEDS = {1, 2};

    /** The row type of {@code breadcrumbs_input}: an id, then the record's fields. */
    static final TypeInformation<Row> BREADCRUMB_ROW =
            Types.ROW_NAMED(
                    new String[] {
                        "id",
                        "thing_name",
                        "device_id",
                        "topic",
                        "geohash",
                        "lat",
                        "lon",
                        "speed",
                        "heading",
                        "ignition",
                        "address",
                        "attributes",
                        "origin"
                    },
                    Types.INT,
                    Types.STRING,
                    Types.STRING,
                    Types.STRING,
                    Types.STRING,
                    Types.DOUBLE,
                    Types.DOUBLE,
                    Types.DOUBLE,
                    Types.STRING,
                    Types.BOOLEAN,
                    Types.STRING,
                    Types.MAP(Types.STRING, Types.STRING),
                    Types.STRING);

    /** The row type of {@code readings_input}. */
    static final TypeInformation<Row> READING_ROW =
            Types.ROW_NAMED(
                    new String[] {
                        "id", "device_id", "thing_name", "topic", "temperature",
                        "temperature_fahrenheit", "humidity", "pressure", "measures", "attributes",
                        "origin"
                    },
                    Types.INT,
                    Types.STRING,
                    Types.STRING,
                    Types.STRING,
                    Types.DOUBLE,
                    Types.DOUBLE,
                    Types.DOUBLE,
                    Types.DOUBLE,
                    Types.MAP(Types.STRING, Types.DOUBLE),
                    Types.MAP(Types.STRING, Types.STRING),
                    Types.STRING);

    static final String REGISTRY_COLUMNS =
            "attributes['model'] AS `model`, attributes['owner'] AS `owner`,"
                    + " attributes['vehicle_type'] AS `vehicle_type`,"
                    + " TRY_CAST(attributes['speed_limit_kmh'] AS DOUBLE) AS `speed_limit_kmh`,"
                    + " TRY_CAST(attributes['max_temp_c'] AS DOUBLE) AS `max_temp_c`";

    static final String BREADCRUMBS_VIEW =
            "CREATE TEMPORARY VIEW breadcrumbs AS SELECT id, thing_name, device_id, topic, geohash,"
                    + " lat, lon, speed, heading, ignition, address, attributes, origin, "
                    + REGISTRY_COLUMNS
                    + ", rowtime FROM breadcrumbs_input";

    static final String READINGS_VIEW =
            "CREATE TEMPORARY VIEW readings AS SELECT id, device_id, thing_name, topic, temperature,"
                    + " temperature_fahrenheit, humidity, pressure, `measures`, attributes, origin,"
                    + " attributes['location'] AS `location`, "
                    + REGISTRY_COLUMNS
                    + ", rowtime FROM readings_input";

    /** The Window Top-N of one spec, as the TOP-K of Fleetlake 0.1 ran it. */
    static String windowTopN(TopKSpec s) {
        return "SELECT window_start, window_end, '"
                + s.name
                + "' AS spec, CAST(rownum AS INT) AS item_rank, item, item_count FROM ("
                + " SELECT window_start, window_end, item, item_count, ROW_NUMBER() OVER ("
                + "  PARTITION BY window_start, window_end ORDER BY item_count DESC, item ASC) AS rownum"
                + " FROM ("
                + "  SELECT window_start, window_end, CAST("
                + s.item
                + " AS STRING) AS item, COUNT(*) AS item_count"
                + "  FROM TABLE(TUMBLE(TABLE "
                + s.table
                + ", DESCRIPTOR(rowtime), INTERVAL '"
                + s.windowSeconds
                + "' SECOND(4)))"
                + "  WHERE ("
                + s.filter
                + ") AND ("
                + s.item
                + ") IS NOT NULL"
                + "  GROUP BY window_start, window_end, CAST("
                + s.item
                + " AS STRING)))"
                + " WHERE rownum <= "
                + s.k;
    }

    @Test
    void theSqlViewsHaveTheColumnsOfTopKColumns() throws Exception {
        try (Tables t = new Tables(List.of(), List.of())) {
            for (String table : new String[] {"breadcrumbs", "readings"}) {
                Set<String> sql =
                        new TreeSet<>(t.tEnv.from(table).getResolvedSchema().getColumnNames());
                sql.remove("id");
                sql.remove("rowtime");
                assertThat(sql).isEqualTo(new TreeSet<>(TopKColumns.of(table).keySet()));
            }
        }
    }

    @Test
    void generatedItemsAndFiltersEvaluateAsInFlinkSql() throws Exception {
        List<String> divergences = new ArrayList<>();
        int compared = 0;
        for (long seed : SEEDS) {
            for (String table : new String[] {"breadcrumbs", "readings"}) {
                TopKGenerator g = new TopKGenerator(table, seed);
                List<Breadcrumb> crumbs = new ArrayList<>();
                List<Reading> readings = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    crumbs.add(g.breadcrumb(T0 + i));
                    readings.add(g.reading(T0 + i));
                }
                List<String> items = new ArrayList<>();
                List<String> filters = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    items.add(g.item(3));
                    filters.add(g.filter(3));
                }
                List<?> records = table.equals("breadcrumbs") ? crumbs : readings;
                compared +=
                        compare(
                                table,
                                seed,
                                records,
                                crumbs,
                                readings,
                                items,
                                filters,
                                divergences);
            }
        }
        assertThat(divergences)
                .as(
                        "expressions where TopKExpression and Flink SQL differ (of %d values)",
                        compared)
                .isEmpty();
        assertThat(compared).isGreaterThan(50_000);
    }

    private int compare(
            String table,
            long seed,
            List<?> records,
            List<Breadcrumb> crumbs,
            List<Reading> readings,
            List<String> items,
            List<String> filters,
            List<String> divergences)
            throws Exception {
        Map<String, java.util.function.Function<Object, Object>> columns = TopKColumns.of(table);
        Map<Integer, Row> sqlRows = new HashMap<>();
        try (Tables t = new Tables(crumbs, readings)) {
            // What either side refuses is a divergence too (the generator writes valid Flink SQL).
            items.removeIf(e -> refused(t, table, "CAST(" + e + " AS STRING)", e, divergences));
            filters.removeIf(e -> refused(t, table, e, e, divergences));
            StringBuilder select = new StringBuilder("SELECT id");
            for (String item : items) {
                select.append(", CAST(").append(item).append(" AS STRING)");
            }
            for (String filter : filters) {
                select.append(", ").append(filter);
            }
            select.append(" FROM ").append(table);
            try (CloseableIterator<Row> it =
                    t.tEnv.sqlQuery(select.toString()).execute().collect()) {
                it.forEachRemaining(r -> sqlRows.put((Integer) r.getField(0), r));
            }
        }
        int compared = 0;
        for (int col = 0; col < items.size() + filters.size(); col++) {
            boolean isItem = col < items.size();
            String text = isItem ? items.get(col) : filters.get(col - items.size());
            TopKExpression<Object> e = TopKExpression.parse(text, columns);
            List<String> rows = new ArrayList<>();
            for (int id = 0; id < records.size(); id++) {
                Object expected = sqlRows.get(id).getField(col + 1);
                Object actual;
                try {
                    actual = isItem ? e.item(records.get(id)) : e.eval(records.get(id));
                    if (!isItem && e.test(records.get(id)) != Boolean.TRUE.equals(expected)) {
                        actual = "test() " + e.test(records.get(id));
                    }
                } catch (RuntimeException ex) {
                    actual = ex.toString();
                }
                compared++;
                if (!Objects.equals(expected, actual) && rows.size() < 2) {
                    rows.add(
                            "SQL "
                                    + show(expected)
                                    + " but "
                                    + show(actual)
                                    + " for "
                                    + records.get(id));
                }
            }
            if (!rows.isEmpty()) {
                divergences.add(
                        table
                                + " seed "
                                + seed
                                + ": "
                                + text
                                + "\n    "
                                + String.join("\n    ", rows));
            }
        }
        return compared;
    }

    private static boolean refused(
            Tables t, String table, String sql, String expression, List<String> divergences) {
        try {
            t.tEnv.sqlQuery("SELECT " + sql + " FROM " + table);
        } catch (RuntimeException e) {
            divergences.add("Flink SQL refuses " + expression + ": " + rootMessage(e));
            return true;
        }
        try {
            TopKExpression.parse(expression, TopKColumns.of(table));
        } catch (RuntimeException e) {
            divergences.add("TopKExpression refuses " + expression + ": " + e.getMessage());
            return true;
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static String show(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    @Test
    void generatedSpecsRankAsFlinkSqlWindowTopN() throws Exception {
        for (long seed : SEEDS) {
            List<TopKSpec> specs = new ArrayList<>();
            TopKGenerator gb = new TopKGenerator("breadcrumbs", seed);
            TopKGenerator gr = new TopKGenerator("readings", seed);
            long[] windows = {5, 20, 60};
            for (int i = 0; i < 16; i++) {
                boolean crumbs = i % 2 == 0;
                TopKGenerator g = crumbs ? gb : gr;
                // Plain columns and generated items; a third of the specs without a filter.
                String item = i < 4 ? (crumbs ? "thing_name" : "device_id") : g.item(2);
                String filter = i % 3 == 0 ? null : g.filter(2);
                specs.add(
                        new TopKSpec(
                                "s" + i,
                                crumbs ? "breadcrumbs" : "readings",
                                item,
                                filter,
                                1 + i % 5,
                                windows[i % 3]));
            }
            List<Breadcrumb> breadcrumbs = new ArrayList<>();
            List<Reading> readings = new ArrayList<>();
            // 3 minutes of input, several events per millisecond at times, in time order (no late
            // events: lateness has its own test, TopKWindowsITCase).
            for (int i = 0; i < 3000; i++) {
                long t = T0 + i * 60L + (i % 7 == 0 ? 0 : 1);
                breadcrumbs.add(gb.breadcrumb(t));
                readings.add(gr.reading(t));
            }
            Set<String> operators = new LinkedHashSet<>();
            Set<String> sql = new LinkedHashSet<>();
            try (Tables t = new Tables(breadcrumbs, readings)) {
                try (CloseableIterator<TopKRow> it =
                        TopKPipeline.build(t.breadcrumbs, t.readings, specs).executeAndCollect()) {
                    it.forEachRemaining(r -> operators.add(show(r)));
                }
            }
            try (Tables t = new Tables(breadcrumbs, readings)) {
                Table all = null;
                for (TopKSpec s : specs) {
                    Table q = t.tEnv.sqlQuery(windowTopN(s));
                    all = all == null ? q : all.unionAll(q);
                }
                try (CloseableIterator<Row> it = all.execute().collect()) {
                    it.forEachRemaining(r -> sql.add(show(r)));
                }
            }
            assertThat(sql).as("Window Top-N rows of seed %d", seed).hasSizeGreaterThan(100);
            assertThat(new TreeSet<>(operators))
                    .as("TOP-K rows of seed %d, specs %s", seed, specs)
                    .isEqualTo(new TreeSet<>(sql));
        }
    }

    private static String show(TopKRow r) {
        return r.spec
                + " "
                + (r.windowStart - T0)
                + ".."
                + (r.windowEnd - T0)
                + " #"
                + r.rank
                + " "
                + show(r.item)
                + " "
                + r.itemCount;
    }

    private static String show(Row r) {
        return show(
                new TopKRow(
                        utc(r.getField("window_start")),
                        utc(r.getField("window_end")),
                        (String) r.getField("spec"),
                        (Integer) r.getField("item_rank"),
                        (String) r.getField("item"),
                        (Long) r.getField("item_count")));
    }

    private static long utc(Object t) {
        return ((LocalDateTime) t).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /**
     * One environment with both tables: the records as event-time streams (timestamps and
     * watermarks, as in the job) and as the SQL tables and views.
     */
    static final class Tables implements AutoCloseable {
        final StreamExecutionEnvironment env;
        final StreamTableEnvironment tEnv;
        final DataStream<Breadcrumb> breadcrumbs;
        final DataStream<Reading> readings;

        Tables(List<Breadcrumb> crumbs, List<Reading> readingList) {
            env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            tEnv = StreamTableEnvironment.create(env);
            tEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
            breadcrumbs =
                    env.fromData(
                                    crumbs.isEmpty() ? List.of(new Breadcrumb()) : crumbs,
                                    TypeInformation.of(Breadcrumb.class))
                            .assignTimestampsAndWatermarks(
                                    WatermarkStrategy.<Breadcrumb>forMonotonousTimestamps()
                                            .withTimestampAssigner((b, ts) -> b.eventTime));
            readings =
                    env.fromData(
                                    readingList.isEmpty() ? List.of(new Reading()) : readingList,
                                    TypeInformation.of(Reading.class))
                            .assignTimestampsAndWatermarks(
                                    WatermarkStrategy.<Reading>forMonotonousTimestamps()
                                            .withTimestampAssigner((r, ts) -> r.eventTime));
            Schema withRowtime =
                    Schema.newBuilder()
                            .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                            .watermark("rowtime", "SOURCE_WATERMARK()")
                            .build();
            tEnv.createTemporaryView(
                    "breadcrumbs_input",
                    tEnv.fromDataStream(
                            breadcrumbs.map(new CrumbRow()).returns(BREADCRUMB_ROW), withRowtime));
            tEnv.createTemporaryView(
                    "readings_input",
                    tEnv.fromDataStream(
                            readings.map(new ReadingRow()).returns(READING_ROW), withRowtime));
            tEnv.executeSql(BREADCRUMBS_VIEW);
            tEnv.executeSql(READINGS_VIEW);
        }

        @Override
        public void close() {}
    }

    /** A breadcrumb to its row; its id is its time after {@link #T0}. */
    static final class CrumbRow implements MapFunction<Breadcrumb, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row map(Breadcrumb b) {
            return Row.of(
                    (int) (b.eventTime - T0),
                    b.thingName,
                    b.deviceId,
                    b.topic,
                    b.geohash,
                    b.lat,
                    b.lon,
                    b.speed,
                    b.heading,
                    b.ignition,
                    b.address,
                    b.attributes,
                    b.origin);
        }
    }

    /** A reading to its row, as {@link CrumbRow}. */
    static final class ReadingRow implements MapFunction<Reading, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row map(Reading r) {
            return Row.of(
                    (int) (r.eventTime - T0),
                    r.deviceId,
                    r.thingName,
                    r.topic,
                    r.temperature,
                    r.temperatureFahrenheit,
                    r.humidity,
                    r.pressure,
                    r.measures,
                    r.attributes,
                    r.origin);
        }
    }
}
