package io.fleetlake.connectors.mqtt;

import java.util.Arrays;
import java.util.Objects;

/**
 * One message as the broker delivered it, before the job's deserializer sees it: the topic it was
 * published on, its payload and when this source received it.
 */
public final class MqttMessage {
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retained;
    private final long receivedAt;

    public MqttMessage(String topic, byte[] payload, int qos, boolean retained, long receivedAt) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.payload = payload == null ? new byte[0] : payload;
        this.qos = qos;
        this.retained = retained;
        this.receivedAt = receivedAt;
    }

    /**
     * The topic the message was published on (never a filter, never the {@code $share/...} prefix).
     */
    public String topic() {
        return topic;
    }

    /** The payload bytes (empty, never null, for an empty message). */
    public byte[] payload() {
        return payload;
    }

    /** Quality of service the broker delivered it with (0, 1 or 2). */
    public int qos() {
        return qos;
    }

    /** True when the broker sent it as a retained message (on subscribe). */
    public boolean retained() {
        return retained;
    }

    /** When this source received it, epoch milliseconds. */
    public long receivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        // Never the payload: it may be large, and it is the device's data, not a log line.
        return "MqttMessage{" + topic + " qos=" + qos + " bytes=" + payload.length + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MqttMessage)) {
            return false;
        }
        MqttMessage m = (MqttMessage) o;
        return qos == m.qos
                && retained == m.retained
                && receivedAt == m.receivedAt
                && topic.equals(m.topic)
                && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, qos, retained, receivedAt) * 31 + Arrays.hashCode(payload);
    }
}
