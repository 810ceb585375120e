package io.fleetlake.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Timestream Write endpoint for tests: WireMock on 127.0.0.1 answering the AWS JSON 1.0 protocol
 * ({@code POST /}, {@code X-Amz-Target: Timestream_20181101.WriteRecords}) with a small in-memory
 * table that follows the service's documented rules, so tests drive the real SDK client:
 *
 * <ul>
 *   <li>at most 100 records per request, else {@code ValidationException};
 *   <li>a non-numeric DOUBLE measure value makes the whole request a {@code ValidationException};
 *   <li>a record older than the memory-store cut-off is rejected ({@code RejectedRecordsException},
 *       HTTP 419);
 *   <li>a record whose key (measure name, dimensions, time) exists with other values and an equal
 *       or higher version is rejected with {@code ExistingVersion}; a higher version upserts; same
 *       values succeed;
 *   <li>the next N requests can be throttled ({@code ThrottlingException}) or fail with HTTP 500.
 * </ul>
 *
 * It records every request's size and every version each key was accepted with.
 */
public final class FakeTimestream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writing to a table of this name fails with ResourceNotFoundException. */
    public static final String MISSING_TABLE = "missing";

    /** One stored row. */
    public static final class Row {
        public final long version;
        public final Map<String, String> measures;

        Row(long version, Map<String, String> measures) {
            this.version = version;
            this.measures = measures;
        }
    }

    private final WireMockServer server;
    private final Map<String, Row> table = new LinkedHashMap<>();
    private final Map<String, List<Long>> acceptedVersions = new LinkedHashMap<>();
    private final List<Integer> requestSizes = new ArrayList<>();
    private final List<Integer> throttledRequestSizes = new ArrayList<>();
    private int throttleNext;
    private int failNext;
    private long memoryStoreCutoff = Long.MIN_VALUE;
    private int validationErrors;
    private int rejectedRecordsResponses;

    public FakeTimestream() {
        server =
                new WireMockServer(
                        options()
                                .bindAddress("127.0.0.1")
                                .dynamicPort()
                                .containerThreads(16)
                                .extensions(new Transformer()));
        server.start();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)));
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public synchronized void throttleNext(int requests) {
        throttleNext = requests;
    }

    public synchronized void failNext(int requests) {
        failNext = requests;
    }

    /** Records with a time before this (epoch ms) are rejected as outside the memory store. */
    public synchronized void memoryStoreCutoff(long epochMillis) {
        memoryStoreCutoff = epochMillis;
    }

    /** Stored rows by key {@code measureName|dim=value,...|time}. */
    public synchronized Map<String, Row> rows() {
        return new LinkedHashMap<>(table);
    }

    /**
     * Every version each key was accepted with (once per accepted write, including idempotent
     * repeats).
     */
    public synchronized Map<String, List<Long>> acceptedVersions() {
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        acceptedVersions.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return copy;
    }

    /**
     * Record counts of the WriteRecords requests the table processed (not throttled or failed
     * ones).
     */
    public synchronized List<Integer> requestSizes() {
        return new ArrayList<>(requestSizes);
    }

    /** Record counts of the requests answered with a throttling or 5xx error. */
    public synchronized List<Integer> refusedRequestSizes() {
        return new ArrayList<>(throttledRequestSizes);
    }

    public synchronized int validationErrors() {
        return validationErrors;
    }

    public synchronized int rejectedRecordsResponses() {
        return rejectedRecordsResponses;
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized ResponseDefinition handle(String target, String body) throws Exception {
        if (!"Timestream_20181101.WriteRecords".equals(target)) {
            return error(
                    400,
                    "UnknownOperationException",
                    "fake Timestream only knows WriteRecords, not " + target);
        }
        JsonNode request = JSON.readTree(body);
        JsonNode records = request.path("Records");
        if (MISSING_TABLE.equals(request.path("TableName").asText())) {
            return error(
                    400,
                    "ResourceNotFoundException",
                    "The table " + MISSING_TABLE + " does not exist.");
        }
        if (throttleNext > 0) {
            throttleNext--;
            throttledRequestSizes.add(records.size());
            return error(400, "ThrottlingException", "Rate exceeded");
        }
        if (failNext > 0) {
            failNext--;
            throttledRequestSizes.add(records.size());
            return error(500, "InternalServerException", "Internal server error");
        }
        if (records.size() == 0 || records.size() > 100) {
            validationErrors++;
            return error(
                    400,
                    "ValidationException",
                    "1 validation error detected: Value at 'records' failed to "
                            + "satisfy constraint: Member must have length less than or equal to 100");
        }
        JsonNode common = request.path("CommonAttributes");
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (JsonNode r : records) {
            Map<String, String> dims = new TreeMap<>();
            common.path("Dimensions")
                    .forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
            r.path("Dimensions")
                    .forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
            String measureName =
                    r.has("MeasureName")
                            ? r.get("MeasureName").asText()
                            : common.path("MeasureName").asText();
            long version =
                    r.has("Version") ? r.get("Version").asLong() : common.path("Version").asLong(1);
            long time =
                    Long.parseLong(
                            r.has("Time") ? r.get("Time").asText() : common.path("Time").asText());
            Map<String, String> measures = new TreeMap<>();
            for (JsonNode m : r.path("MeasureValues")) {
                if (m.path("Type").asText().equals("DOUBLE")) {
                    try {
                        double v = Double.parseDouble(m.get("Value").asText());
                        if (!Double.isFinite(v)) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        validationErrors++;
                        return error(
                                400,
                                "ValidationException",
                                "Invalid measure value for measure " + m.get("Name").asText());
                    }
                }
                measures.put(m.get("Name").asText(), m.get("Value").asText());
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("key", measureName + "|" + dims + "|" + time);
            p.put("time", time);
            p.put("version", version);
            p.put("measures", measures);
            parsed.add(p);
        }
        requestSizes.add(records.size());
        ArrayNode rejected = JSON.createArrayNode();
        for (int i = 0; i < parsed.size(); i++) {
            Map<String, Object> p = parsed.get(i);
            String key = (String) p.get("key");
            long version = (Long) p.get("version");
            @SuppressWarnings("unchecked")
            Map<String, String> measures = (Map<String, String>) p.get("measures");
            if ((Long) p.get("time") < memoryStoreCutoff) {
                rejected.add(
                        rejection(
                                i,
                                "The record timestamp is outside the time range of the data ingestion "
                                        + "window.",
                                null));
                continue;
            }
            Row existing = table.get(key);
            if (existing != null
                    && !existing.measures.equals(measures)
                    && version <= existing.version) {
                rejected.add(
                        rejection(
                                i,
                                "A record with the same dimensions, timestamp and measure name but a "
                                        + "different measure value already exists with an equal or higher version.",
                                existing.version));
                continue;
            }
            if (existing == null || version >= existing.version) {
                table.put(key, new Row(version, Collections.unmodifiableMap(measures)));
            }
            acceptedVersions.computeIfAbsent(key, k -> new ArrayList<>()).add(version);
        }
        if (rejected.size() > 0) {
            rejectedRecordsResponses++;
            ObjectNode e = JSON.createObjectNode();
            e.put("__type", "com.amazonaws.timestream.v20181101#RejectedRecordsException");
            e.put(
                    "Message",
                    "One or more records have been rejected. See RejectedRecords for details.");
            e.set("RejectedRecords", rejected);
            return response(419, e.toString());
        }
        ObjectNode ok = JSON.createObjectNode();
        ObjectNode ingested = ok.putObject("RecordsIngested");
        ingested.put("Total", records.size());
        ingested.put("MemoryStore", records.size());
        ingested.put("MagneticStore", 0);
        return response(200, ok.toString());
    }

    private static ObjectNode rejection(int index, String reason, Long existingVersion) {
        ObjectNode r = JSON.createObjectNode();
        r.put("RecordIndex", index);
        r.put("Reason", reason);
        if (existingVersion != null) {
            r.put("ExistingVersion", existingVersion);
        }
        return r;
    }

    private static ResponseDefinition error(int status, String type, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("__type", "com.amazonaws.timestream.v20181101#" + type);
        e.put("Message", message);
        return response(status, e.toString());
    }

    private static ResponseDefinition response(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-RequestId", java.util.UUID.randomUUID().toString())
                .withBody(body)
                .build();
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                return handle(
                        event.getRequest().getHeader("X-Amz-Target"),
                        event.getRequest().getBodyAsString());
            } catch (Exception e) {
                return error(500, "InternalServerException", "fake Timestream failed: " + e);
            }
        }

        @Override
        public String getName() {
            return "fake-timestream";
        }
    }
}
