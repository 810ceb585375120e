package io.fleetlake.job.topk;

import io.fleetlake.job.decode.DecodeAndRoute;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts records that arrive behind the watermark (later than {@code TopK.allowed-lateness}) on
 * their way into the TOP-K windows, as {@code lateEvents}. They pass through unchanged: {@link
 * TopKLocalCounter} leaves them out of windows that already closed, and the lake tables, which do
 * not depend on watermarks, still store them.
 *
 * @param <T> the record type
 */
public class LateEventCounter<T> extends ProcessFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
        late =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup(DecodeAndRoute.METRIC_GROUP)
                        .counter("lateEvents");
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) {
        Long ts = ctx.timestamp();
        if (ts != null && ts < ctx.timerService().currentWatermark()) {
            late.inc();
        }
        out.collect(value);
    }
}
