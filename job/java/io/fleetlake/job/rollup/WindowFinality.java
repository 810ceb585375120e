package io.fleetlake.job.rollup;

import io.fleetlake.job.decode.DecodeAndRoute;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;

/**
 * When a rollup window of a key is final, shared by the rollup operators: a window [start, end) is
 * final once the watermark reaches {@code end - 1 + allowedLateness} (its timer), or once a window
 * of the key ending at or after {@code end} was emitted. The highest emitted window end is keyed
 * state, so a restore (whose watermark starts again from nothing) never emits a window twice.
 * Records for a final window are counted as {@code rollupLateEvents} and left out; the raw tables
 * still have them.
 */
final class WindowFinality implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Name of the counter of records that came too late for their rollup window. */
    static final String LATE_EVENTS = "rollupLateEvents";

    private final long sizeMs;
    private final long latenessMs;

    private transient ValueState<Long> emittedUpTo;
    private transient Counter late;

    WindowFinality(long sizeMs, long latenessMs) {
        if (sizeMs <= 0 || latenessMs < 0) {
            throw new IllegalArgumentException("window must be positive and lateness not negative");
        }
        this.sizeMs = sizeMs;
        this.latenessMs = latenessMs;
    }

    void open(RuntimeContext ctx) {
        emittedUpTo = ctx.getState(new ValueStateDescriptor<>("emitted-window-end", Types.LONG));
        late = ctx.getMetricGroup().addGroup(DecodeAndRoute.METRIC_GROUP).counter(LATE_EVENTS);
    }

    long size() {
        return sizeMs;
    }

    /** Start of the window holding {@code time}. */
    long windowStart(long time) {
        return time - Math.floorMod(time, sizeMs);
    }

    /** The event-time timer that makes the window starting at {@code start} final. */
    long timerFor(long start) {
        return start + sizeMs - 1 + latenessMs;
    }

    /** Start of the window a timer at {@code timestamp} makes final. */
    long windowOfTimer(long timestamp) {
        return timestamp + 1 - latenessMs - sizeMs;
    }

    /**
     * True (and counted) when the window starting at {@code start} is final already for the current
     * key.
     */
    boolean isLate(long start, long watermark) throws Exception {
        Long emitted = emittedUpTo.value();
        boolean isLate =
                timerFor(start) <= watermark || (emitted != null && start + sizeMs <= emitted);
        if (isLate) {
            late.inc();
        }
        return isLate;
    }

    /** Records that the window starting at {@code start} was emitted. */
    void emitted(long start) throws Exception {
        Long emitted = emittedUpTo.value();
        long end = start + sizeMs;
        if (emitted == null || end > emitted) {
            emittedUpTo.update(end);
        }
    }
}
