package io.fleetlake.connectors.timestream;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/**
 * Serializes the Timestream sink writer's buffered records into checkpoints. Records still in the
 * buffer when a checkpoint is taken are restored and sent after a restart, with the same version.
 */
public final class TimestreamWriterStateSerializer
        extends AsyncSinkWriterStateSerializer<TimestreamRecord> {
    /** Version 1: {@link TimestreamRecordSerde}'s layout. */
    private static final int VERSION = 1;

    @Override
    protected void serializeRequestToStream(TimestreamRecord request, DataOutputStream out)
            throws IOException {
        TimestreamRecordSerde.write(request, out);
    }

    @Override
    protected TimestreamRecord deserializeRequestFromStream(long requestSize, DataInputStream in)
            throws IOException {
        return TimestreamRecordSerde.read(in);
    }

    @Override
    public int getVersion() {
        return VERSION;
    }
}
