package io.fleetlake.job.topk;

import io.fleetlake.job.decode.DecodeAndRoute;
import io.fleetlake.job.eventtime.DecidedWatermark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Ranks a window's final item counts, keyed by (spec, window start): keeps the spec's K best in
 * keyed state (count descending, then item ascending, a total order, so ties are deterministic) and
 * emits them as {@link TopKRow}s with ranks 1..K when the watermark passes the window's end.
 *
 * <p>A window is ranked once: a count for a window at or behind the highest watermark this operator
 * acted on (kept across restores, {@link DecidedWatermark}) is dropped and counted as {@code
 * topkLateCounts}, so a restore at any parallelism never writes a (spec, window, rank) twice.
 */
public class TopKSelector extends KeyedProcessFunction<Tuple2<String, Long>, TopKCount, TopKRow>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final DecidedWatermark decided = new DecidedWatermark();
    private transient Counter late;

    /** Rank order: count descending, then item ascending. */
    static final Comparator<TopKCount> RANK_ORDER =
            Comparator.comparingLong((TopKCount c) -> -c.count).thenComparing(c -> c.item);

    private final Map<String, Integer> kBySpec = new HashMap<>();
    private transient ValueState<List<TopKCount>> best;

    public TopKSelector(List<TopKSpec> specs) {
        for (TopKSpec s : specs) {
            kBySpec.put(s.name, s.k);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        best =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "best",
                                        new ListTypeInfo<>(TypeInformation.of(TopKCount.class))));
        late =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup(DecodeAndRoute.METRIC_GROUP)
                        .counter("topkLateCounts");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        decided.initialize(context, "topk-rank-watermark");
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        decided.snapshot();
    }

    @Override
    public void processElement(TopKCount c, Context ctx, Collector<TopKRow> out) throws Exception {
        Integer k = kBySpec.get(c.spec);
        if (k == null) {
            // A spec removed from TopK.specs since the snapshot: its restored windows are not
            // ranked.
            return;
        }
        if (c.windowEnd - 1 <= decided.advance(ctx.timerService().currentWatermark())) {
            late.inc();
            return;
        }
        List<TopKCount> list = best.value();
        if (list == null) {
            list = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(c.windowEnd - 1);
        } else if (list.size() >= k && RANK_ORDER.compare(c, list.get(list.size() - 1)) >= 0) {
            return;
        }
        int at = Collections.binarySearch(list, c, RANK_ORDER);
        list.add(
                at < 0 ? -at - 1 : at,
                new TopKCount(c.spec, c.windowStart, c.windowEnd, c.item, c.count));
        if (list.size() > k) {
            list.remove(list.size() - 1);
        }
        best.update(list);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopKRow> out)
            throws Exception {
        decided.advance(ctx.timerService().currentWatermark());
        List<TopKCount> list = best.value();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                TopKCount c = list.get(i);
                out.collect(
                        new TopKRow(c.windowStart, c.windowEnd, c.spec, i + 1, c.item, c.count));
            }
        }
        best.clear();
    }
}
