package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.job.model.DeadLetterReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures and attributes of a document. Every body field without a meaning of its own ({@link
 * FieldNames}) is a measure when it holds a finite number or a numeric string (unless its name
 * looks like an identifier), a {@code {ts,value}} array (one reading per element time), or else an
 * attribute (text; objects as JSON). A non-finite number (1e400) is never a measure. Root-level
 * context next to a shadow document becomes attributes.
 */
final class MeasureRule {
    /** Measures of the message's own time, by name. */
    final TreeMap<String, Double> measures = new TreeMap<>();

    final Map<String, String> attributes = new HashMap<>();

    /** Elements of {@code {ts,value}} arrays; null when there are none. */
    List<ArrayElement> elements;

    private MeasureRule() {}

    /** One element of a {@code {ts,value}} array. */
    static final class ArrayElement {
        final String measure;
        final long time;
        final double value;

        ArrayElement(String measure, long time, double value) {
            this.measure = measure;
            this.time = time;
            this.value = value;
        }
    }

    /** Reads the body's measures and attributes; rejects a bad or implausible array element. */
    static MeasureRule of(ShadowEnvelope doc, EventTimeRule times, long now) {
        MeasureRule m = new MeasureRule();
        doc.body.forEach((name, v) -> m.field(name, v, times, now));
        if (doc.isEnvelope()) {
            // Root-level context a rule or gateway added next to the shadow document (not the
            // shadow's own parts).
            doc.root.forEach(
                    (name, v) -> {
                        if (!ShadowEnvelope.DOCUMENT_FIELDS.contains(name)
                                && !FieldNames.isNotMeasureOrAttribute(name)
                                && v.isValueNode()
                                && !v.isNull()) {
                            m.attributes.putIfAbsent(name, v.asText());
                        }
                    });
        }
        return m;
    }

    boolean hasMeasures() {
        return !measures.isEmpty() || (elements != null && !elements.isEmpty());
    }

    private void field(String name, JsonNode v, EventTimeRule times, long now) {
        if (v.isNull()) {
            return;
        }
        // A "location" that is not a position object is a place name (CSV historians): an
        // attribute.
        boolean placeName = name.equals("location") && !v.isObject();
        if (!placeName && FieldNames.isNotMeasureOrAttribute(name)) {
            return;
        }
        if (v.isArray() && isTsValueArray(v)) {
            if (elements == null) {
                elements = new ArrayList<>();
            }
            collectElements(name, v, times, now);
            return;
        }
        Double number = placeName || FieldNames.isIdLike(name) ? null : Numbers.asDouble(v);
        if (number != null) {
            measures.put(name, number);
        } else if (v.isValueNode()) {
            attributes.put(name, v.asText());
        } else {
            attributes.put(name, v.toString());
        }
    }

    private static boolean isTsValueArray(JsonNode array) {
        if (array.isEmpty()) {
            return false;
        }
        JsonNode first = array.get(0);
        return first.isObject() && first.has("value");
    }

    private void collectElements(String measure, JsonNode array, EventTimeRule times, long now) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            if (!e.isObject()) {
                throw new Rejected(
                        DeadLetterReason.BAD_ARRAY_ELEMENT,
                        measure + "[" + i + "] is not an object: " + e);
            }
            Double value = Numbers.asDouble(e.get("value"));
            if (value == null) {
                throw new Rejected(
                        DeadLetterReason.BAD_ARRAY_ELEMENT,
                        measure + "[" + i + "].value is not a number: " + e.get("value"));
            }
            JsonNode ts = null;
            for (String n : FieldNames.ELEMENT_TIME) {
                JsonNode t = e.get(n);
                if (t != null && !t.isNull()) {
                    ts = t;
                    break;
                }
            }
            if (ts == null) {
                throw new Rejected(
                        DeadLetterReason.BAD_ARRAY_ELEMENT, measure + "[" + i + "] has no ts");
            }
            long time;
            try {
                time = EventTimes.parse(ts);
            } catch (IllegalArgumentException ex) {
                throw new Rejected(
                        DeadLetterReason.BAD_ARRAY_ELEMENT,
                        measure + "[" + i + "].ts: " + ex.getMessage());
            }
            times.checkPlausible(time, now, measure + "[" + i + "].ts");
            elements.add(new ArrayElement(measure, time, value));
        }
    }
}
