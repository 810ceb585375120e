package io.fleetlake.connectors.influx;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of line protocol as the sink buffers it, with context the application wants back if the
 * line is rejected (e.g. the source and origin of the message), which is never sent.
 */
public final class InfluxLine implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String line;
    // Serializable: an unmodifiable view of a LinkedHashMap.
    private final Map<String, String> context;
    private final int sizeInBytes;

    public InfluxLine(String line, Map<String, String> context) {
        this.line = Objects.requireNonNull(line, "line");
        Map<String, String> copy = new LinkedHashMap<>();
        if (context != null) {
            context.forEach(
                    (k, v) -> {
                        if (k != null && v != null) {
                            copy.put(k, v);
                        }
                    });
        }
        this.context = Collections.unmodifiableMap(copy);
        // UTF-8 bytes plus the newline that ends it in a request body.
        this.sizeInBytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
    }

    public static InfluxLine of(String line) {
        return new InfluxLine(line, null);
    }

    public String line() {
        return line;
    }

    public Map<String, String> context() {
        return context;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    void write(DataOutput out) throws IOException {
        writeString(line, out);
        out.writeInt(context.size());
        for (Map.Entry<String, String> e : context.entrySet()) {
            writeString(e.getKey(), out);
            writeString(e.getValue(), out);
        }
    }

    static InfluxLine read(DataInput in) throws IOException {
        String line = readString(in);
        int n = in.readInt();
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            context.put(readString(in), readString(in));
        }
        return new InfluxLine(line, context);
    }

    /** UTF-8 with an int length (writeUTF stops at 64 KB). */
    static void writeString(String s, DataOutput out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInput in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            throw new IOException("negative string length " + len + " in serialized Influx line");
        }
        byte[] bytes = new byte[len];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfluxLine
                && line.equals(((InfluxLine) o).line)
                && context.equals(((InfluxLine) o).context);
    }

    @Override
    public int hashCode() {
        return line.hashCode();
    }

    @Override
    public String toString() {
        return line;
    }
}
