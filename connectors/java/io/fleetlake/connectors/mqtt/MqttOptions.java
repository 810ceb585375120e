package io.fleetlake.connectors.mqtt;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the MQTT source (property group {@code Source.Mqtt}), read by {@link
 * MqttConnectionConfig#fromConfiguration}: the connection's ({@link MqttConnectionOptions}, shared
 * with the alerts' MQTT delivery) and the subscription's. The declaration order is the
 * configuration reference's.
 */
public final class MqttOptions {
    private MqttOptions() {}

    public static final ConfigOption<String> BROKER = MqttConnectionOptions.BROKER;
    public static final ConfigOption<List<String>> TOPICS =
            ConfigOptions.key("topics")
                    .stringType()
                    .asList()
                    .defaultValues(
                            "$aws/things/+/shadow/update/documents",
                            "$aws/things/+/shadow/update",
                            "dt/#")
                    .withDescription(
                            "';'-separated topic filters, subscribed with the configured QoS.");
    public static final ConfigOption<String> CLIENT_ID_PREFIX =
            MqttConnectionOptions.clientIdPrefix(
                    "fleetlake",
                    "Client ids are <prefix>-<subtask>; keep them stable, the broker keeps each "
                            + "client's persistent session (and its unacknowledged messages) by id.");
    public static final ConfigOption<String> SHARED_GROUP =
            ConfigOptions.key("shared-group")
                    .stringType()
                    .defaultValue("fleetlake")
                    .withDescription(
                            "Subscribe as $share/<group>/<filter> so the subtasks share the messages. Empty: "
                                    + "plain subscriptions (then the source must run with parallelism 1).");
    public static final ConfigOption<Integer> QOS =
            MqttConnectionOptions.qos(
                    "Subscription QoS. 1 (or 2) for at-least-once; 0 gives up redelivery.");
    public static final ConfigOption<Integer> MQTT_VERSION = MqttConnectionOptions.MQTT_VERSION;
    public static final ConfigOption<Duration> SESSION_EXPIRY =
            ConfigOptions.key("session-expiry")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "MQTT 5 session expiry: how long the broker keeps the session and queues messages "
                                    + "while the job is down (the broker may cap it; AWS IoT Core: 1 h by default, up to 7 days).");
    public static final ConfigOption<Integer> RECEIVE_MAXIMUM =
            ConfigOptions.key("receive-maximum")
                    .intType()
                    .defaultValue(65535)
                    .withDescription(
                            "MQTT 5 receive maximum: unacknowledged messages the broker may have out to one "
                                    + "subtask. Messages are acknowledged per checkpoint, so this caps messages per checkpoint "
                                    + "interval per subtask (AWS IoT Core caps it at 100).");
    public static final ConfigOption<Duration> KEEP_ALIVE =
            ConfigOptions.key("keep-alive")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription("MQTT keep-alive interval.");
    public static final ConfigOption<String> USERNAME = MqttConnectionOptions.USERNAME;
    public static final ConfigOption<String> PASSWORD = MqttConnectionOptions.PASSWORD;
    public static final ConfigOption<String> CERTIFICATE = MqttConnectionOptions.CERTIFICATE;
    public static final ConfigOption<String> PRIVATE_KEY = MqttConnectionOptions.PRIVATE_KEY;
    public static final ConfigOption<String> CA_CERTIFICATE = MqttConnectionOptions.CA_CERTIFICATE;
    public static final ConfigOption<List<String>> THING_NAME_PREFIXES =
            ConfigOptions.key("thing-name-prefixes")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "';'-separated thing-name prefixes (the IoT rule's startswith(topic(3), 'iotfleet_')). "
                                    + "Messages whose topic names a thing (thing_name in topic-templates) not starting with one "
                                    + "are not this job's data: they are acknowledged, counted in mqttFilteredByThingName and "
                                    + "skipped. Topics without a thing name pass. Unset: no filter.");
    public static final ConfigOption<Duration> RECONNECT_INITIAL_DELAY =
            ConfigOptions.key("reconnect-initial-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "First delay before reconnecting after the broker goes away; doubles per attempt.");
    public static final ConfigOption<Duration> RECONNECT_MAX_DELAY =
            ConfigOptions.key("reconnect-max-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("Longest delay between reconnect attempts.");
}
