package io.fleetlake.job.topk;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The global half of TOP-K's local-global counting, keyed by (spec, window start, item): adds up
 * the partial counts of every subtask in keyed state and, when the watermark passes the window's
 * end (an event-time timer), sends the item's exact count on to the ranking and drops the state.
 */
public class TopKItemCounter
        extends KeyedProcessFunction<Tuple3<String, Long, String>, TopKCount, TopKCount> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(TopKCount partial, Context ctx, Collector<TopKCount> out)
            throws Exception {
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
        Tuple3<String, Long, String> key = ctx.getCurrentKey();
        out.collect(new TopKCount(key.f0, key.f1, timestamp + 1, key.f2, count.value()));
        count.clear();
    }
}
