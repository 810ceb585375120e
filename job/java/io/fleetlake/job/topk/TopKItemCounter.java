package io.fleetlake.job.topk;

import io.fleetlake.job.decode.DecodeAndRoute;
import io.fleetlake.job.eventtime.DecidedWatermark;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The global half of TOP-K's local-global counting, keyed by (spec, window start, item): adds up
 * the partial counts of every subtask in keyed state and, when the watermark passes the window's
 * end (an event-time timer), sends the item's exact count on to the ranking and drops the state.
 *
 * <p>A closed window stays closed: a partial count for a window the watermark has already passed
 * (an idle subtask's, or any after a restore, when Flink restarts the watermark from the minimum)
 * is dropped and counted as {@code topkLateCounts}, never sent on as a second count. The highest
 * watermark acted on survives restores at any parallelism ({@link DecidedWatermark}).
 */
public class TopKItemCounter
        extends KeyedProcessFunction<Tuple3<String, Long, String>, TopKCount, TopKCount>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final DecidedWatermark decided = new DecidedWatermark();
    private transient ValueState<Long> count;
    private transient Counter late;

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        decided.initialize(context, "topk-count-items-watermark");
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        decided.snapshot();
    }

    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        late =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup(DecodeAndRoute.METRIC_GROUP)
                        .counter("topkLateCounts");
    }

    @Override
    public void processElement(TopKCount partial, Context ctx, Collector<TopKCount> out)
            throws Exception {
        if (partial.windowEnd - 1 <= decided.advance(ctx.timerService().currentWatermark())) {
            late.inc();
            return;
        }
        Long sum = count.value();
        if (sum == null) {
            sum = 0L;
            ctx.timerService().registerEventTimeTimer(partial.windowEnd - 1);
        }
        count.update(sum + partial.count);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopKCount> out)
            throws Exception {
        decided.advance(ctx.timerService().currentWatermark());
        Tuple3<String, Long, String> key = ctx.getCurrentKey();
        out.collect(new TopKCount(key.f0, key.f1, timestamp + 1, key.f2, count.value()));
        count.clear();
    }
}
