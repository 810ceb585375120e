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
}
