package io.fleetlake.connectors.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What the enumerator checkpoints: the sessions (split indices) created so far and those not held
 * by any reader. A created session is never forgotten: after a scale-down its client id is still
 * connected by some reader, so its persistent session (and any messages the broker queued for it)
 * is drained rather than abandoned.
 */
public final class MqttEnumeratorState {
    private final Set<Integer> created;
    private final Set<Integer> unassigned;

    public MqttEnumeratorState(Set<Integer> created, Set<Integer> unassigned) {
        this.created = Collections.unmodifiableSet(new TreeSet<>(created));
        this.unassigned = Collections.unmodifiableSet(new TreeSet<>(unassigned));
    }

    public Set<Integer> created() {
        return created;
    }

    public Set<Integer> unassigned() {
        return unassigned;
    }

    /** Serializer of {@link MqttEnumeratorState}. */
    static final class Serializer implements SimpleVersionedSerializer<MqttEnumeratorState> {
        static final Serializer INSTANCE = new Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(MqttEnumeratorState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeSet(out, state.created);
                writeSet(out, state.unassigned);
            }
            return bytes.toByteArray();
        }

        @Override
        public MqttEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown MQTT enumerator state version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new MqttEnumeratorState(readSet(in), readSet(in));
            }
        }

        private static void writeSet(DataOutputStream out, Set<Integer> set) throws IOException {
            out.writeInt(set.size());
            for (int i : set) {
                out.writeInt(i);
            }
        }

        private static Set<Integer> readSet(DataInputStream in) throws IOException {
            int n = in.readInt();
            Set<Integer> set = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                set.add(in.readInt());
            }
            return set;
        }
    }
}
