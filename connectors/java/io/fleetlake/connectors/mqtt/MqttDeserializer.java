package io.fleetlake.connectors.mqtt;

import java.io.Serializable;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

/**
 * Turns a received MQTT message into zero or more records. The source is generic over this, so the
 * connector knows nothing of the job's types.
 *
 * <p>Emitting nothing is allowed (a configured filter): the message is still acknowledged with the
 * checkpoint that covers it, like every other message. A deserializer should not throw on bad
 * payloads — pass the bytes on and let the job turn them into dead letters — because a throw fails
 * the job, and after the restart the broker redelivers the same message.
 *
 * @param <T> the record type
 */
public interface MqttDeserializer<T> extends Serializable, ResultTypeQueryable<T> {

    /**
     * Called once per reader before the first message, with the reader's metric group for own
     * counters.
     */
    default void open(MetricGroup metrics) throws Exception {}

    /** Emits the records for one message. */
    void deserialize(MqttMessage message, Collector<T> out) throws Exception;
}
