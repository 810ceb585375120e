package io.fleetlake.job.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The {@code Alerts} group, parsed: the rules in effect (geofence paths resolved) and how to show
 * them.
 */
public final class AlertSettings {
    private final List<AlertRule> rules;
    private final Duration geofenceReloadInterval;
    private final boolean print;
    private final AlertEvaluation evaluation;
    private final Duration stateHorizon;
    private final Duration silentFallback;

    public AlertSettings(List<AlertRule> rules, Duration geofenceReloadInterval, boolean print) {
        this(
                rules,
                geofenceReloadInterval,
                print,
                AlertOptions.EVALUATION.defaultValue(),
                AlertOptions.STATE_HORIZON.defaultValue(),
                AlertOptions.SILENT_FALLBACK.defaultValue());
    }

    public AlertSettings(
            List<AlertRule> rules,
            Duration geofenceReloadInterval,
            boolean print,
            AlertEvaluation evaluation,
            Duration stateHorizon,
            Duration silentFallback) {
        this.rules = List.copyOf(rules);
        this.geofenceReloadInterval = geofenceReloadInterval;
        this.print = print;
        this.evaluation = evaluation;
        this.stateHorizon = nonNegative(stateHorizon, AlertOptions.STATE_HORIZON.key());
        this.silentFallback = nonNegative(silentFallback, AlertOptions.SILENT_FALLBACK.key());
    }

    private static Duration nonNegative(Duration d, String key) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(
                    "property group 'Alerts': '" + key + "' must not be negative");
        }
        return d;
    }

    /**
     * Reads the group. A geofence rule without a path takes {@code geofences}; the default geofence
     * rule is left out when {@code geofences} is unset, an explicit one without any path fails
     * naming it.
     */
    public static AlertSettings fromConfiguration(ReadableConfig c) {
        boolean explicitRules = c.getOptional(AlertOptions.RULES).isPresent();
        String geofences = c.get(AlertOptions.GEOFENCES);
        List<AlertRule> rules = new ArrayList<>();
        for (AlertRule r : AlertRule.parseList(c.get(AlertOptions.RULES))) {
            if (r.type == AlertRule.Type.GEOFENCE && r.path == null) {
                if (geofences != null && !geofences.isBlank()) {
                    r = r.withPath(geofences.trim());
                } else if (explicitRules) {
                    throw new IllegalArgumentException(
                            "alert rule '"
                                    + r.name
                                    + "' (geofence) needs a 'path', or "
                                    + "set 'geofences' in property group 'Alerts'");
                } else {
                    continue;
                }
            }
            rules.add(r);
        }
        Duration reload = c.get(AlertOptions.GEOFENCE_RELOAD_INTERVAL);
        return new AlertSettings(
                rules,
                reload,
                c.get(AlertOptions.PRINT),
                c.get(AlertOptions.EVALUATION),
                c.get(AlertOptions.STATE_HORIZON),
                c.get(AlertOptions.SILENT_FALLBACK));
    }

    public List<AlertRule> rules() {
        return rules;
    }

    public Duration geofenceReloadInterval() {
        return geofenceReloadInterval;
    }

    public boolean print() {
        return print;
    }

    /** When inputs are evaluated. */
    public AlertEvaluation evaluation() {
        return evaluation;
    }

    /** Event time a device may stay silent before it is retired; zero: never. */
    public Duration stateHorizon() {
        return stateHorizon;
    }

    /** Wall time without watermark progress before silent rules fall back; zero: off. */
    public Duration silentFallback() {
        return silentFallback;
    }
}
