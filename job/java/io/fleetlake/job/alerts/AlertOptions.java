package io.fleetlake.job.alerts;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the {@code Alerts} property group (rules, geofences, console); the group is
 * registered in {@code FleetlakeOptions}. Delivery has its own groups: {@link AlertMqttOptions},
 * and the SNS connector's {@code SnsOptions}.
 */
public final class AlertOptions {
    private AlertOptions() {}

    public static final ConfigOption<String> RULES =
            ConfigOptions.key("rules")
                    .stringType()
                    .defaultValue(AlertRule.DEFAULTS_JSON)
                    .withDescription(
                            "JSON array of rules {name, type (speeding|temperature|silent|geofence), devices?, "
                                    + "...parameters}; see docs/features/alerts.md. Default: speeding over 90 km/h for 10 s (or the "
                                    + "registry's speed_limit_kmh), reefer temperature over -15 °C for 30 s (or max_temperature_c), "
                                    + "silent for 15 min, geofence enter/exit (with geofences).");
    public static final ConfigOption<String> GEOFENCES =
            ConfigOptions.key("geofences")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "GeoJSON file of fences (Polygon/MultiPolygon features named by properties.name), "
                                    + "local or s3://, for geofence rules without their own path. Unset: the default geofence "
                                    + "rule is off.");
    public static final ConfigOption<Duration> GEOFENCE_RELOAD_INTERVAL =
            ConfigOptions.key("geofence-reload-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "How often to re-read a geofence file if it changed (0: never). A broken new version "
                                    + "keeps the previous one.");
    public static final ConfigOption<Boolean> PRINT =
            ConfigOptions.key("print")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Print alerts to stdout as they open and close (./fleetlake: true).");
    public static final ConfigOption<AlertEvaluation> EVALUATION =
            ConfigOptions.key("evaluation")
                    .enumType(AlertEvaluation.class)
                    .defaultValue(AlertEvaluation.EVENT_TIME)
                    .withDescription(
                            "on-arrival: each device's inputs are evaluated as they arrive (an alert opens with "
                                    + "the sample that proves it; an input older than one already evaluated for its "
                                    + "device is counted as alertOutOfOrderEvents and skipped). event-time: inputs wait "
                                    + "until the watermark passes them and are evaluated in time order (exact under "
                                    + "disorder within TopK.allowed-lateness, alerts that much later).");
    public static final ConfigOption<Duration> STATE_HORIZON =
            ConfigOptions.key("state-horizon")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "A device silent this long (event time) is retired: its open alerts close with "
                                    + "details.closed_by=retired and its state and timers are dropped (0: never).");
    public static final ConfigOption<Duration> SILENT_FALLBACK =
            ConfigOptions.key("silent-fallback")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "When the watermark has not moved for this long (wall time: the whole input "
                                    + "stopped), silent rules use the watermark plus the wall time since as event "
                                    + "time, so silent alerts still open (0: off).");
}
