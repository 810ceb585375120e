package io.fleetlake.connectors.mqtt;

import java.util.Objects;

/**
 * The MQTT connector's entry point (AWS IoT Core or any MQTT 5 / 3.1.1 broker, HiveMQ client
 * underneath).
 *
 * <ul>
 *   <li>{@link #source}: an unbounded at-least-once FLIP-27 source; QoS 1, persistent sessions,
 *       manual acknowledgement after each completed checkpoint, shared subscriptions for
 *       parallelism &gt; 1, reconnect with backoff, mutual TLS or username/password;
 *   <li>{@link #publisher}: a publisher with the same connection settings, for demos and tests.
 * </ul>
 *
 * <p>What "at least once" means here: a message is acknowledged to the broker only after the
 * checkpoint that holds it completes, so the broker redelivers anything a failure lost. Duplicates
 * are possible for the messages of one checkpoint interval: when the job fails after a checkpoint
 * completes but before the acknowledgements reach the broker, and when the connection drops while
 * messages are emitted but not yet acknowledged (the broker redelivers them on the resumed
 * session).
 */
public final class MqttSourceFactory {
    private MqttSourceFactory() {}

    /**
     * @param config broker, topics and session settings (at least one topic filter)
     * @param deserializer turns each message into records
     */
    public static <T> MqttSource<T> source(
            MqttConnectionConfig config, MqttDeserializer<T> deserializer) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(deserializer, "deserializer");
        if (config.topics().isEmpty()) {
            throw new IllegalArgumentException("mqtt: the source needs at least one topic filter");
        }
        return new MqttSource<>(config, deserializer);
    }

    /** A connected publisher; the client id must differ from the source's session ids. */
    public static MqttPublisher publisher(MqttConnectionConfig config, String clientId)
            throws Exception {
        return new MqttPublisher(config, clientId);
    }
}
