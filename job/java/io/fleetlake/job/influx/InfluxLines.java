package io.fleetlake.job.influx;

import io.fleetlake.connectors.influx.InfluxLine;
import io.fleetlake.connectors.influx.InfluxRejectConverter;
import io.fleetlake.connectors.influx.InfluxRejectedLine;
import io.fleetlake.connectors.influx.LineProtocol;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Fleetlake's InfluxDB schema: how a {@link Reading} and a {@link Breadcrumb} become one line of
 * line protocol each, and how a rejected line becomes a {@link DeadLetter}.
 *
 * <ul>
 *   <li>Readings: measurement {@code measurement-readings} (default {@code reading}); every entry
 *       of {@code measures} as a float field (names as received) plus {@code
 *       temperature_fahrenheit}.
 *   <li>Breadcrumbs: measurement {@code measurement-breadcrumbs}; float fields {@code lat}, {@code
 *       lon}, {@code speed}.
 *   <li>Tags: {@code device_id} and {@code thing_name}, then the {@code tag-attributes} keys, each
 *       when present and non-empty (an attribute never replaces device_id or thing_name).
 *   <li>Timestamp: event time in ms. A replay re-sends the identical line, which overwrites its own
 *       point.
 * </ul>
 */
public final class InfluxLines {
    static final String CONTEXT_SOURCE = "source";
    static final String CONTEXT_ORIGIN = "origin";

    private InfluxLines() {}

    /** Readings to lines of {@code measurement}. */
    public static ElementConverter<Reading, InfluxLine> readings(
            String measurement, List<String> tagAttributes) {
        List<String> tags = new ArrayList<>(tagAttributes);
        return new LineConverter<>(
                r -> new InfluxLine(line(measurement, tags, r), context(r.source, r.origin)));
    }

    /** Breadcrumbs to lines of {@code measurement}. */
    public static ElementConverter<Breadcrumb, InfluxLine> breadcrumbs(
            String measurement, List<String> tagAttributes) {
        List<String> tags = new ArrayList<>(tagAttributes);
        return new LineConverter<>(
                c -> new InfluxLine(line(measurement, tags, c), context(c.source, c.origin)));
    }

    /** The line of one reading. */
    public static String line(String measurement, List<String> tagAttributes, Reading r) {
        LineProtocol line = LineProtocol.line(measurement);
        tags(line, r.deviceId, r.thingName, r.attributes, tagAttributes);
        if (r.measures != null) {
            r.measures.forEach(line::field);
        }
        if (r.temperatureFahrenheit != null) {
            line.field("temperature_fahrenheit", r.temperatureFahrenheit);
        }
        if (!line.hasFields()) {
            // Every reading has a measure, but one that is NaN or infinite cannot be stored: an
            // explicit marker
            // keeps the line valid instead of failing the sink.
            line.field("no_finite_measure", Boolean.TRUE);
        }
        return line.timeMillis(r.eventTime).build();
    }

    /** The line of one breadcrumb. */
    public static String line(String measurement, List<String> tagAttributes, Breadcrumb c) {
        LineProtocol line = LineProtocol.line(measurement);
        tags(line, c.deviceId, c.thingName, c.attributes, tagAttributes);
        return line.field("lat", c.lat)
                .field("lon", c.lon)
                .field("speed", c.speed)
                .timeMillis(c.eventTime)
                .build();
    }

    private static void tags(
            LineProtocol line,
            String deviceId,
            String thingName,
            Map<String, String> attributes,
            List<String> keys) {
        if (attributes != null) {
            for (String key : keys) {
                line.tag(key, attributes.get(key));
            }
        }
        line.tag("device_id", deviceId).tag("thing_name", thingName);
    }

    /**
     * Rejected lines to dead letters (reason code {@code influx_rejected}, or {@code
     * influx_unavailable} for lines given up after {@code retry-duration}).
     */
    public static InfluxRejectConverter<DeadLetter> deadLetters(String target) {
        return rejected -> deadLetter(target, rejected);
    }

    static DeadLetter deadLetter(String target, InfluxRejectedLine rejected) {
        DeadLetter d = new DeadLetter();
        // When the rejection was learnt: the line's own time may be far from now (that may be why
        // it was refused).
        d.receivedAt = rejected.rejectedAt();
        d.source = rejected.line().context().get(CONTEXT_SOURCE);
        d.origin = rejected.line().context().get(CONTEXT_ORIGIN);
        d.reasonCode =
                (rejected.unavailable()
                                ? DeadLetterReason.INFLUX_UNAVAILABLE
                                : DeadLetterReason.INFLUX_REJECTED)
                        .code();
        d.reason = d.reasonCode + ": " + target + ": " + rejected.reason();
        d.payload = rejected.line().line();
        d.payloadEncoding = "utf8";
        return d;
    }

    private static Map<String, String> context(String source, String origin) {
        Map<String, String> c = new java.util.HashMap<>(4);
        c.put(CONTEXT_SOURCE, source);
        c.put(CONTEXT_ORIGIN, origin);
        return c;
    }

    /**
     * An element converter from a serializable function (the lambdas above capture only names and
     * keys).
     */
    private static final class LineConverter<T> implements ElementConverter<T, InfluxLine> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<T, InfluxLine> toLine;

        LineConverter(SerializableFunction<T, InfluxLine> toLine) {
            this.toLine = toLine;
        }

        @Override
        public InfluxLine apply(T element, SinkWriter.Context context) {
            return toLine.apply(element);
        }
    }
}
