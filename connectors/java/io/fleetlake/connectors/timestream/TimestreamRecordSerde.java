package io.fleetlake.connectors.timestream;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Binary form of a {@link TimestreamRecord}, shared by the writer-state serializer (buffered
 * records) and the rejected-records serializer. Explicit fields rather than Java serialization, so
 * checkpoints stay readable when the class evolves: a new field gets a new state version.
 */
final class TimestreamRecordSerde {
    private TimestreamRecordSerde() {}

    static void write(TimestreamRecord r, DataOutput out) throws IOException {
        out.writeUTF(r.measureName());
        out.writeLong(r.timeMillis());
        out.writeLong(r.version());
        writeMap(r.dimensions(), out);
        out.writeInt(r.measures().size());
        for (TimestreamRecord.Measure m : r.measures()) {
            out.writeUTF(m.name());
            writeLongString(m.value(), out);
            out.writeByte(m.type().ordinal());
        }
        writeMap(r.context(), out);
    }

    static TimestreamRecord read(DataInput in) throws IOException {
        String measureName = in.readUTF();
        long time = in.readLong();
        long version = in.readLong();
        TimestreamRecord.Builder b = TimestreamRecord.builder(measureName, time, version);
        int dims = in.readInt();
        for (int i = 0; i < dims; i++) {
            b.dimension(readLongString(in), readLongString(in));
        }
        int measures = in.readInt();
        TimestreamRecord.MeasureType[] types = TimestreamRecord.MeasureType.values();
        for (int i = 0; i < measures; i++) {
            String name = in.readUTF();
            String value = readLongString(in);
            int type = in.readByte();
            if (type < 0 || type >= types.length) {
                throw new IOException(
                        "unknown measure type " + type + " in serialized Timestream record");
            }
            b.measure(name, value, types[type]);
        }
        int ctx = in.readInt();
        for (int i = 0; i < ctx; i++) {
            b.context(readLongString(in), readLongString(in));
        }
        return b.build();
    }

    private static void writeMap(Map<String, String> map, DataOutput out) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeLongString(e.getKey(), out);
            writeLongString(e.getValue(), out);
        }
    }

    /**
     * UTF-8 with an int length: writeUTF stops at 64 KB, and dimension or context values may be
     * longer.
     */
    static void writeLongString(String s, DataOutput out) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readLongString(DataInput in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            throw new IOException(
                    "negative string length " + len + " in serialized Timestream record");
        }
        byte[] bytes = new byte[len];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
