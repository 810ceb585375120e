package io.fleetlake.job.alerts;

import io.fleetlake.connectors.geofence.GeofenceFile;
import io.fleetlake.connectors.geofence.Geofences;
import io.fleetlake.connectors.geofence.ReloadingGeofences;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates every alert rule per device (keyed by device id) in event time and emits each episode
 * twice: when it opens and when it closes.
 *
 * <p><b>Event-time order.</b> Inputs are buffered in keyed state and handled when the watermark
 * passes their time (an event-time timer at each input's timestamp), in timestamp order, so
 * out-of-order arrival within the watermark's bound gives the same episodes as ordered arrival, and
 * a replay after a restore gives the same ids. An input already behind the watermark is late: it is
 * counted ({@code fleetlake.alertLateEvents}) and not evaluated, so it can never reopen (or extend)
 * an episode already decided; it is still in the lake.
 *
 * <p><b>Rules.</b> speeding and temperature open once the value stayed above the threshold for
 * {@code min-duration}, proven by a sample at least that long after the first one above (the
 * alert's {@code opened_at} is that first sample, so the id is fixed by the data); temperature
 * closes only below {@code threshold - hysteresis}, speeding at or below the limit. silent opens
 * when the watermark passes {@code last seen + timeout} (an event-time timer) and closes when the
 * device sends again; the end of a bounded input (watermark at +infinity) opens nothing. geofence
 * opens on the first position inside a fence and closes on the first one outside.
 *
 * <p><b>Why not Flink CEP.</b> CEP matches patterns but has no notion of an episode that stays open
 * and closes later: an alert here is a small state machine per rule with a threshold that changes
 * per device (registry attributes), hysteresis, a timeout that fires without input, and fences that
 * reload. A KeyedProcessFunction keeps exactly that state (one {@link AlertEpisode} per rule,
 * restored from checkpoints as is) with the timers CEP would use underneath, and is simpler to test
 * with the operator harness.
 */
public class AlertDetector extends KeyedProcessFunction<String, AlertInput, Alert> {
    private static final long serialVersionUID = 1L;

    private final List<AlertRule> rules;
    private final Duration geofenceReloadInterval;

    private transient MapState<Long, List<AlertInput>> buffer;
    private transient MapState<String, AlertEpisode> episodes;
    private transient ValueState<DeviceState> device;
    private transient Map<String, ReloadingGeofences> fences;
    private transient Counter lateEvents;
    private transient Counter opened;
    private transient Counter closed;

    public AlertDetector(List<AlertRule> rules, Duration geofenceReloadInterval) {
        for (AlertRule r : rules) {
            if (r.type == AlertRule.Type.GEOFENCE && r.path == null) {
                throw new IllegalArgumentException(
                        "alert rule '"
                                + r.name
                                + "': a geofence rule needs a 'path' "
                                + "(or Alerts.geofences)");
            }
        }
        this.rules = new ArrayList<>(rules);
        this.geofenceReloadInterval = geofenceReloadInterval;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        buffer =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "alert-input-buffer",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(AlertInput.class))));
        episodes =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "alert-episodes",
                                        Types.STRING,
                                        TypeInformation.of(AlertEpisode.class)));
        device =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "alert-device", TypeInformation.of(DeviceState.class)));
        fences = new HashMap<>();
        for (AlertRule r : rules) {
            if (r.type == AlertRule.Type.GEOFENCE && !fences.containsKey(r.path)) {
                ReloadingGeofences g = new ReloadingGeofences(new GeofenceFile(r.path));
                g.start(geofenceReloadInterval);
                fences.put(r.path, g);
            }
        }
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("fleetlake");
        lateEvents = metrics.counter("alertLateEvents");
        opened = metrics.counter("alertsOpened");
        closed = metrics.counter("alertsClosed");
    }

    @Override
    public void close() throws Exception {
        if (fences != null) {
            for (ReloadingGeofences g : fences.values()) {
                g.close();
            }
        }
    }

    @Override
    public void processElement(AlertInput in, Context ctx, Collector<Alert> out) throws Exception {
        if (in.eventTime <= ctx.timerService().currentWatermark()) {
            lateEvents.inc();
            return;
        }
        List<AlertInput> at = buffer.get(in.eventTime);
        if (at == null) {
            at = new ArrayList<>(2);
            ctx.timerService().registerEventTimeTimer(in.eventTime);
        }
        at.add(in);
        buffer.put(in.eventTime, at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<AlertInput> due = buffer.get(timestamp);
        if (due != null) {
            buffer.remove(timestamp);
            for (AlertInput in : due) {
                evaluate(in, ctx, out);
            }
        }
        DeviceState d = device.value();
        if (d == null
                || d.lastSeen == null
                || ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // The end of a bounded input is not silence.
            return;
        }
        for (AlertRule r : rules) {
            if (r.type != AlertRule.Type.SILENT || !r.appliesTo(ctx.getCurrentKey(), d.thingName)) {
                continue;
            }
            long deadline = d.lastSeen + r.timeoutMs;
            if (deadline <= timestamp && episodes.get(r.name) == null) {
                AlertEpisode e = new AlertEpisode();
                e.start = deadline;
                e.open = true;
                e.lat = d.lat;
                e.lon = d.lon;
                e.thingName = d.thingName;
                episodes.put(r.name, e);
                Alert a = alert(r, r.name, ctx.getCurrentKey(), e, Alert.OPEN, null);
                a.details.put("last_seen", java.time.Instant.ofEpochMilli(d.lastSeen).toString());
                a.details.put("timeout_s", Long.toString(r.timeoutMs / 1000));
                emit(a, out);
            }
        }
    }

    private void evaluate(AlertInput in, Context ctx, Collector<Alert> out) throws Exception {
        String key = ctx.getCurrentKey();
        DeviceState d = device.value();
        if (d == null) {
            d = new DeviceState();
        }
        Long previousSeen = d.lastSeen;
        d.lastSeen = previousSeen == null ? in.eventTime : Math.max(previousSeen, in.eventTime);
        if (in.thingName != null) {
            d.thingName = in.thingName;
        }
        if (in.lat != null && in.lon != null) {
            d.lat = in.lat;
            d.lon = in.lon;
        }
        device.update(d);
        for (AlertRule r : rules) {
            if (!r.appliesTo(key, in.thingName != null ? in.thingName : d.thingName)) {
                continue;
            }
            switch (r.type) {
                case SPEEDING:
                    if (in.speed != null) {
                        threshold(r, in, in.speed, d, out, key);
                    }
                    break;
                case TEMPERATURE:
                    {
                        Double v = in.measures == null ? null : in.measures.get(r.measure);
                        if (v != null) {
                            threshold(r, in, v, d, out, key);
                        }
                        break;
                    }
                case SILENT:
                    silent(r, in, d, previousSeen, ctx, out, key);
                    break;
                case GEOFENCE:
                    if (in.lat != null && in.lon != null) {
                        geofence(r, in, d, out, key);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /**
     * speeding and temperature: above the threshold for min-duration opens; at/below (minus
     * hysteresis) closes.
     */
    private void threshold(
            AlertRule r,
            AlertInput in,
            double value,
            DeviceState d,
            Collector<Alert> out,
            String key)
            throws Exception {
        AlertEpisode e = episodes.get(r.name);
        Double threshold = e != null ? e.threshold : r.thresholdFor(in.attributes);
        if (threshold == null) {
            return;
        }
        // Speeding ends at the limit; temperature only below threshold - hysteresis (a candidate
        // not yet open ends
        // at the threshold either way: it was not above it for min-duration).
        boolean ends =
                r.type == AlertRule.Type.TEMPERATURE
                        ? value < threshold - r.hysteresis
                        : value <= threshold;
        if (value > threshold) {
            if (e == null) {
                e = new AlertEpisode();
                e.start = in.eventTime;
                e.threshold = threshold;
                e.thresholdSource = r.thresholdSource(in.attributes);
                e.peak = value;
                e.lat = d.lat;
                e.lon = d.lon;
                e.thingName = d.thingName;
            } else {
                e.peak = Math.max(e.peak, value);
            }
            if (!e.open && in.eventTime - e.start >= r.minDurationMs) {
                e.open = true;
                emit(alert(r, r.name, key, e, Alert.OPEN, null), out);
            }
            episodes.put(r.name, e);
        } else if (e != null && (ends || !e.open)) {
            if (e.open) {
                emit(alert(r, r.name, key, e, Alert.CLOSED, in.eventTime), out);
            }
            // A candidate that fell back before min-duration was never an episode: nothing is
            // emitted.
            episodes.remove(r.name);
        }
    }

    private void silent(
            AlertRule r,
            AlertInput in,
            DeviceState d,
            Long previousSeen,
            Context ctx,
            Collector<Alert> out,
            String key)
            throws Exception {
        AlertEpisode e = episodes.get(r.name);
        if (e != null) {
            emit(alert(r, r.name, key, e, Alert.CLOSED, in.eventTime), out);
            episodes.remove(r.name);
        }
        if (previousSeen != null && previousSeen < d.lastSeen) {
            long stale = previousSeen + r.timeoutMs;
            // Keep the timer when an input is buffered for the same instant (timers are one per
            // timestamp).
            if (!buffer.contains(stale)) {
                ctx.timerService().deleteEventTimeTimer(stale);
            }
        }
        ctx.timerService().registerEventTimeTimer(d.lastSeen + r.timeoutMs);
    }

    private void geofence(
            AlertRule r, AlertInput in, DeviceState d, Collector<Alert> out, String key)
            throws Exception {
        Geofences g = fences.get(r.path).current();
        Set<String> inside = new HashSet<>(g.containing(in.lat, in.lon));
        String prefix = r.name + "/";
        List<String> exited = new ArrayList<>();
        for (Map.Entry<String, AlertEpisode> entry : episodes.entries()) {
            if (entry.getKey().startsWith(prefix)
                    && !inside.remove(entry.getKey().substring(prefix.length()))) {
                exited.add(entry.getKey());
            }
        }
        for (String ruleKey : exited) {
            AlertEpisode e = episodes.get(ruleKey);
            Alert a = alert(r, ruleKey, key, e, Alert.CLOSED, in.eventTime);
            a.details.put("exit_lat", Double.toString(in.lat));
            a.details.put("exit_lon", Double.toString(in.lon));
            emit(a, out);
            episodes.remove(ruleKey);
        }
        for (String fence : g.names()) {
            if (inside.contains(fence)) {
                AlertEpisode e = new AlertEpisode();
                e.start = in.eventTime;
                e.open = true;
                e.lat = in.lat;
                e.lon = in.lon;
                e.thingName = d.thingName;
                episodes.put(prefix + fence, e);
                emit(alert(r, prefix + fence, key, e, Alert.OPEN, null), out);
            }
        }
    }

    private static Alert alert(
            AlertRule r,
            String ruleKey,
            String deviceId,
            AlertEpisode e,
            String state,
            Long closedAt) {
        Alert a = new Alert();
        a.alertId = Alert.idOf(ruleKey, deviceId, e.start);
        a.rule = ruleKey;
        a.type = r.type.code();
        a.deviceId = deviceId;
        a.thingName = e.thingName;
        a.state = state;
        a.openedAt = e.start;
        a.closedAt = closedAt;
        a.durationS = closedAt == null ? null : (closedAt - e.start) / 1000.0;
        a.value = e.peak;
        a.threshold = e.threshold;
        a.lat = e.lat;
        a.lon = e.lon;
        if (e.thresholdSource != null) {
            a.details.put("threshold_source", e.thresholdSource);
        }
        if (r.type == AlertRule.Type.TEMPERATURE) {
            a.details.put("measure", r.measure);
            a.details.put("hysteresis", Double.toString(r.hysteresis));
        }
        if (r.type == AlertRule.Type.GEOFENCE) {
            a.details.put("fence", ruleKey.substring(r.name.length() + 1));
        }
        if (r.minDurationMs > 0) {
            a.details.put("min_duration_s", Double.toString(r.minDurationMs / 1000.0));
        }
        return a;
    }

    private void emit(Alert a, Collector<Alert> out) {
        (a.isOpen() ? opened : closed).inc();
        out.collect(a);
    }
}
