package io.fleetlake.connectors.sns;

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
 * The SNS sink's committable: the entries that could not be delivered by the requests completed
 * before one checkpoint barrier, each with the reason. The writer emits them ahead of the barrier
 * (see {@link SnsSink#writeTo}).
 */
public final class SnsFailures {
    /** One undeliverable entry. */
    public static final class Failure {
        private final SnsEntry entry;
        private final String reason;

        public Failure(SnsEntry entry, String reason) {
            this.entry = entry;
            this.reason = reason;
        }

        public SnsEntry entry() {
            return entry;
        }

        public String reason() {
            return reason;
        }
    }

    private final List<Failure> failures;

    public SnsFailures(List<Failure> failures) {
        this.failures = Collections.unmodifiableList(new ArrayList<>(failures));
    }

    public List<Failure> failures() {
        return failures;
    }

    /** Versioned binary form. */
    public static final class Serializer implements SimpleVersionedSerializer<SnsFailures> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(SnsFailures f) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(f.failures.size());
                for (Failure x : f.failures) {
                    x.entry.write(out);
                    out.writeUTF(
                            x.reason.length() > 10_000 ? x.reason.substring(0, 10_000) : x.reason);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public SnsFailures deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<Failure> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(new Failure(SnsEntry.read(in), in.readUTF()));
                }
                return new SnsFailures(list);
            }
        }
    }
}
