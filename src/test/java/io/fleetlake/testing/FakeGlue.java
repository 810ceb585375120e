package io.fleetlake.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Glue Data Catalog stand-in on WireMock (127.0.0.1, random port), driven by the real AWS SDK v2
 * Glue client through Glue's wire protocol (AWS JSON 1.1: {@code POST /} with {@code X-Amz-Target:
 * AWSGlue.<Operation>}). Keeps databases, tables and partitions in memory, and can answer the first
 * BatchCreatePartition calls with a 500 or a throttling error.
 */
public final class FakeGlue implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Databases by name. */
    public final Map<String, JsonNode> databases = new ConcurrentHashMap<>();

    /** Tables by "db.table": the TableInput last created or updated. */
    public final Map<String, JsonNode> tables = new ConcurrentHashMap<>();

    /** Partitions by "db.table" then values joined by '/': the PartitionInput. */
    public final Map<String, Map<String, JsonNode>> partitions = new ConcurrentHashMap<>();

    /** Every operation called, in order. */
    public final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();

    /**
     * BatchCreatePartition calls answered with an error, e.g. "500" or "throttle", consumed in
     * order.
     */
    public final ConcurrentLinkedQueue<String> batchFaults = new ConcurrentLinkedQueue<>();

    public final AtomicInteger faultsServed = new AtomicInteger();
    public final AtomicInteger alreadyExistsAnswers = new AtomicInteger();

    /** Tables created so far; also each new table's CreateTime (epoch seconds). */
    public final AtomicInteger tablesCreated = new AtomicInteger();

    private final WireMockServer server;

    public FakeGlue() {
        server =
                new WireMockServer(
                        WireMockConfiguration.options()
                                .bindAddress("127.0.0.1")
                                .dynamicPort()
                                .extensions(new Transformer()));
        server.start();
        server.stubFor(post(urlEqualTo("/")).willReturn(ok()));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Partitions of a table: values joined by '/' to their PartitionInput. */
    public Map<String, JsonNode> partitionsOf(String db, String table) {
        return partitions.getOrDefault(db + "." + table, Map.of());
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "fake-glue";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String target = event.getRequest().getHeader("X-Amz-Target");
            String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
            calls.add(op);
            try {
                JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
                return handle(op, body);
            } catch (Exception e) {
                return error(500, "InternalServiceException", e.toString());
            }
        }

        private synchronized ResponseDefinition handle(String op, JsonNode body) {
            ObjectNode out = JSON.createObjectNode();
            switch (op) {
                case "GetDatabase":
                    {
                        JsonNode db = databases.get(body.path("Name").asText());
                        if (db == null) {
                            return error(400, "EntityNotFoundException", "Database not found");
                        }
                        out.set("Database", db);
                        return json(out);
                    }
                case "CreateDatabase":
                    {
                        String name = body.path("DatabaseInput").path("Name").asText();
                        if (databases.putIfAbsent(name, body.path("DatabaseInput")) != null) {
                            return error(400, "AlreadyExistsException", "Database exists");
                        }
                        return json(out);
                    }
                case "GetTable":
                    {
                        String db = body.path("DatabaseName").asText();
                        if (!databases.containsKey(db)) {
                            return error(400, "EntityNotFoundException", "Database not found");
                        }
                        JsonNode t = tables.get(db + "." + body.path("Name").asText());
                        if (t == null) {
                            return error(400, "EntityNotFoundException", "Table not found");
                        }
                        ObjectNode table = t.deepCopy();
                        table.put("DatabaseName", db);
                        out.set("Table", table);
                        return json(out);
                    }
                case "CreateTable":
                    {
                        String db = body.path("DatabaseName").asText();
                        if (!databases.containsKey(db)) {
                            return error(400, "EntityNotFoundException", "Database not found");
                        }
                        String key = db + "." + body.path("TableInput").path("Name").asText();
                        // Each creation its own time, as Glue: a recreated table is another one.
                        ObjectNode created = body.path("TableInput").deepCopy();
                        created.put("CreateTime", tablesCreated.incrementAndGet());
                        if (tables.putIfAbsent(key, created) != null) {
                            return error(400, "AlreadyExistsException", "Table exists");
                        }
                        return json(out);
                    }
                case "UpdateTable":
                    {
                        String key =
                                body.path("DatabaseName").asText()
                                        + "."
                                        + body.path("TableInput").path("Name").asText();
                        if (!tables.containsKey(key)) {
                            return error(400, "EntityNotFoundException", "Table not found");
                        }
                        ObjectNode updated = body.path("TableInput").deepCopy();
                        updated.set("CreateTime", tables.get(key).path("CreateTime"));
                        tables.put(key, updated);
                        return json(out);
                    }
                case "BatchCreatePartition":
                    {
                        String fault = batchFaults.poll();
                        if (fault != null) {
                            faultsServed.incrementAndGet();
                            return fault.equals("throttle")
                                    ? error(400, "ThrottlingException", "Rate exceeded")
                                    : error(500, "InternalServiceException", "Internal failure");
                        }
                        String key =
                                body.path("DatabaseName").asText()
                                        + "."
                                        + body.path("TableName").asText();
                        if (!tables.containsKey(key)) {
                            return error(400, "EntityNotFoundException", "Table not found");
                        }
                        if (body.path("PartitionInputList").size() > 100) {
                            return error(400, "InvalidInputException", "more than 100 partitions");
                        }
                        Map<String, JsonNode> parts =
                                partitions.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
                        ArrayNode errors = out.putArray("Errors");
                        for (JsonNode p : body.path("PartitionInputList")) {
                            List<String> values = new ArrayList<>();
                            p.path("Values").forEach(v -> values.add(v.asText()));
                            if (parts.putIfAbsent(String.join("/", values), p) != null) {
                                alreadyExistsAnswers.incrementAndGet();
                                ObjectNode e = errors.addObject();
                                e.set("PartitionValues", p.path("Values"));
                                e.putObject("ErrorDetail")
                                        .put("ErrorCode", "AlreadyExistsException")
                                        .put("ErrorMessage", "Partition already exists.");
                            }
                        }
                        return json(out);
                    }
                default:
                    return error(400, "InvalidInputException", "unsupported operation " + op);
            }
        }

        private ResponseDefinition json(JsonNode body) {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body.toString())
                    .build();
        }

        private ResponseDefinition error(int status, String type, String message) {
            ObjectNode e = JSON.createObjectNode().put("__type", type).put("message", message);
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withHeader("x-amzn-ErrorType", type)
                    .withBody(e.toString())
                    .build();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
