package io.fleetlake.connectors.influx;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/**
 * Serializes the lines still buffered in the Influx sink writer into checkpoints; they are sent
 * after a restore.
 */
public final class InfluxWriterStateSerializer extends AsyncSinkWriterStateSerializer<InfluxLine> {
    private static final int VERSION = 1;

    @Override
    protected void serializeRequestToStream(InfluxLine request, DataOutputStream out)
            throws IOException {
        request.write(out);
    }

    @Override
    protected InfluxLine deserializeRequestFromStream(long requestSize, DataInputStream in)
            throws IOException {
        return InfluxLine.read(in);
    }

    @Override
    public int getVersion() {
        return VERSION;
    }
}
