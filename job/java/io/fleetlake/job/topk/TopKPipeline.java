package io.fleetlake.job.topk;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * TOP-K as DataStream operators, exact per tumbling event-time window:
 *
 * <ol>
 *   <li>{@link TopKLocalCounter}, chained to the breadcrumb and reading streams (uids {@code
 *       topk-local-breadcrumbs}, {@code topk-local-readings}): filter, item and a partial count per
 *       (spec, window, item) before the shuffle;
 *   <li>{@link TopKItemCounter} keyed by (spec, window, item) ({@code topk-count-items}): the exact
 *       count, sent on when the watermark passes the window's end;
 *   <li>{@link TopKSelector} keyed by (spec, window) ({@code topk-rank}): the K best, as {@link
 *       TopKRow}s.
 * </ol>
 *
 * State per open window is one counter per distinct item plus the top K, dropped when the window
 * fires. No SQL planner is involved, so TOP-K adds nothing to job start-up.
 */
public final class TopKPipeline {
    /** Partial counts a local counter holds before sending them on early (bounds its heap). */
    static final int LOCAL_MAX_ENTRIES = 100_000;

    private static final TypeInformation<Tuple3<String, Long, String>> ITEM_KEY =
            Types.TUPLE(Types.STRING, Types.LONG, Types.STRING);
    private static final TypeInformation<Tuple2<String, Long>> WINDOW_KEY =
            Types.TUPLE(Types.STRING, Types.LONG);

    private TopKPipeline() {}

    /**
     * Adds the TOP-K operators; the inputs must carry event-time timestamps and watermarks.
     *
     * @return the ranked rows of every spec
     */
    public static DataStream<TopKRow> build(
            DataStream<Breadcrumb> breadcrumbs,
            DataStream<Reading> readings,
            List<TopKSpec> specs) {
        TypeInformation<TopKCount> countType = TypeInformation.of(TopKCount.class);
        List<TopKSpec> onBreadcrumbs = onTable(specs, "breadcrumbs");
        List<TopKSpec> onReadings = onTable(specs, "readings");
        DataStream<TopKCount> partial = null;
        if (!onBreadcrumbs.isEmpty()) {
            partial =
                    breadcrumbs
                            .transform(
                                    "topk: local counts (breadcrumbs)",
                                    countType,
                                    new TopKLocalCounter<Breadcrumb>(
                                            "breadcrumbs", onBreadcrumbs, LOCAL_MAX_ENTRIES))
                            .uid("topk-local-breadcrumbs");
        }
        if (!onReadings.isEmpty()) {
            DataStream<TopKCount> r =
                    readings.transform(
                                    "topk: local counts (readings)",
                                    countType,
                                    new TopKLocalCounter<Reading>(
                                            "readings", onReadings, LOCAL_MAX_ENTRIES))
                            .uid("topk-local-readings");
            partial = partial == null ? r : partial.union(r);
        }
        if (partial == null) {
            throw new IllegalArgumentException("no TOP-K specs");
        }
        return partial.keyBy(new ItemKey(), ITEM_KEY)
                .process(new TopKItemCounter(), countType)
                .name("topk: count items")
                .uid("topk-count-items")
                .keyBy(new WindowKey(), WINDOW_KEY)
                .process(new TopKSelector(specs), TypeInformation.of(TopKRow.class))
                .name("topk: rank")
                .uid("topk-rank");
    }

    private static List<TopKSpec> onTable(List<TopKSpec> specs, String table) {
        return specs.stream().filter(s -> s.table.equals(table)).collect(Collectors.toList());
    }

    /** (spec, window start, item). */
    static final class ItemKey implements KeySelector<TopKCount, Tuple3<String, Long, String>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple3<String, Long, String> getKey(TopKCount c) {
            return Tuple3.of(c.spec, c.windowStart, c.item);
        }
    }

    /** (spec, window start). */
    static final class WindowKey implements KeySelector<TopKCount, Tuple2<String, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<String, Long> getKey(TopKCount c) {
            return Tuple2.of(c.spec, c.windowStart);
        }
    }
}
