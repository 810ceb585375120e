package io.fleetlake.job.rollup;

import io.fleetlake.job.decode.DecodeAndRoute;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * When a rollup window of a key is final, shared by the rollup operators: a window [start, end) is
 * final once the watermark reaches {@code end - 1 + allowedLateness} (its timer), or once a window
 * of the key ending at or after {@code end} was emitted. The highest emitted window end is keyed
 * state, so a restore (whose watermark starts again from nothing) never emits a window twice.
 * Records for a final window are counted as {@code rollupLateEvents} and left out; the raw tables
 * still have them.
 *
 * <p><b>Bounded state.</b> With a state horizon, a key that emitted nothing for that long (event
 * time after its last emitted window's end) and has no open window is retired: {@link #expire}
 * tells the operator to drop its state. One cleanup timer per key is pending at a time, moved
 * lazily when it fires, never one per window. After that the watermark alone decides finality (it
 * is past the horizon, so an old window is still late); only a restore followed by an event older
 * than the horizon could open a retired window again.
 */
final class WindowFinality implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Name of the counter of records that came too late for their rollup window. */
    static final String LATE_EVENTS = "rollupLateEvents";

    /** Name of the counter of keys whose state was dropped after the state horizon. */
    static final String RETIRED_KEYS = "rollupRetiredKeys";

    private final long sizeMs;
    private final long latenessMs;
    private final long horizonMs;

    private transient ValueState<Long> emittedUpTo;
    private transient ValueState<Long> cleanupAt;
    private transient Counter late;
    private transient Counter retired;

    /**
     * @param horizonMs how long (event time) a key without new windows keeps its state; 0: forever
     */
    WindowFinality(long sizeMs, long latenessMs, long horizonMs) {
        if (sizeMs <= 0 || latenessMs < 0 || horizonMs < 0) {
            throw new IllegalArgumentException(
                    "window must be positive, lateness and horizon not negative");
        }
        this.sizeMs = sizeMs;
        this.latenessMs = latenessMs;
        this.horizonMs = horizonMs;
    }

    void open(RuntimeContext ctx) {
        emittedUpTo = ctx.getState(new ValueStateDescriptor<>("emitted-window-end", Types.LONG));
        cleanupAt = ctx.getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
        retired = ctx.getMetricGroup().addGroup(DecodeAndRoute.METRIC_GROUP).counter(RETIRED_KEYS);
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

    /**
     * Start of the window a timer at {@code timestamp} makes final, or {@code Long.MIN_VALUE} when
     * no window timer can be at that time (it is the cleanup timer only).
     */
    long windowOfTimer(long timestamp) {
        long start = timestamp + 1 - latenessMs - sizeMs;
        return windowStart(start) == start ? start : Long.MIN_VALUE;
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

    /**
     * Records that the window starting at {@code start} was emitted, and keeps a cleanup timer
     * pending when there is a horizon.
     */
    void emitted(long start, TimerService timers) throws Exception {
        Long emitted = emittedUpTo.value();
        long end = start + sizeMs;
        if (emitted == null || end > emitted) {
            emittedUpTo.update(end);
        }
        if (horizonMs > 0 && cleanupAt.value() == null) {
            armCleanup(emittedUpTo.value(), timers);
        }
    }

    private void armCleanup(long emittedEnd, TimerService timers) throws Exception {
        long at = emittedEnd + horizonMs;
        timers.registerEventTimeTimer(at);
        cleanupAt.update(at);
    }

    /**
     * Called by the operator for each of its timers, after its window work: when {@code timestamp}
     * is the key's cleanup timer and the key emitted nothing for the horizon and {@code
     * hasOpenWindows} is false, forgets the key and returns true (the operator then drops its own
     * state); otherwise moves the cleanup timer to the horizon of the latest emitted window.
     */
    boolean expire(long timestamp, boolean hasOpenWindows, TimerService timers) throws Exception {
        Long at = cleanupAt.value();
        if (at == null || at != timestamp) {
            return false;
        }
        cleanupAt.clear();
        Long emitted = emittedUpTo.value();
        if (hasOpenWindows) {
            // Their timers emit them, and emitting arms the cleanup again.
            return false;
        }
        if (emitted == null || emitted + horizonMs <= timestamp) {
            emittedUpTo.clear();
            retired.inc();
            return true;
        }
        armCleanup(emitted, timers);
        return false;
    }
}
