package io.fleetlake.job.alerts;

import io.fleetlake.job.config.ConfigGroup;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The alert feature's property groups: {@code Alerts} (rules) and {@code Alerts.Mqtt} (delivery to trucks). */
public final class AlertOptions {
    private AlertOptions() {}

    // ---- Alerts ----
    public static final ConfigOption<String> RULES = ConfigOptions.key("rules").stringType()
            .defaultValue(AlertRule.DEFAULTS_JSON)
            .withDescription("JSON array of rules {name, type (speeding|temperature|silent|geofence), devices?, "
                    + "...parameters}; see README, Alerts. Default: speeding over 90 km/h for 10 s (or the "
                    + "registry's speed_limit_kmh), reefer temperature over -15 °C for 30 s (or max_temperature_c), "
                    + "silent for 15 min, geofence enter/exit (with geofences).");
    public static final ConfigOption<String> GEOFENCES = ConfigOptions.key("geofences").stringType()
            .noDefaultValue()
            .withDescription("GeoJSON file of fences (Polygon/MultiPolygon features named by properties.name), "
                    + "local or s3://, for geofence rules without their own path. Unset: the default geofence "
                    + "rule is off.");
    public static final ConfigOption<Duration> GEOFENCE_RELOAD_INTERVAL = ConfigOptions
            .key("geofence-reload-interval").durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("How often to re-read a geofence file if it changed (0: never). A broken new version "
                    + "keeps the previous one.");
    public static final ConfigOption<Boolean> PRINT = ConfigOptions.key("print").booleanType().defaultValue(false)
            .withDescription("Print alerts to stdout as they open and close (./fleetlake: true).");

    public static final ConfigGroup ALERTS = ConfigGroup.builder("Alerts",
                    "Alert rules evaluated per device in event time into the alerts table (present: enabled).")
            .option(RULES)
            .option(GEOFENCES)
            .option(GEOFENCE_RELOAD_INTERVAL)
            .option(PRINT)
            .build();

    // ---- Alerts.Mqtt ----
    public static final ConfigOption<String> MQTT_BROKER = ConfigOptions.key("broker").stringType()
            .noDefaultValue().withDescription("Broker URI (tcp://host:1883, ssl://host:8883; AWS IoT Core: "
                    + "ssl://<prefix>-ats.iot.<region>.amazonaws.com:8883).");
    public static final ConfigOption<String> MQTT_TOPIC_TEMPLATE = ConfigOptions.key("topic-template").stringType()
            .defaultValue("fleet/alerts/{thing_name}")
            .withDescription("Topic per alert; {thing_name} (else the device id), {device_id}, {rule}, {type} and "
                    + "{state} are replaced.");
    public static final ConfigOption<Integer> MQTT_QOS = ConfigOptions.key("qos").intType().defaultValue(1)
            .withDescription("Publish QoS: 1 (at-least-once, the default) or 2.");
    public static final ConfigOption<String> MQTT_CLIENT_ID_PREFIX = ConfigOptions.key("client-id-prefix")
            .stringType().defaultValue("fleetlake-alerts")
            .withDescription("Client ids are <prefix>-<subtask>.");
    public static final ConfigOption<Integer> MQTT_VERSION = ConfigOptions.key("mqtt-version").intType()
            .defaultValue(5).withDescription("5 (MQTT 5) or 3 (MQTT 3.1.1).");
    public static final ConfigOption<String> MQTT_USERNAME = ConfigOptions.key("username").stringType()
            .noDefaultValue().withDescription("Username for brokers with password authentication.");
    public static final ConfigOption<String> MQTT_PASSWORD = ConfigOptions.key("password").stringType()
            .noDefaultValue().withDescription("Password (a secret: never logged).");
    public static final ConfigOption<String> MQTT_CERTIFICATE = ConfigOptions.key("certificate").stringType()
            .noDefaultValue().withDescription("Client certificate for mutual TLS: a PEM file path or the PEM text.");
    public static final ConfigOption<String> MQTT_PRIVATE_KEY = ConfigOptions.key("private-key").stringType()
            .noDefaultValue().withDescription("The certificate's private key (PEM file path or text; a secret).");
    public static final ConfigOption<String> MQTT_CA_CERTIFICATE = ConfigOptions.key("ca-certificate").stringType()
            .noDefaultValue().withDescription("CA certificate(s) to trust. Unset: the JVM's CAs.");
    public static final ConfigOption<Duration> MQTT_TIMEOUT = ConfigOptions.key("timeout").durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Longest wait for the broker's acknowledgement (reconnects included); then the alert "
                    + "becomes a dead letter (alert_delivery_failed).");
    public static final ConfigOption<Integer> MQTT_MAX_IN_FLIGHT = ConfigOptions.key("max-in-flight").intType()
            .defaultValue(100).withDescription("Unacknowledged publishes per subtask before back-pressure.");

    public static final ConfigGroup MQTT = ConfigGroup.builder("Alerts.Mqtt",
                    "Alerts published to an MQTT broker (present: enabled), at-least-once.")
            .required(MQTT_BROKER)
            .option(MQTT_TOPIC_TEMPLATE)
            .option(MQTT_QOS)
            .option(MQTT_CLIENT_ID_PREFIX)
            .option(MQTT_VERSION)
            .option(MQTT_USERNAME)
            .option(MQTT_PASSWORD)
            .option(MQTT_CERTIFICATE)
            .option(MQTT_PRIVATE_KEY)
            .option(MQTT_CA_CERTIFICATE)
            .option(MQTT_TIMEOUT)
            .option(MQTT_MAX_IN_FLIGHT)
            .build();

    // ---- Alerts.Sns (options owned by the connector) ----
    public static final ConfigGroup SNS = ConfigGroup.builder("Alerts.Sns",
                    "Alerts published to an Amazon SNS topic with PublishBatch (present: enabled), at-least-once.")
            .required(io.fleetlake.connectors.sns.SnsOptions.TOPIC_ARN)
            .option(io.fleetlake.connectors.sns.SnsOptions.REGION)
            .option(io.fleetlake.connectors.sns.SnsOptions.ENDPOINT)
            .option(io.fleetlake.connectors.sns.SnsOptions.ACCESS_KEY_ID)
            .option(io.fleetlake.connectors.sns.SnsOptions.SECRET_ACCESS_KEY)
            .option(io.fleetlake.connectors.sns.SnsOptions.MAX_BATCH_SIZE)
            .option(io.fleetlake.connectors.sns.SnsOptions.MAX_IN_FLIGHT)
            .option(io.fleetlake.connectors.sns.SnsOptions.MAX_BUFFER_TIME)
            .option(io.fleetlake.connectors.sns.SnsOptions.MAX_ATTEMPTS)
            .build();
}
