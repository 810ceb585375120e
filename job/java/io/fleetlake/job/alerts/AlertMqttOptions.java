package io.fleetlake.job.alerts;

import io.fleetlake.connectors.mqtt.MqttConnectionOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the {@code Alerts.Mqtt} property group: alerts published to an MQTT broker. The
 * connection's options are the shared {@link MqttConnectionOptions} (the same as {@code
 * Source.Mqtt}'s); the rest are the delivery's.
 */
public final class AlertMqttOptions {
    private AlertMqttOptions() {}

    public static final ConfigOption<String> BROKER = MqttConnectionOptions.BROKER;
    public static final ConfigOption<String> TOPIC_TEMPLATE =
            ConfigOptions.key("topic-template")
                    .stringType()
                    .defaultValue("fleet/alerts/{thing_name}")
                    .withDescription(
                            "Topic per alert; {thing_name} (else the device id), {device_id}, {rule}, {type} and "
                                    + "{state} are replaced.");
    public static final ConfigOption<Integer> QOS =
            MqttConnectionOptions.qos("Publish QoS: 1 (at-least-once, the default) or 2.");
    public static final ConfigOption<String> CLIENT_ID_PREFIX =
            MqttConnectionOptions.clientIdPrefix(
                    "fleetlake-alerts", "Client ids are <prefix>-<subtask>.");
    public static final ConfigOption<Integer> MQTT_VERSION = MqttConnectionOptions.MQTT_VERSION;
    public static final ConfigOption<String> USERNAME = MqttConnectionOptions.USERNAME;
    public static final ConfigOption<String> PASSWORD = MqttConnectionOptions.PASSWORD;
    public static final ConfigOption<String> CERTIFICATE = MqttConnectionOptions.CERTIFICATE;
    public static final ConfigOption<String> PRIVATE_KEY = MqttConnectionOptions.PRIVATE_KEY;
    public static final ConfigOption<String> CA_CERTIFICATE = MqttConnectionOptions.CA_CERTIFICATE;
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
