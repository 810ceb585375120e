package io.fleetlake.connectors.sns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;

/**
 * One SNS message to publish: body, optional subject, the de-duplication key receivers (and FIFO
 * topics) use, the message group (FIFO topics), and how many attempts it has had. Its binary form
 * is the sink's checkpointed buffer.
 */
public final class SnsEntry implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String message;
    private final String subject;
    private final String deduplicationId;
    private final String groupId;
    private final int attempts;

    public SnsEntry(String message, String subject, String deduplicationId, String groupId) {
        this(message, subject, deduplicationId, groupId, 0);
    }

    private SnsEntry(
            String message, String subject, String deduplicationId, String groupId, int attempts) {
        this.message = Objects.requireNonNull(message);
        this.subject = subject;
        this.deduplicationId = deduplicationId;
        this.groupId = groupId;
        this.attempts = attempts;
    }

    public String message() {
        return message;
    }

    public String subject() {
        return subject;
    }

    public String deduplicationId() {
        return deduplicationId;
    }

    public String groupId() {
        return groupId;
    }

    public int attempts() {
        return attempts;
    }

    SnsEntry retried() {
        return new SnsEntry(message, subject, deduplicationId, groupId, attempts + 1);
    }

    long sizeInBytes() {
        return message.length() * 3L + (subject == null ? 0 : subject.length() * 3L) + 64;
    }

    void write(DataOutputStream out) throws IOException {
        writeLong(out, message);
        writeNullable(out, subject);
        writeNullable(out, deduplicationId);
        writeNullable(out, groupId);
        out.writeInt(attempts);
    }

    static SnsEntry read(DataInputStream in) throws IOException {
        String message = readLong(in);
        String subject = readNullable(in);
        String dedup = readNullable(in);
        String group = readNullable(in);
        return new SnsEntry(message, subject, dedup, group, in.readInt());
    }

    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLong(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeLong(out, s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readLong(in) : null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SnsEntry)) {
            return false;
        }
        SnsEntry e = (SnsEntry) o;
        return attempts == e.attempts
                && message.equals(e.message)
                && Objects.equals(subject, e.subject)
                && Objects.equals(deduplicationId, e.deduplicationId)
                && Objects.equals(groupId, e.groupId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, deduplicationId, attempts);
    }

    @Override
    public String toString() {
        return "SnsEntry{" + deduplicationId + " attempts=" + attempts + "}";
    }
}
