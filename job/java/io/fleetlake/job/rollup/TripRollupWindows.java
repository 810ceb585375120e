package io.fleetlake.job.rollup;

import io.fleetlake.job.model.Breadcrumb;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per-vehicle trip statistics per tumbling event-time window (keyed by thing name): positions wait
 * in state until their window is final ({@link WindowFinality}), then are put in event-time order
 * and joined to the previous window's last position, so every segment between consecutive positions
 * is counted once, in the window of its later point, whatever order the breadcrumbs arrived in.
 * State per vehicle: the positions of open windows, the last position of the last emitted window,
 * the highest emitted window end and the pending cleanup time. A vehicle silent for the state
 * horizon is dropped entirely: its next position starts a new track (no segment back to the old
 * last position).
 */
public class TripRollupWindows extends KeyedProcessFunction<String, Breadcrumb, TripRollup> {
    private static final long serialVersionUID = 1L;

    /** Below this speed (km/h) a vehicle counts as stopped, as on the dashboard's map. */
    static final double MOVING_KMH = 1.0;

    private final WindowFinality finality;
    private final Double defaultLimitKmh;
    private final String limitAttribute;

    private transient ListState<TrackPoint> pending;
    private transient ValueState<TrackPoint> last;

    /**
     * @param windowMs window length, ms
     * @param latenessMs how long after the watermark passes a window's end it stays open
     * @param horizonMs how long (event time) after its last window a silent vehicle keeps its
     *     state; 0: forever
     * @param defaultLimitKmh the speeding rule's limit; null: no speeding rule, {@code speeding_s}
     *     stays null
     * @param limitAttribute registry attribute holding a vehicle's own limit (may be null)
     */
    public TripRollupWindows(
            long windowMs,
            long latenessMs,
            long horizonMs,
            Double defaultLimitKmh,
            String limitAttribute) {
        this.finality = new WindowFinality(windowMs, latenessMs, horizonMs);
        this.defaultLimitKmh = defaultLimitKmh;
        this.limitAttribute = limitAttribute;
    }

    @Override
    public void open(OpenContext openContext) {
        finality.open(getRuntimeContext());
        TypeInformation<TrackPoint> point = TypeInformation.of(TrackPoint.class);
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("positions", point));
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last-position", point));
    }

    @Override
    public void processElement(Breadcrumb b, Context ctx, Collector<TripRollup> out)
            throws Exception {
        long start = finality.windowStart(b.eventTime);
        if (finality.isLate(start, ctx.timerService().currentWatermark())) {
            return;
        }
        TrackPoint p = new TrackPoint();
        p.time = b.eventTime;
        p.lat = b.lat;
        p.lon = b.lon;
        p.speed = b.speed;
        p.deviceId = b.deviceId;
        p.limitKmh = ownLimit(b);
        pending.add(p);
        ctx.timerService().registerEventTimeTimer(finality.timerFor(start));
    }

    private Double ownLimit(Breadcrumb b) {
        if (limitAttribute == null || b.attributes == null) {
            return null;
        }
        String v = b.attributes.get(limitAttribute);
        if (v == null) {
            return null;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            // Not a number: the rule's limit applies, as the speeding alert does.
            return null;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TripRollup> out)
            throws Exception {
        long start = finality.windowOfTimer(timestamp);
        List<TrackPoint> later = new ArrayList<>();
        if (start != Long.MIN_VALUE) {
            long end = start + finality.size();
            List<TrackPoint> window = new ArrayList<>();
            for (TrackPoint p : pending.get()) {
                (p.time < end ? window : later).add(p);
            }
            pending.update(later);
            if (!window.isEmpty()) {
                Collections.sort(window);
                out.collect(rollup(ctx.getCurrentKey(), start, end, window));
                last.update(window.get(window.size() - 1));
                finality.emitted(start, ctx.timerService());
            }
        } else {
            for (TrackPoint p : pending.get()) {
                later.add(p);
            }
        }
        if (finality.expire(timestamp, !later.isEmpty(), ctx.timerService())) {
            pending.clear();
            last.clear();
        }
    }

    private TripRollup rollup(String thing, long start, long end, List<TrackPoint> points)
            throws Exception {
        TripRollup r = new TripRollup();
        r.thingName = thing;
        r.windowStart = start;
        r.windowEnd = end;
        r.samples = points.size();
        TrackPoint first = points.get(0);
        TrackPoint lastPoint = points.get(points.size() - 1);
        r.deviceId = lastPoint.deviceId;
        r.firstLat = first.lat;
        r.firstLon = first.lon;
        r.lastLat = lastPoint.lat;
        r.lastLon = lastPoint.lon;
        double speedSum = 0;
        int speeds = 0;
        double speeding = 0;
        TrackPoint prev = last.value();
        for (TrackPoint p : points) {
            if (p.speed != null) {
                r.maxSpeed = r.maxSpeed == null ? p.speed : Math.max(r.maxSpeed, p.speed);
                speedSum += p.speed;
                speeds++;
            }
            if (prev != null) {
                double km = Haversine.km(prev.lat, prev.lon, p.lat, p.lon);
                r.distanceKm += km;
                // A segment's time counts from the window start at the earliest, so a vehicle that
                // was off for an hour does not report an hour of driving in one minute.
                double seconds = (p.time - Math.max(prev.time, start)) / 1000.0;
                boolean moving = p.speed != null ? p.speed >= MOVING_KMH : km > 0;
                if (moving) {
                    r.movingS += seconds;
                }
                Double limit = p.limitKmh != null ? p.limitKmh : defaultLimitKmh;
                if (limit != null && p.speed != null && p.speed > limit) {
                    speeding += seconds;
                }
            }
            prev = p;
        }
        r.avgSpeed = speeds == 0 ? null : speedSum / speeds;
        boolean anyLimit =
                defaultLimitKmh != null || points.stream().anyMatch(p -> p.limitKmh != null);
        r.speedingS = anyLimit ? speeding : null;
        return r;
    }
}
