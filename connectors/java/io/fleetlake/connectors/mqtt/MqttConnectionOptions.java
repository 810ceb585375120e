package io.fleetlake.connectors.mqtt;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The MQTT connection options, declared once for every property group that connects to a broker
 * ({@code Source.Mqtt}, {@code Alerts.Mqtt}): each group's options class lists these instances
 * (same keys, same meaning), and {@link MqttConnectionConfig#connection} reads them. QoS and the
 * client-id prefix mean something per group (subscription or publish, and whose session), so they
 * are declared here once with the default and description each group gives them.
 */
public final class MqttConnectionOptions {
    private MqttConnectionOptions() {}

    public static final ConfigOption<String> BROKER =
            ConfigOptions.key("broker")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Broker URI: tcp://host:1883, or ssl://host:8883 for TLS (AWS IoT Core: "
                                    + "ssl://<prefix>-ats.iot.<region>.amazonaws.com:8883).");
    public static final ConfigOption<Integer> MQTT_VERSION =
            ConfigOptions.key("mqtt-version")
                    .intType()
                    .defaultValue(MqttConnectionConfig.MQTT_5)
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
                            "Client certificate for mutual TLS (AWS IoT Core): a PEM file path or the PEM text.");
    public static final ConfigOption<String> PRIVATE_KEY =
            ConfigOptions.key("private-key")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The certificate's private key (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted): a PEM "
                                    + "file path or the PEM text. A secret: never logged.");
    public static final ConfigOption<String> CA_CERTIFICATE =
            ConfigOptions.key("ca-certificate")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "CA certificate(s) to trust: a PEM file path or the PEM text. Unset: the JVM's CAs "
                                    + "(which include Amazon Root CA 1).");

    /** The {@code qos} option, default 1, described for its group. */
    public static ConfigOption<Integer> qos(String description) {
        return ConfigOptions.key("qos").intType().defaultValue(1).withDescription(description);
    }

    /** The {@code client-id-prefix} option with its group's default. */
    public static ConfigOption<String> clientIdPrefix(String defaultPrefix, String description) {
        return ConfigOptions.key("client-id-prefix")
                .stringType()
                .defaultValue(defaultPrefix)
                .withDescription(description);
    }
}
