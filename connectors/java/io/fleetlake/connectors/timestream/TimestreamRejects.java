package io.fleetlake.connectors.timestream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The sink's committable: the records rejected by the requests that completed before one checkpoint
 * barrier. The writer operator emits it ahead of the barrier (see {@link TimestreamSink#writeTo}).
 */
public final class TimestreamRejects {
    private final List<RejectedRecord> records;

    public TimestreamRejects(List<RejectedRecord> records) {
        this.records = Collections.unmodifiableList(new ArrayList<>(records));
    }

    public List<RejectedRecord> records() {
        return records;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimestreamRejects && records.equals(((TimestreamRejects) o).records);
    }

    @Override
    public int hashCode() {
        return Objects.hash(records);
    }

    @Override
    public String toString() {
        return "TimestreamRejects" + records;
    }

    /** Versioned binary form of {@link TimestreamRejects}. */
    public static final class Serializer implements SimpleVersionedSerializer<TimestreamRejects> {
        /** 2: each record's {@link RejectedRecord.Kind}; 1 had none (all REJECTED). */
        private static final int VERSION = 2;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(TimestreamRejects rejects) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(rejects.records.size());
                for (RejectedRecord r : rejects.records) {
                    TimestreamRecordSerde.write(r.record(), out);
                    TimestreamRecordSerde.writeLongString(r.reason(), out);
                    out.writeBoolean(r.existingVersion() != null);
                    if (r.existingVersion() != null) {
                        out.writeLong(r.existingVersion());
                    }
                    out.writeLong(r.rejectedAt());
                    out.writeByte(r.kind().ordinal());
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public TimestreamRejects deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 && version != VERSION) {
                throw new IOException(
                        "unknown version " + version + " of serialized Timestream rejects");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<RejectedRecord> records = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    TimestreamRecord record = TimestreamRecordSerde.read(in);
                    String reason = TimestreamRecordSerde.readLongString(in);
                    Long existing = in.readBoolean() ? in.readLong() : null;
                    long at = in.readLong();
                    RejectedRecord.Kind kind =
                            version >= 2
                                    ? RejectedRecord.Kind.values()[in.readByte()]
                                    : RejectedRecord.Kind.REJECTED;
                    records.add(new RejectedRecord(record, reason, existing, at, kind));
                }
                return new TimestreamRejects(records);
            }
        }
    }
}
