package io.fleetlake.connectors.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Serializes a {@link MqttSplit}: its index as four bytes. */
final class MqttSplitSerializer implements SimpleVersionedSerializer<MqttSplit> {
    static final MqttSplitSerializer INSTANCE = new MqttSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(MqttSplit split) {
        return ByteBuffer.allocate(4).putInt(split.index()).array();
    }

    @Override
    public MqttSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 || serialized.length != 4) {
            throw new IOException(
                    "unknown MQTT split format (version "
                            + version
                            + ", "
                            + serialized.length
                            + " bytes)");
        }
        return new MqttSplit(ByteBuffer.wrap(serialized).getInt());
    }
}
