package io.fleetlake.connectors.lake;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Serializes a {@link BackfillRunCheckpoint}. Version 1: the run id (modified UTF-8), then the
 * wrapped checkpoint with its own serializer's version ({@link
 * SimpleVersionedSerialization#writeVersionAndSerialize}), so the wrapped serializer can evolve on
 * its own.
 *
 * @param <EnumChkT> the wrapped checkpoint type
 */
public final class BackfillRunCheckpointSerializer<EnumChkT>
        implements SimpleVersionedSerializer<BackfillRunCheckpoint<EnumChkT>> {
    static final int VERSION = 1;

    private final SimpleVersionedSerializer<EnumChkT> delegate;

    public BackfillRunCheckpointSerializer(SimpleVersionedSerializer<EnumChkT> delegate) {
        this.delegate = delegate;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(BackfillRunCheckpoint<EnumChkT> checkpoint) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeUTF(checkpoint.runId());
        SimpleVersionedSerialization.writeVersionAndSerialize(
                delegate, checkpoint.enumeratorState(), out);
        return out.getCopyOfBuffer();
    }

    @Override
    public BackfillRunCheckpoint<EnumChkT> deserialize(int version, byte[] serialized)
            throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "unknown backfill run checkpoint version "
                            + version
                            + " (knows "
                            + VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String run = in.readUTF();
        return new BackfillRunCheckpoint<>(
                run, SimpleVersionedSerialization.readVersionAndDeSerialize(delegate, in));
    }
}
