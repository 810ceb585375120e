package io.fleetlake.job.alerts;

import io.fleetlake.connectors.geofence.GeofenceFile;
import io.fleetlake.connectors.geofence.Geofences;
import io.fleetlake.connectors.geofence.ReloadingGeofences;
import io.fleetlake.job.eventtime.DecidedWatermark;
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
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates every alert rule per device (keyed by device id) and emits each episode twice: when it
 * opens and when it closes.
 *
 * <p><b>When an input is evaluated</b> ({@link AlertEvaluation}). {@code on-arrival} (opt-in): an
 * input is evaluated as soon as it arrives, so an alert opens with the sample that proves it,
 * whatever the watermark (held back by an idle input or another stream) does; nothing is buffered.
 * A device's inputs must then arrive in event-time order: one older than the newest already
 * evaluated for its device is counted ({@code fleetlake.alertOutOfOrderEvents}) and skipped, which
 * is the buffered result of the same stream without those inputs. A silence longer than a silent
 * rule's timeout that the next sample proves is opened and closed by that sample, as the watermark
 * would have done. {@code event-time} (the default): inputs wait in keyed state until the watermark
 * passes them and are evaluated in time order, so disorder within the watermark's bound gives the
 * ordered result, later by that bound.
 *
 * <p><b>Decided stays decided.</b> An input at or behind the watermark is late: counted ({@code
 * fleetlake.alertLateEvents}) and not evaluated, so it never reopens or extends an episode already
 * decided; it is still in the lake. Both the device's newest evaluated time (keyed state) and the
 * highest watermark acted on ({@link DecidedWatermark}, operator state) survive restores at any
 * parallelism, so a restore (whose watermark starts at the minimum) never re-emits an episode.
 *
 * <p><b>Rules.</b> speeding and temperature open once the value stayed above the threshold for
 * {@code min-duration}, proven by a sample at least that long after the first one above (the
 * alert's {@code opened_at} is that first sample, so the id is fixed by the data); temperature
 * closes only below {@code threshold - hysteresis}, speeding at or below the limit. silent opens
 * when the watermark passes {@code last seen + timeout} (an event-time timer) and closes when the
 * device sends again; the end of a bounded input (watermark at +infinity) opens nothing. When the
 * watermark has not moved for {@code silent-fallback} of wall time (the whole input stopped), a
 * processing-time check opens silent alerts from the watermark plus the wall time since (same id:
 * the opening is still {@code last seen + timeout}). geofence opens on the first position inside a
 * fence and closes on the first one outside.
 *
 * <p><b>Bounded state.</b> A device silent for {@code state-horizon} (event time) is retired: its
 * open episodes close (details {@code closed_by=retired}) and its state is dropped. Each device has
 * at most one pending event-time timer and one processing-time timer, moved lazily (never one per
 * input).
 *
 * <p><b>Why not Flink CEP.</b> CEP matches patterns but has no notion of an episode that stays open
 * and closes later: an alert here is a small state machine per rule with a threshold that changes
 * per device (registry attributes), hysteresis, a timeout that fires without input, and fences that
 * reload. A KeyedProcessFunction keeps exactly that state (one {@link AlertEpisode} per rule,
 * restored from checkpoints as is) with the timers CEP would use underneath, and is simpler to test
 * with the operator harness.
 */
public class AlertDetector extends KeyedProcessFunction<String, AlertInput, Alert>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** {@code details.closed_by} of an episode closed because its device was retired. */
    public static final String RETIRED = "retired";

    private final List<AlertRule> rules;
    private final Duration geofenceReloadInterval;
    private final AlertEvaluation evaluation;
    private final long horizonMs;
    private final long fallbackMs;
    private final boolean hasSilent;
    private final DecidedWatermark decided = new DecidedWatermark();

    /** What the rules read of an input: the measures and registry attributes they name. */
    private final String[] keptMeasures;

    private final String[] keptAttributes;

    /**
     * Inputs buffered by releases before {@link PendingInputs}, one entry per event time with a
     * timer each; a restore still evaluates them, new inputs go to {@link #pending}.
     */
    private transient MapState<Long, List<AlertInput>> buffer;

    private transient ValueState<PendingInputs> pending;
    private transient MapState<String, AlertEpisode> episodes;
    private transient ValueState<DeviceState> device;
    private transient Map<String, ReloadingGeofences> fences;
    private transient Counter lateEvents;
    private transient Counter outOfOrderEvents;
    private transient Counter opened;
    private transient Counter closed;
    private transient Counter retired;

    /** The watermark last seen and the wall time it was first seen at (for the silent fallback). */
    private transient long seenWatermark;

    private transient long seenWatermarkAt;

    /** The default evaluation, state horizon and silent fallback. */
    public AlertDetector(List<AlertRule> rules, Duration geofenceReloadInterval) {
        this(
                rules,
                geofenceReloadInterval,
                AlertOptions.EVALUATION.defaultValue(),
                AlertOptions.STATE_HORIZON.defaultValue(),
                AlertOptions.SILENT_FALLBACK.defaultValue());
    }

    /** The detector of {@code settings}. */
    public AlertDetector(AlertSettings settings) {
        this(
                settings.rules(),
                settings.geofenceReloadInterval(),
                settings.evaluation(),
                settings.stateHorizon(),
                settings.silentFallback());
    }

    public AlertDetector(
            List<AlertRule> rules,
            Duration geofenceReloadInterval,
            AlertEvaluation evaluation,
            Duration stateHorizon,
            Duration silentFallback) {
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
        this.evaluation = evaluation;
        this.horizonMs = stateHorizon.toMillis();
        this.fallbackMs = silentFallback.toMillis();
        this.hasSilent = rules.stream().anyMatch(r -> r.type == AlertRule.Type.SILENT);
        this.keptMeasures = keptMeasures(rules);
        this.keptAttributes = keptAttributes(rules);
    }

    /** The measures that temperature rules read, in rule order. */
    static String[] keptMeasures(List<AlertRule> rules) {
        return rules.stream()
                .filter(r -> r.type == AlertRule.Type.TEMPERATURE && r.measure != null)
                .map(r -> r.measure)
                .distinct()
                .toArray(String[]::new);
    }

    /** The registry attributes that threshold rules take their threshold from, in rule order. */
    static String[] keptAttributes(List<AlertRule> rules) {
        return rules.stream()
                .filter(
                        r ->
                                (r.type == AlertRule.Type.SPEEDING
                                                || r.type == AlertRule.Type.TEMPERATURE)
                                        && r.thresholdAttribute != null)
                .map(r -> r.thresholdAttribute)
                .distinct()
                .toArray(String[]::new);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        decided.initialize(context, "alerts-detect-watermark");
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        decided.snapshot();
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
        pending =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "alert-pending", TypeInformation.of(PendingInputs.class)));
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
        outOfOrderEvents = metrics.counter("alertOutOfOrderEvents");
        opened = metrics.counter("alertsOpened");
        closed = metrics.counter("alertsClosed");
        retired = metrics.counter("alertDevicesRetired");
        seenWatermark = Long.MIN_VALUE;
        seenWatermarkAt = Long.MIN_VALUE;
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
        if (rules.isEmpty()) {
            return;
        }
        long watermark = observe(ctx);
        if (in.eventTime <= decided.advance(watermark)) {
            lateEvents.inc();
            return;
        }
        if (evaluation == AlertEvaluation.ON_ARRIVAL) {
            DeviceState d = device.value();
            if (d != null && d.lastSeen != null && in.eventTime < d.lastSeen) {
                outOfOrderEvents.inc();
                return;
            }
            if (d != null && d.lastSeen != null) {
                // What the watermark would have decided between the last sample and this one.
                checkUpTo(in.eventTime - 1, d, ctx, out);
            }
            evaluate(in, ctx, out);
            return;
        }
        DeviceState d = device.value();
        if (d != null && d.lastSeen != null && in.eventTime < d.lastSeen) {
            // Behind what this device already decided (possible only after a restore).
            lateEvents.inc();
            return;
        }
        PendingInputs p = pending.value();
        if (p == null) {
            p = PendingInputs.create(keptMeasures, keptAttributes);
        } else if (!p.keeps(keptMeasures, keptAttributes)) {
            // Restored with other rules: what they read from here on is kept too.
            PendingInputs relaid = PendingInputs.create(keptMeasures, keptAttributes);
            while (!p.isEmpty()) {
                relaid.add(p.poll(in.deviceId));
            }
            relaid.timer = p.timer;
            p = relaid;
        }
        p.add(in);
        if (p.timer == Long.MIN_VALUE || in.eventTime < p.timer) {
            // One timer for the earliest waiting input (not one per event time): the next is
            // registered when it fires.
            ctx.timerService().registerEventTimeTimer(in.eventTime);
            p.timer = in.eventTime;
        }
        pending.update(p);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long watermark = observe(ctx);
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            fallback(timestamp, ctx, out);
            return;
        }
        decided.advance(watermark);
        List<AlertInput> due = buffer.get(timestamp);
        if (due != null) {
            buffer.remove(timestamp);
            for (AlertInput in : due) {
                evaluateDue(in, ctx, out);
            }
        }
        PendingInputs p = pending.value();
        if (p != null && p.timer == timestamp) {
            p.timer = Long.MIN_VALUE;
        }
        // What one timer per event time did, in the same order: the inputs at or before this
        // timer, then the check at it ...
        while (p != null && !p.isEmpty() && p.headTime() <= timestamp) {
            evaluateDue(p.poll(ctx.getCurrentKey()), ctx, out);
        }
        check(timestamp, watermark, ctx, out);
        // ... then the later inputs the watermark has passed, up to the device's next check
        // (which fires as a timer of its own, before any input after it).
        while (p != null && !p.isEmpty() && p.headTime() <= watermark) {
            DeviceState d = device.value();
            if (watermark != Long.MAX_VALUE
                    && d != null
                    && d.nextCheck != null
                    && d.nextCheck <= p.headTime()) {
                break;
            }
            evaluateDue(p.poll(ctx.getCurrentKey()), ctx, out);
        }
        if (p != null) {
            if (p.isEmpty()) {
                pending.clear();
            } else {
                if (p.timer == Long.MIN_VALUE || p.timer > p.headTime()) {
                    ctx.timerService().registerEventTimeTimer(p.headTime());
                    p.timer = p.headTime();
                }
                pending.update(p);
            }
        }
    }

    /** Evaluates an input whose time the watermark has passed. */
    private void evaluateDue(AlertInput in, Context ctx, Collector<Alert> out) throws Exception {
        DeviceState seen = device.value();
        if (seen != null && seen.lastSeen != null && in.eventTime < seen.lastSeen) {
            // Buffered by an event-time run and restored into an on-arrival one that has
            // moved on: evaluating it now would move the device back in time.
            outOfOrderEvents.inc();
            return;
        }
        evaluate(in, ctx, out);
    }

    /** The watermark's decisions at {@code timestamp}: silent deadlines and the state horizon. */
    private void check(long timestamp, long watermark, Context ctx, Collector<Alert> out)
            throws Exception {
        DeviceState d = device.value();
        if (d == null || d.lastSeen == null || watermark == Long.MAX_VALUE) {
            // The end of a bounded input is not silence.
            return;
        }
        if (d.nextCheck != null && d.nextCheck <= timestamp) {
            d.nextCheck = null;
        }
        if (checkUpTo(timestamp, d, ctx, out)) {
            schedule(d, ctx);
        }
    }

    /** The current watermark; remembers when it last moved (wall time) for the fallback. */
    private long observe(Context ctx) {
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != seenWatermark || seenWatermarkAt == Long.MIN_VALUE) {
            seenWatermark = watermark;
            seenWatermarkAt = ctx.timerService().currentProcessingTime();
        }
        return watermark;
    }

    /**
     * Processing-time check of a device's silent rules: when the watermark has not moved for {@code
     * silent-fallback}, the watermark plus the wall time since stands in for event time.
     */
    private void fallback(long now, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        DeviceState d = device.value();
        if (d == null || d.lastSeen == null) {
            return;
        }
        d.fallbackAt = null;
        long base = Math.max(seenWatermark, decided.get());
        if (base != Long.MAX_VALUE
                && base != Long.MIN_VALUE
                && now - seenWatermarkAt >= fallbackMs) {
            long estimated = base + (now - seenWatermarkAt);
            for (AlertRule r : rules) {
                if (r.type == AlertRule.Type.SILENT
                        && r.appliesTo(ctx.getCurrentKey(), d.thingName)
                        && d.lastSeen + r.timeoutMs <= estimated
                        && episodes.get(r.name) == null) {
                    openSilent(r, d, ctx.getCurrentKey(), out, "processing-time");
                }
            }
        }
        if (base != Long.MAX_VALUE) {
            scheduleFallback(d, ctx);
        }
        device.update(d);
    }

    /**
     * What the watermark at {@code upTo} decides for a device with no input after {@code
     * d.lastSeen}: silent rules past their timeout open, a device past the state horizon is
     * retired.
     *
     * @return false when the device was retired (its state is gone)
     */
    private boolean checkUpTo(long upTo, DeviceState d, Context ctx, Collector<Alert> out)
            throws Exception {
        String key = ctx.getCurrentKey();
        long retireAt = horizonMs > 0 ? d.lastSeen + horizonMs : Long.MAX_VALUE;
        for (AlertRule r : rules) {
            if (r.type == AlertRule.Type.SILENT
                    && r.appliesTo(key, d.thingName)
                    && d.lastSeen + r.timeoutMs <= Math.min(upTo, retireAt)
                    && episodes.get(r.name) == null) {
                openSilent(r, d, key, out, null);
            }
        }
        if (retireAt <= upTo) {
            retire(retireAt, d, key, out);
            return false;
        }
        return true;
    }

    private void openSilent(
            AlertRule r, DeviceState d, String key, Collector<Alert> out, String detectedBy)
            throws Exception {
        AlertEpisode e = new AlertEpisode();
        e.start = d.lastSeen + r.timeoutMs;
        e.open = true;
        e.lat = d.lat;
        e.lon = d.lon;
        e.thingName = d.thingName;
        episodes.put(r.name, e);
        Alert a = alert(r, r.name, key, e, Alert.OPEN, null);
        a.details.put("last_seen", java.time.Instant.ofEpochMilli(d.lastSeen).toString());
        a.details.put("timeout_s", Long.toString(r.timeoutMs / 1000));
        if (detectedBy != null) {
            a.details.put("detected_by", detectedBy);
        }
        emit(a, out);
    }

    /** Closes every open episode of the device at {@code at} and drops its state. */
    private void retire(long at, DeviceState d, String key, Collector<Alert> out) throws Exception {
        List<Map.Entry<String, AlertEpisode>> open = new ArrayList<>();
        for (Map.Entry<String, AlertEpisode> entry : episodes.entries()) {
            if (entry.getValue().open) {
                open.add(entry);
            }
        }
        for (Map.Entry<String, AlertEpisode> entry : open) {
            String ruleKey = entry.getKey();
            AlertRule r = ruleOf(ruleKey);
            if (r != null) {
                Alert a = alert(r, ruleKey, key, entry.getValue(), Alert.CLOSED, at);
                a.details.put("closed_by", RETIRED);
                emit(a, out);
            }
        }
        episodes.clear();
        device.clear();
        retired.inc();
    }

    private AlertRule ruleOf(String ruleKey) {
        int slash = ruleKey.indexOf('/');
        String name = slash < 0 ? ruleKey : ruleKey.substring(0, slash);
        for (AlertRule r : rules) {
            if (r.name.equals(name)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Keeps one event-time check pending at the device's earliest silent deadline or state horizon;
     * a later one is registered only when the pending one has fired.
     */
    private void schedule(DeviceState d, Context ctx) throws Exception {
        long next = horizonMs > 0 ? d.lastSeen + horizonMs : Long.MAX_VALUE;
        if (hasSilent) {
            for (AlertRule r : rules) {
                if (r.type == AlertRule.Type.SILENT
                        && d.lastSeen + r.timeoutMs < next
                        && r.appliesTo(ctx.getCurrentKey(), d.thingName)
                        && episodes.get(r.name) == null) {
                    next = d.lastSeen + r.timeoutMs;
                }
            }
        }
        if (next != Long.MAX_VALUE && (d.nextCheck == null || next < d.nextCheck)) {
            ctx.timerService().registerEventTimeTimer(next);
            d.nextCheck = next;
        }
        device.update(d);
    }

    private void scheduleFallback(DeviceState d, Context ctx) {
        if (fallbackMs > 0 && hasSilent && d.fallbackAt == null) {
            long at = ctx.timerService().currentProcessingTime() + fallbackMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            d.fallbackAt = at;
        }
    }

    private void evaluate(AlertInput in, Context ctx, Collector<Alert> out) throws Exception {
        String key = ctx.getCurrentKey();
        DeviceState d = device.value();
        if (d == null) {
            d = new DeviceState();
        }
        d.lastSeen = d.lastSeen == null ? in.eventTime : Math.max(d.lastSeen, in.eventTime);
        if (in.thingName != null) {
            d.thingName = in.thingName;
        }
        if (in.lat != null && in.lon != null) {
            d.lat = in.lat;
            d.lon = in.lon;
        }
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
                    silent(r, in, out, key);
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
        scheduleFallback(d, ctx);
        schedule(d, ctx);
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

    /** A sample closes the device's open silent episode; the next deadline is scheduled. */
    private void silent(AlertRule r, AlertInput in, Collector<Alert> out, String key)
            throws Exception {
        AlertEpisode e = episodes.get(r.name);
        if (e != null) {
            emit(alert(r, r.name, key, e, Alert.CLOSED, in.eventTime), out);
            episodes.remove(r.name);
        }
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
