package io.fleetlake.connectors.mqtt;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * An unbounded, at-least-once MQTT source (FLIP-27). Each subtask holds one persistent session
 * (client id {@code <prefix>-<subtask>}) subscribed with QoS 1, shared across subtasks through
 * {@code $share/{group}/...}; messages are acknowledged to the broker only after the checkpoint
 * that contains them completes. Build it with {@link MqttSourceFactory}.
 *
 * @param <T> the record type the deserializer produces
 */
public final class MqttSource<T>
        implements Source<T, MqttSplit, MqttEnumeratorState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final MqttConnectionConfig config;
    private final MqttDeserializer<T> deserializer;

    MqttSource(MqttConnectionConfig config, MqttDeserializer<T> deserializer) {
        this.config = config;
        this.deserializer = deserializer;
    }

    public MqttConnectionConfig config() {
        return config;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, MqttSplit> createReader(SourceReaderContext readerContext) {
        return new MqttSourceReader<>(readerContext, config, deserializer);
    }

    @Override
    public SplitEnumerator<MqttSplit, MqttEnumeratorState> createEnumerator(
            SplitEnumeratorContext<MqttSplit> enumContext) {
        return new MqttSplitEnumerator(enumContext, null);
    }

    @Override
    public SplitEnumerator<MqttSplit, MqttEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<MqttSplit> enumContext, MqttEnumeratorState checkpoint) {
        return new MqttSplitEnumerator(enumContext, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<MqttSplit> getSplitSerializer() {
        return MqttSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<MqttEnumeratorState> getEnumeratorCheckpointSerializer() {
        return MqttEnumeratorState.Serializer.INSTANCE;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }
}
