package io.fleetlake.job.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.fleetlake.connectors.kinesis.KplAggregation;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one {@link RawMessage} into lake rows: every payload shape the fleet sends becomes {@link Reading}s
 * and/or a {@link Breadcrumb}, and anything it cannot read becomes a {@link DeadLetter} with the reason.
 * It never throws for bad input.
 *
 * <p>Shapes understood (see README, "Payload shapes"):
 * <ul>
 *   <li>AWS IoT shadow documents ({@code current.state.reported}), shadow updates ({@code state.reported}) and
 *       bare {@code reported} objects, with position as {@code location.{lat,lon}}, {@code lat/lon} or
 *       {@code latitude/longitude}, and numbers/booleans sent as strings;</li>
 *   <li>flat telemetry and measures objects ({@code dt/...} topics);</li>
 *   <li>{@code {ts,value}} arrays, one reading per element (payload de-aggregation);</li>
 *   <li>CSV rows (all strings) against their file's header;</li>
 *   <li>several JSON messages in one payload (newline-delimited or concatenated);</li>
 *   <li>IoT rule context fields {@code thetopic}/{@code thingnm} filling topic and thing name.</li>
 * </ul>
 */
public final class MessageNormalizer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Fields that identify the device, in order of preference. */
    static final List<String> DEVICE_ID_FIELDS = List.of("device_id", "deviceId", "sensor-id", "sensor_id",
            "sensorId", "thingName", "thing_name", "thingnm");
    /** Fields that name the thing. */
    static final List<String> THING_NAME_FIELDS = List.of("thingName", "thing_name", "thingnm");
    /** Fields that carry the event time, in order of preference. */
    static final List<String> TIME_FIELDS =
            List.of("timestamp", "time", "ts", "event_time", "eventTime", "bctime");
    /** IoT rule context fields ({@code SELECT topic() AS thetopic, topic(3) AS thingnm, *}). */
    static final String RULE_TOPIC_FIELD = "thetopic";
    static final String RULE_THING_FIELD = "thingnm";
    /** Breadcrumb fields: never measures, never reading attributes. */
    static final Set<String> POSITION_FIELDS = Set.of("location", "lat", "lon", "lng", "latitude", "longitude",
            "speed", "heading", "ignition", "address");
    /** Version fields: never measures. */
    static final Set<String> VERSION_FIELDS = Set.of("version", "shadowVersion", "shadow_version");

    private final TopicTemplates topicTemplates;

    private transient ObjectReader jsonReader;
    private transient ObjectReader csvReader;
    private transient String cachedCsvHeader;
    private transient String[] cachedCsvColumns;

    public MessageNormalizer(TopicTemplates topicTemplates) {
        this.topicTemplates = topicTemplates;
    }

    private ObjectReader json() {
        if (jsonReader == null) {
            jsonReader = new ObjectMapper().readerFor(JsonNode.class);
        }
        return jsonReader;
    }

    /** Decodes one message into the output. Never throws for bad input: it becomes a dead letter. */
    public void normalize(RawMessage message, MessageOutput out) {
        try {
            if (message.payload == null || message.payload.length == 0 || isBlank(message.payload)) {
                out.deadLetter(DeadLetter.of(message, DeadLetterReason.EMPTY, "empty payload"));
                return;
            }
            String aggregateProblem = KplAggregation.describe(message.payload);
            if (aggregateProblem != null) {
                // Kinesis consumers pass a damaged KPL aggregate through as one plain record; its binary body
                // must not be read as lines of JSON (its user records are embedded verbatim).
                out.deadLetter(DeadLetter.of(message, DeadLetterReason.CORRUPT_AGGREGATE, aggregateProblem));
                return;
            }
            if (RawMessage.FORMAT_CSV.equals(message.format)) {
                ObjectNode row = csvRow(message, out);
                if (row != null) {
                    normalizeObject(message, row, message.payload, out);
                }
                return;
            }
            decodeJson(message, out);
        } catch (RuntimeException e) {
            // A bug must not stop the fleet's data: report it with the message instead of failing the job.
            out.deadLetter(DeadLetter.of(message, DeadLetterReason.UNEXPECTED, e.toString()));
        }
    }

    private void decodeJson(RawMessage message, MessageOutput out) {
        List<JsonNode> docs = new ArrayList<>(1);
        // A parser loop, not readValues(): that would unwrap a root-level array into its elements.
        try (JsonParser parser = json().createParser(message.payload)) {
            while (parser.nextToken() != null) {
                docs.add(json().readTree(parser));
            }
        } catch (IOException | RuntimeException e) {
            if (containsNewline(message.payload)) {
                decodeLines(message, out);
            } else {
                out.deadLetter(DeadLetter.of(message, DeadLetterReason.NOT_JSON, jsonError(e)));
            }
            return;
        }
        for (JsonNode doc : docs) {
            byte[] docBytes = docs.size() == 1 ? message.payload : doc.toString().getBytes(StandardCharsets.UTF_8);
            normalizeDocument(message, doc, docBytes, out);
        }
    }

    /** A multi-line payload that is not one stream of JSON values: each line on its own, bad ones dead-lettered. */
    private void decodeLines(RawMessage message, MessageOutput out) {
        String text = new String(message.payload, StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            byte[] lineBytes = line.getBytes(StandardCharsets.UTF_8);
            try {
                normalizeDocument(message, json().readTree(lineBytes), lineBytes, out);
            } catch (IOException | RuntimeException e) {
                out.deadLetter(deadLetter(message, lineBytes, DeadLetterReason.NOT_JSON, jsonError(e)));
            }
        }
    }

    private void normalizeDocument(RawMessage message, JsonNode doc, byte[] docBytes, MessageOutput out) {
        if (!doc.isObject()) {
            out.deadLetter(deadLetter(message, docBytes, DeadLetterReason.NOT_AN_OBJECT,
                    "JSON " + doc.getNodeType().toString().toLowerCase() + ", expected an object"));
            return;
        }
        normalizeObject(message, (ObjectNode) doc, docBytes, out);
    }

    private ObjectNode csvRow(RawMessage message, MessageOutput out) {
        if (message.csvHeader == null) {
            out.deadLetter(DeadLetter.of(message, DeadLetterReason.BAD_CSV, "CSV row without a header"));
            return null;
        }
        try {
            String[] columns = csvColumns(message.csvHeader);
            String line = new String(message.payload, StandardCharsets.UTF_8);
            String[] values = csvRecord(line);
            if (values.length != columns.length) {
                out.deadLetter(DeadLetter.of(message, DeadLetterReason.BAD_CSV,
                        values.length + " values for " + columns.length + " header columns"));
                return null;
            }
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < columns.length; i++) {
                // An empty CSV cell is a missing value, not an empty string.
                if (!values[i].isEmpty()) {
                    row.put(columns[i], values[i]);
                }
            }
            return row;
        } catch (IOException e) {
            out.deadLetter(DeadLetter.of(message, DeadLetterReason.BAD_CSV, firstLine(e.getMessage())));
            return null;
        }
    }

    private ObjectReader csvReader() {
        if (csvReader == null) {
            csvReader = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                    .enable(CsvParser.Feature.TRIM_SPACES)
                    .readerFor(String[].class);
        }
        return csvReader;
    }

    /** One CSV record (RFC 4180 quoting) as its values. */
    private String[] csvRecord(String line) throws IOException {
        try (MappingIterator<String[]> it = csvReader().readValues(line)) {
            return it.hasNextValue() ? it.nextValue() : new String[0];
        }
    }

    private String[] csvColumns(String header) throws IOException {
        if (!header.equals(cachedCsvHeader)) {
            String[] cols = csvRecord(header);
            for (int i = 0; i < cols.length; i++) {
                cols[i] = cols[i].trim();
            }
            cachedCsvColumns = cols;
            cachedCsvHeader = header;
        }
        return cachedCsvColumns;
    }

    /** The heart: one JSON object (from JSON or a CSV row) to rows. */
    private void normalizeObject(RawMessage message, ObjectNode root, byte[] docBytes, MessageOutput out) {
        // 1. Rule context: fill topic and thing name, and don't keep them as attributes.
        String topic = message.topic;
        JsonNode ruleTopic = root.get(RULE_TOPIC_FIELD);
        if (ruleTopic != null && ruleTopic.isTextual() && !ruleTopic.asText().isEmpty()) {
            topic = ruleTopic.asText();
        }
        Map<String, String> topicVars = topicTemplates.match(topic);

        // 2. The body: the reported state of a shadow document, else the object itself.
        ObjectNode body = root;
        Long shadowVersion = null;
        JsonNode current = root.path("current");
        if (current.path("state").path("reported").isObject()) {
            body = (ObjectNode) current.path("state").path("reported");
            shadowVersion = longOrNull(current.get("version"));
        } else if (root.path("state").path("reported").isObject()) {
            body = (ObjectNode) root.path("state").path("reported");
            shadowVersion = longOrNull(root.get("version"));
        } else if (root.path("reported").isObject()) {
            body = (ObjectNode) root.path("reported");
            shadowVersion = longOrNull(root.get("version"));
        }
        if (shadowVersion == null && body != root) {
            shadowVersion = longOrNull(root.path("current").get("version"));
        }
        if (shadowVersion == null) {
            shadowVersion = longOrNull(body.get("version"));
        }

        // 3. Identity.
        String thingName = firstText(body, root, THING_NAME_FIELDS);
        if (thingName == null) {
            thingName = topicVars.get("thing_name");
        }
        String deviceId = firstText(body, root, DEVICE_ID_FIELDS);
        if (deviceId == null) {
            deviceId = topicVars.get("device_id");
        }
        if (deviceId == null) {
            deviceId = thingName;
        }
        if (deviceId == null && "file".equals(message.source)) {
            deviceId = fileStem(message.origin);
        }

        // 4. Event time of the message: body, then the document (a shadow document's own timestamp).
        long messageTime;
        try {
            JsonNode t = firstPresent(body, TIME_FIELDS);
            if (t == null && body != root) {
                t = firstPresent(root, TIME_FIELDS);
            }
            messageTime = t == null ? message.arrivalTime : EventTimes.parse(t);
        } catch (IllegalArgumentException e) {
            out.deadLetter(deadLetter(message, docBytes, DeadLetterReason.BAD_TIMESTAMP, e.getMessage()));
            return;
        }

        // 5. Position.
        Double lat = null;
        Double lon = null;
        JsonNode location = body.get("location");
        boolean hasPositionField = false;
        if (location != null && location.isObject()) {
            hasPositionField = true;
            lat = Numbers.asDouble(firstPresent(location, List.of("lat", "latitude")));
            lon = Numbers.asDouble(firstPresent(location, List.of("lon", "lng", "longitude")));
        } else if (body.has("lat") || body.has("latitude") || body.has("lon") || body.has("longitude")) {
            hasPositionField = true;
            lat = Numbers.asDouble(firstPresent(body, List.of("lat", "latitude")));
            lon = Numbers.asDouble(firstPresent(body, List.of("lon", "lng", "longitude")));
        }
        if (hasPositionField && (lat == null || lon == null || Math.abs(lat) > 90 || Math.abs(lon) > 180)) {
            out.deadLetter(deadLetter(message, docBytes, DeadLetterReason.BAD_POSITION,
                    "position needs numeric lat in [-90,90] and lon in [-180,180], got "
                            + (location != null && location.isObject() ? location : "lat=" + lat + " lon=" + lon)));
            return;
        }

        // 6. Measures, array measures and attributes.
        TreeMap<String, Double> measures = new TreeMap<>();
        Map<String, String> attributes = new HashMap<>();
        List<ArrayElement> elements = null;
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            // A "location" that is not a position object is a place name (CSV historians): an attribute.
            boolean placeName = name.equals("location") && !v.isObject();
            if (!placeName && isNotMeasureOrAttribute(name)) {
                continue;
            }
            if (v.isArray() && isTsValueArray(v)) {
                if (elements == null) {
                    elements = new ArrayList<>();
                }
                String error = collectElements(name, v, elements);
                if (error != null) {
                    out.deadLetter(deadLetter(message, docBytes, DeadLetterReason.BAD_ARRAY_ELEMENT, error));
                    return;
                }
                continue;
            }
            Double number = placeName || isIdLike(name) ? null : Numbers.asDouble(v);
            if (number != null) {
                measures.put(name, number);
            } else if (v.isValueNode()) {
                attributes.put(name, v.asText());
            } else {
                attributes.put(name, v.toString());
            }
        }
        if (body != root) {
            // Root-level context a rule or gateway added next to the shadow document (not the shadow's own parts).
            Iterator<Map.Entry<String, JsonNode>> rootFields = root.fields();
            while (rootFields.hasNext()) {
                Map.Entry<String, JsonNode> f = rootFields.next();
                String name = f.getKey();
                if (SHADOW_DOCUMENT_FIELDS.contains(name) || isNotMeasureOrAttribute(name) || !f.getValue().isValueNode()
                        || f.getValue().isNull()) {
                    continue;
                }
                attributes.putIfAbsent(name, f.getValue().asText());
            }
        }

        boolean hasPosition = lat != null;
        boolean hasMeasures = !measures.isEmpty() || (elements != null && !elements.isEmpty());
        if (!hasPosition && !hasMeasures) {
            out.deadLetter(deadLetter(message, docBytes, DeadLetterReason.NO_POSITION_OR_MEASURE,
                    "no position and no numeric measure"));
            return;
        }
        if (hasMeasures && deviceId == null) {
            out.deadLetter(deadLetter(message, docBytes, DeadLetterReason.NO_DEVICE_ID,
                    "no device id in payload (" + String.join(", ", DEVICE_ID_FIELDS) + ") and none from topic '"
                            + topic + "'"));
            return;
        }

        if (hasPosition) {
            Breadcrumb b = new Breadcrumb();
            b.thingName = thingName != null ? thingName : deviceId;
            b.deviceId = deviceId;
            b.topic = topic;
            b.eventTime = messageTime;
            b.lat = lat;
            b.lon = lon;
            b.speed = Numbers.asDouble(body.get("speed"));
            JsonNode heading = body.get("heading");
            b.heading = heading == null || heading.isNull() ? null : heading.asText();
            b.ignition = Numbers.asBoolean(body.get("ignition"));
            JsonNode address = body.get("address");
            b.address = address == null || address.isNull() ? null : address.asText();
            b.shadowVersion = shadowVersion;
            b.source = message.source;
            b.origin = message.origin;
            out.breadcrumb(b);
        }
        if (!measures.isEmpty()) {
            out.reading(reading(message, deviceId, thingName, topic, messageTime, measures, attributes));
        }
        if (elements != null && !elements.isEmpty()) {
            // One reading per distinct element time; arrays that share a ts are merged into that reading.
            TreeMap<Long, TreeMap<String, Double>> byTime = new TreeMap<>();
            for (ArrayElement e : elements) {
                byTime.computeIfAbsent(e.time, k -> new TreeMap<>()).put(e.measure, e.value);
            }
            for (Map.Entry<Long, TreeMap<String, Double>> e : byTime.entrySet()) {
                out.reading(reading(message, deviceId, thingName, topic, e.getKey(), e.getValue(),
                        new HashMap<>(attributes)));
            }
        }
    }

    /** Fields of a shadow document that are its structure, not context. */
    private static final Set<String> SHADOW_DOCUMENT_FIELDS =
            Set.of("previous", "current", "state", "metadata", "reported", "desired", "delta", "clientToken");

    private static Reading reading(RawMessage message, String deviceId, String thingName, String topic,
            long eventTime, Map<String, Double> measures, Map<String, String> attributes) {
        Reading r = new Reading();
        r.deviceId = deviceId;
        r.thingName = thingName;
        r.topic = topic;
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

    private static boolean isNotMeasureOrAttribute(String name) {
        return POSITION_FIELDS.contains(name) || VERSION_FIELDS.contains(name) || TIME_FIELDS.contains(name)
                || DEVICE_ID_FIELDS.contains(name) || name.equals(RULE_TOPIC_FIELD);
    }

    /** Identifier-like fields (rowid, id, serial_id, messageId...) are attributes even when numeric. */
    static boolean isIdLike(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.equals("id") || n.equals("rowid") || n.endsWith("_id") || n.endsWith("-id")
                || (name.endsWith("Id") && name.length() > 2) || n.equals("serial") || n.equals("serialnumber");
    }

    private static boolean isTsValueArray(JsonNode array) {
        if (array.isEmpty()) {
            return false;
        }
        JsonNode first = array.get(0);
        return first.isObject() && first.has("value");
    }

    private static String collectElements(String measure, JsonNode array, List<ArrayElement> elements) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            if (!e.isObject()) {
                return measure + "[" + i + "] is not an object: " + e;
            }
            Double value = Numbers.asDouble(e.get("value"));
            if (value == null) {
                return measure + "[" + i + "].value is not a number: " + e.get("value");
            }
            JsonNode ts = firstPresent(e, List.of("ts", "timestamp", "time"));
            if (ts == null) {
                return measure + "[" + i + "] has no ts";
            }
            long time;
            try {
                time = EventTimes.parse(ts);
            } catch (IllegalArgumentException ex) {
                return measure + "[" + i + "].ts: " + ex.getMessage();
            }
            elements.add(new ArrayElement(measure, time, value));
        }
        return null;
    }

    private static final class ArrayElement {
        final String measure;
        final long time;
        final double value;

        ArrayElement(String measure, long time, double value) {
            this.measure = measure;
            this.time = time;
            this.value = value;
        }
    }

    private static JsonNode firstPresent(JsonNode node, List<String> names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    private static String firstText(JsonNode body, JsonNode root, List<String> names) {
        for (String n : names) {
            JsonNode v = body.get(n);
            if ((v == null || v.isNull()) && body != root) {
                v = root.get(n);
            }
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
                return v.asText();
            }
        }
        return null;
    }

    private static Long longOrNull(JsonNode v) {
        Double d = Numbers.asDouble(v);
        return d == null ? null : d.longValue();
    }

    /** The file name without directories and extensions: the device id of a historian export without one. */
    static String fileStem(String origin) {
        if (origin == null) {
            return null;
        }
        String path = origin;
        int colon = path.lastIndexOf(':');
        if (colon > 0 && colon < path.length() - 1 && Character.isDigit(path.charAt(colon + 1))) {
            path = path.substring(0, colon);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static DeadLetter deadLetter(RawMessage message, byte[] payload, DeadLetterReason code, String detail) {
        DeadLetter d = DeadLetter.of(message, code, detail);
        if (payload != message.payload) {
            d.setPayload(payload);
        }
        return d;
    }

    private static String jsonError(Exception e) {
        if (e instanceof JsonProcessingException) {
            return firstLine(((JsonProcessingException) e).getOriginalMessage());
        }
        return firstLine(e.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean isBlank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean containsNewline(byte[] b) {
        for (byte c : b) {
            if (c == '\n') {
                return true;
            }
        }
        return false;
    }
}
