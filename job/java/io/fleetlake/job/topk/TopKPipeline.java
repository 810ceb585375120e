package io.fleetlake.job.topk;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableConfig;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * TOP-K on Flink SQL: the enriched breadcrumb and reading streams become the {@code breadcrumbs_input} /
 * {@code readings_input} tables (event time = the stream's timestamps and watermarks), the views of
 * {@code sql/flink/topk_views.sql} sit on them, and each spec runs {@code sql/flink/topk_window.sql} — Flink's
 * Window Top-N, whose state per window is one counter per distinct item plus the top K, dropped when the window
 * fires. The results of all specs are one insert-only stream of {@link TopKRow}.
 */
public final class TopKPipeline {
    private TopKPipeline() {}

    static final TypeInformation<Row> BREADCRUMB_ROW = Types.ROW_NAMED(
            new String[] {"thing_name", "device_id", "topic", "geohash", "lat", "lon", "speed", "heading", "ignition",
                "address", "attributes", "origin"},
            Types.STRING, Types.STRING, Types.STRING, Types.STRING, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE,
            Types.STRING, Types.BOOLEAN, Types.STRING, Types.MAP(Types.STRING, Types.STRING), Types.STRING);

    static final TypeInformation<Row> READING_ROW = Types.ROW_NAMED(
            new String[] {"device_id", "thing_name", "topic", "temperature", "temperature_fahrenheit", "humidity",
                "pressure", "measures", "attributes", "origin"},
            Types.STRING, Types.STRING, Types.STRING, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE,
            Types.MAP(Types.STRING, Types.DOUBLE), Types.MAP(Types.STRING, Types.STRING), Types.STRING);

    /**
     * Adds the TOP-K queries; the inputs must carry event-time timestamps and watermarks.
     *
     * @return the ranked rows of every spec
     */
    public static DataStream<TopKRow> build(StreamExecutionEnvironment env, DataStream<Breadcrumb> breadcrumbs,
            DataStream<Reading> readings, List<TopKSpec> specs) {
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        TableConfig tc = tEnv.getConfig();
        // Windows are UTC hours/minutes, whatever the machine's zone.
        tc.setLocalTimeZone(ZoneOffset.UTC);

        Schema withRowtime = Schema.newBuilder()
                .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                .watermark("rowtime", "SOURCE_WATERMARK()")
                .build();
        DataStream<Row> breadcrumbRows = breadcrumbs.map(new BreadcrumbToRow()).returns(BREADCRUMB_ROW)
                .name("topk: breadcrumb rows").uid("topk-breadcrumb-rows");
        DataStream<Row> readingRows = readings.map(new ReadingToRow()).returns(READING_ROW)
                .name("topk: reading rows").uid("topk-reading-rows");
        tEnv.createTemporaryView("breadcrumbs_input", tEnv.fromDataStream(breadcrumbRows, withRowtime));
        tEnv.createTemporaryView("readings_input", tEnv.fromDataStream(readingRows, withRowtime));
        for (String view : TopKStatements.views()) {
            tEnv.executeSql(view);
        }

        Table all = null;
        for (TopKSpec spec : specs) {
            Table t = tEnv.sqlQuery(TopKStatements.query(spec));
            all = all == null ? t : all.unionAll(t);
        }
        return tEnv.toDataStream(all).map(new RowToTopK()).returns(TypeInformation.of(TopKRow.class))
                .name("topk: rows").uid("topk-rows");
    }

    /** Breadcrumb to the row of {@code breadcrumbs_input}. */
    static final class BreadcrumbToRow implements MapFunction<Breadcrumb, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row map(Breadcrumb b) {
            return Row.of(b.thingName, b.deviceId, b.topic, b.geohash, b.lat, b.lon, b.speed, b.heading, b.ignition,
                    b.address, b.attributes, b.origin);
        }
    }

    /** Reading to the row of {@code readings_input}. */
    static final class ReadingToRow implements MapFunction<Reading, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row map(Reading r) {
            return Row.of(r.deviceId, r.thingName, r.topic, r.temperature, r.temperatureFahrenheit, r.humidity,
                    r.pressure, r.measures, r.attributes, r.origin);
        }
    }

    /** A result row of the Window Top-N query to a {@link TopKRow}. */
    static final class RowToTopK implements MapFunction<Row, TopKRow> {
        private static final long serialVersionUID = 1L;

        @Override
        public TopKRow map(Row r) {
            return new TopKRow(utcMillis(r.getField("window_start")), utcMillis(r.getField("window_end")),
                    (String) r.getField("spec"), (Integer) r.getField("item_rank"), (String) r.getField("item"),
                    (Long) r.getField("item_count"));
        }

        private static long utcMillis(Object t) {
            return ((LocalDateTime) t).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }
}
