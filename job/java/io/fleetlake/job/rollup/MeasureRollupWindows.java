package io.fleetlake.job.rollup;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tumbling event-time windows of one measure of one device (keyed by (device_id, measure)): merges
 * the incoming rollups, single samples or finer windows, into the window of their start, and emits
 * each window once, when it is final ({@link WindowFinality}). The minute rollup takes samples, the
 * hour rollup the minutes. State per key: the open windows' accumulators (dropped when emitted),
 * the highest emitted window end and the pending cleanup time; a series silent for the state
 * horizon is dropped entirely.
 */
public class MeasureRollupWindows
        extends KeyedProcessFunction<Tuple2<String, String>, MeasureRollup, MeasureRollup> {
    private static final long serialVersionUID = 1L;

    private final WindowFinality finality;

    private transient MapState<Long, MeasureRollup> open;

    /**
     * @param windowMs window length, ms
     * @param latenessMs how long after the watermark passes a window's end it stays open
     * @param horizonMs how long (event time) after its last window a silent series keeps its state;
     *     0: forever
     */
    public MeasureRollupWindows(long windowMs, long latenessMs, long horizonMs) {
        this.finality = new WindowFinality(windowMs, latenessMs, horizonMs);
    }

    @Override
    public void open(OpenContext openContext) {
        finality.open(getRuntimeContext());
        open =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "open-windows",
                                        Types.LONG,
                                        TypeInformation.of(MeasureRollup.class)));
    }

    @Override
    public void processElement(MeasureRollup in, Context ctx, Collector<MeasureRollup> out)
            throws Exception {
        long start = finality.windowStart(in.windowStart);
        if (in.windowEnd > start + finality.size()) {
            throw new IllegalArgumentException(
                    "rollup " + in + " does not fit a window of " + finality.size() + " ms");
        }
        if (finality.isLate(start, ctx.timerService().currentWatermark())) {
            return;
        }
        MeasureRollup w = open.get(start);
        if (w == null) {
            w = in.emptyWindow(start, start + finality.size());
            ctx.timerService().registerEventTimeTimer(finality.timerFor(start));
        }
        w.merge(in);
        open.put(start, w);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeasureRollup> out)
            throws Exception {
        long start = finality.windowOfTimer(timestamp);
        MeasureRollup w = start == Long.MIN_VALUE ? null : open.get(start);
        if (w != null) {
            w.seal();
            out.collect(w);
            open.remove(start);
            finality.emitted(start, ctx.timerService());
        }
        if (finality.expire(timestamp, !open.isEmpty(), ctx.timerService())) {
            open.clear();
        }
    }
}
