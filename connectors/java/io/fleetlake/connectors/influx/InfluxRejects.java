package io.fleetlake.connectors.influx;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The sink's committable: the lines rejected by the requests that completed before one checkpoint
 * barrier. The writer operator emits it ahead of the barrier (see {@link InfluxSink#writeTo}).
 */
public final class InfluxRejects {
    private final List<InfluxRejectedLine> lines;

    public InfluxRejects(List<InfluxRejectedLine> lines) {
        this.lines = Collections.unmodifiableList(new ArrayList<>(lines));
    }

    public List<InfluxRejectedLine> lines() {
        return lines;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfluxRejects && lines.equals(((InfluxRejects) o).lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return "InfluxRejects" + lines;
    }

    /** Versioned binary form of {@link InfluxRejects}. */
    public static final class Serializer implements SimpleVersionedSerializer<InfluxRejects> {
        /** 2: a flag per line, {@link InfluxRejectedLine#unavailable()}; 1 had none. */
        private static final int VERSION = 2;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(InfluxRejects rejects) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(rejects.lines.size());
                for (InfluxRejectedLine r : rejects.lines) {
                    r.line().write(out);
                    InfluxLine.writeString(r.reason(), out);
                    out.writeLong(r.rejectedAt());
                    out.writeBoolean(r.unavailable());
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public InfluxRejects deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 && version != VERSION) {
                throw new IOException(
                        "unknown version " + version + " of serialized Influx rejects");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<InfluxRejectedLine> lines = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    InfluxLine line = InfluxLine.read(in);
                    String reason = InfluxLine.readString(in);
                    long at = in.readLong();
                    boolean unavailable = version >= 2 && in.readBoolean();
                    lines.add(new InfluxRejectedLine(line, reason, at, unavailable));
                }
                return new InfluxRejects(lines);
            }
        }
    }
}
