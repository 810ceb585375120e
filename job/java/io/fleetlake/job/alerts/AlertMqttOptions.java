package io.fleetlake.job.alerts;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of the {@code Alerts.Mqtt} property group: alerts published to an MQTT broker. */
public final class AlertMqttOptions {
    private AlertMqttOptions() {}

    public static final ConfigOption<String> BROKER =
            ConfigOptions.key("broker")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Broker URI (tcp://host:1883, ssl://host:8883; AWS IoT Core: "
                                    + "ssl://<prefix>-ats.iot.<region>.amazonaws.com:8883).");
    public static final ConfigOption<String> TOPIC_TEMPLATE =
            ConfigOptions.key("topic-template")
                    .stringType()
                    .defaultValue("fleet/alerts/{thing_name}")
                    .withDescription(
                            "Topic per alert; {thing_name} (else the device id), {device_id}, {rule}, {type} and "
                                    + "{state} are replaced.");
    public static final ConfigOption<Integer> QOS =
            ConfigOptions.key("qos")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Publish QoS: 1 (at-least-once, the default) or 2.");
    public static final ConfigOption<String> CLIENT_ID_PREFIX =
            ConfigOptions.key("client-id-prefix")
                    .stringType()
                    .defaultValue("fleetlake-alerts")
                    .withDescription("Client ids are <prefix>-<subtask>.");
    public static final ConfigOption<Integer> MQTT_VERSION =
            ConfigOptions.key("mqtt-version")
                    .intType()
                    .defaultValue(5)
                    .withDescription("5 (MQTT 5) or 3 (MQTT 3.1.1).");
    public static final ConfigOption<String> USERNAME =
            ConfigOptions.key("username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Username for brokers with password authentication.");
    public static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Password (a secret: never logged).");
    public static final ConfigOption<String> CERTIFICATE =
            ConfigOptions.key("certificate")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Client certificate for mutual TLS: a PEM file path or the PEM text.");
    public static final ConfigOption<String> PRIVATE_KEY =
            ConfigOptions.key("private-key")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The certificate's private key (PEM file path or text; a secret).");
    public static final ConfigOption<String> CA_CERTIFICATE =
            ConfigOptions.key("ca-certificate")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("CA certificate(s) to trust. Unset: the JVM's CAs.");
    public static final ConfigOption<Duration> TIMEOUT =
            ConfigOptions.key("timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Longest wait for the broker's acknowledgement (reconnects included); then the alert "
                                    + "becomes a dead letter (alert_delivery_failed).");
    public static final ConfigOption<Integer> MAX_IN_FLIGHT =
            ConfigOptions.key("max-in-flight")
                    .intType()
                    .defaultValue(100)
                    .withDescription("Unacknowledged publishes per subtask before back-pressure.");
}
