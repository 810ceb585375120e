package io.fleetlake.connectors.mqtt;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One MQTT session: the reader holding split {@code i} connects as client {@code <prefix>-i}.
 * Normally split {@code i} lives on subtask {@code i}, so each subtask keeps the same client id
 * (and with it its persistent session and unacknowledged messages) across restarts. The split has
 * no position: the broker keeps the session, and acknowledgements are tied to checkpoints in the
 * reader.
 */
public final class MqttSplit implements SourceSplit {
    private final int index;

    public MqttSplit(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("split index must be >= 0");
        }
        this.index = index;
    }

    public int index() {
        return index;
    }

    @Override
    public String splitId() {
        return "mqtt-session-" + index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttSplit && ((MqttSplit) o).index == index;
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return splitId();
    }
}
