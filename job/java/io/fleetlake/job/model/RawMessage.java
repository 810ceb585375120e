package io.fleetlake.job.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One message as a source delivered it, before any decoding: the bytes, where they came from and
 * when.
 *
 * <p>Every source (simulator, files, Kinesis, MQTT) yields this type, so nothing after the sources
 * knows which system a message came from except through {@link #source}, {@link #origin} and {@link
 * #topic}. A flat Flink POJO (public fields, no-arg constructor) so it is serialized without Kryo.
 */
public class RawMessage {

    /** How the payload is to be read. */
    public static final String FORMAT_JSON = "json";

    /** A CSV data row; {@link #csvHeader} holds the file's header row. */
    public static final String FORMAT_CSV = "csv";

    /** Which kind of source produced it: simulator, file, kinesis or mqtt. */
    public String source;

    /** Where exactly: file and line, MQTT topic, or stream/shard/sequence number. */
    public String origin;

    /** MQTT topic if known (null for plain files and Kinesis records without one). */
    public String topic;

    /** When the source received it, epoch milliseconds. */
    public long arrivalTime;

    /** {@link #FORMAT_JSON} or {@link #FORMAT_CSV}. */
    public String format;

    /** Header row of the CSV file the row came from; null for JSON. */
    public String csvHeader;

    /** The message bytes as received. */
    public byte[] payload;

    /** Live from a device, or replayed from a file; see {@link Delivery}. */
    public Delivery delivery = Delivery.LIVE;

    public RawMessage() {}

    public RawMessage(
            String source,
            String origin,
            String topic,
            long arrivalTime,
            String format,
            String csvHeader,
            byte[] payload) {
        this.source = source;
        this.origin = origin;
        this.topic = topic;
        this.arrivalTime = arrivalTime;
        this.format = format;
        this.csvHeader = csvHeader;
        this.payload = payload;
    }

    /** A JSON message. */
    public static RawMessage json(
            String source, String origin, String topic, long arrivalTime, byte[] payload) {
        return new RawMessage(source, origin, topic, arrivalTime, FORMAT_JSON, null, payload);
    }

    /** A line or CSV row of a file: origin {@code path:line}, read at {@code readTime}. */
    public static RawMessage fromFile(
            String origin, long readTime, String format, String csvHeader, byte[] payload) {
        RawMessage m = new RawMessage("file", origin, null, readTime, format, csvHeader, payload);
        m.delivery = Delivery.FILE;
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RawMessage)) {
            return false;
        }
        RawMessage that = (RawMessage) o;
        return arrivalTime == that.arrivalTime
                && Objects.equals(source, that.source)
                && Objects.equals(origin, that.origin)
                && Objects.equals(topic, that.topic)
                && Objects.equals(format, that.format)
                && Objects.equals(csvHeader, that.csvHeader)
                && delivery == that.delivery
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, origin, topic, arrivalTime) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RawMessage{"
                + source
                + " "
                + origin
                + " topic="
                + topic
                + " bytes="
                + (payload == null ? 0 : payload.length)
                + "}";
    }
}
