package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.Delivery;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns what the field rules found in a document into rows: a {@link Breadcrumb} for a position, a
 * {@link Reading} for the measures of the message's time, one more per distinct {@code {ts,value}}
 * element time. Checks first what only the whole document can tell: that it holds a position or a
 * measure, that measures have a device, that the rows have an event time (a live message's arrival
 * time stands in for a missing one; a file's read time does not) and that no text is longer than
 * {@code Job.max-text-length}.
 */
final class RowBuilder implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final DecodeLimits limits;

    RowBuilder(DecodeLimits limits) {
        this.limits = limits;
    }

    void emit(
            RawMessage message,
            ShadowEnvelope doc,
            Identity id,
            Long messageTime,
            PositionRule.Position position,
            MeasureRule m,
            MessageOutput out) {
        if (position == null && !m.hasMeasures()) {
            throw new Rejected(
                    DeadLetterReason.NO_POSITION_OR_MEASURE, "no position and no numeric measure");
        }
        if (m.hasMeasures() && id.deviceId == null) {
            throw new Rejected(
                    DeadLetterReason.NO_DEVICE_ID,
                    "no device id in payload ("
                            + String.join(", ", FieldNames.DEVICE_ID)
                            + ") and none from topic '"
                            + id.topic
                            + "'");
        }
        long time = eventTime(message, messageTime, position != null || !m.measures.isEmpty());
        String heading = position == null ? null : text(doc.body.get("heading"));
        String address = position == null ? null : text(doc.body.get("address"));
        checkTextLengths(id, heading, address, m);

        if (position != null) {
            out.breadcrumb(breadcrumb(message, doc, id, time, position, heading, address));
        }
        if (!m.measures.isEmpty()) {
            out.reading(reading(message, id, time, m.measures, m.attributes));
        }
        if (m.elements != null && !m.elements.isEmpty()) {
            // One reading per distinct element time; arrays that share a ts are merged into that
            // reading.
            TreeMap<Long, TreeMap<String, Double>> byTime = new TreeMap<>();
            for (MeasureRule.ArrayElement e : m.elements) {
                byTime.computeIfAbsent(e.time, k -> new TreeMap<>()).put(e.measure, e.value);
            }
            for (Map.Entry<Long, TreeMap<String, Double>> e : byTime.entrySet()) {
                out.reading(
                        reading(
                                message,
                                id,
                                e.getKey(),
                                e.getValue(),
                                new HashMap<>(m.attributes)));
            }
        }
    }

    /**
     * The time of the rows that have no time of their own: the message's; else a live message's
     * arrival time; a file's read time never (Long.MIN_VALUE when no such row is made: only
     * {ts,value} readings).
     */
    private static long eventTime(RawMessage message, Long messageTime, boolean needed) {
        if (messageTime != null) {
            return messageTime;
        }
        if (message.delivery != Delivery.FILE) {
            return message.arrivalTime;
        }
        if (needed) {
            throw new Rejected(
                    DeadLetterReason.NO_TIMESTAMP,
                    "a row from a file needs an event time of its own ("
                            + String.join(", ", FieldNames.TIME)
                            + "); the time the file was read says nothing about it");
        }
        return Long.MIN_VALUE;
    }

    private void checkTextLengths(Identity id, String heading, String address, MeasureRule m) {
        checkLength("device id", id.deviceId);
        checkLength("thing name", id.thingName);
        checkLength("topic", id.topic);
        checkLength("heading", heading);
        checkLength("address", address);
        for (Map.Entry<String, String> a : m.attributes.entrySet()) {
            checkLength("attribute name", a.getKey());
            checkLength("attribute '" + abbreviate(a.getKey()) + "'", a.getValue());
        }
        for (String measure : m.measures.keySet()) {
            checkLength("measure name", measure);
        }
        if (m.elements != null) {
            for (MeasureRule.ArrayElement e : m.elements) {
                checkLength("measure name", e.measure);
            }
        }
    }

    private static Breadcrumb breadcrumb(
            RawMessage message,
            ShadowEnvelope doc,
            Identity id,
            long time,
            PositionRule.Position position,
            String heading,
            String address) {
        Breadcrumb b = new Breadcrumb();
        b.thingName = id.thingName != null ? id.thingName : id.deviceId;
        b.deviceId = id.deviceId;
        b.topic = id.topic;
        b.eventTime = time;
        b.lat = position.lat;
        b.lon = position.lon;
        b.speed = Numbers.asDouble(doc.body.get("speed"));
        b.heading = heading;
        b.ignition = Numbers.asBoolean(doc.body.get("ignition"));
        b.address = address;
        b.shadowVersion = doc.version;
        b.source = message.source;
        b.origin = message.origin;
        return b;
    }

    private void checkLength(String what, String value) {
        if (value != null && value.length() > limits.maxTextLength) {
            throw new Rejected(
                    DeadLetterReason.TOO_LARGE,
                    what
                            + " has "
                            + value.length()
                            + " characters, more than Job.max-text-length ("
                            + limits.maxTextLength
                            + ")");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Reading reading(
            RawMessage message,
            Identity id,
            long eventTime,
            Map<String, Double> measures,
            Map<String, String> attributes) {
        Reading r = new Reading();
        r.deviceId = id.deviceId;
        r.thingName = id.thingName;
        r.topic = id.topic;
        r.eventTime = eventTime;
        r.measures = new HashMap<>(measures);
        r.temperature = measures.get("temperature");
        r.humidity = measures.get("humidity");
        r.pressure = measures.get("pressure");
        r.attributes = attributes;
        r.source = message.source;
        r.origin = message.origin;
        return r;
    }
}
