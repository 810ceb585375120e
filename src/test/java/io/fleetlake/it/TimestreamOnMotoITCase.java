package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.sources.MessageSources;
import io.fleetlake.job.timestream.TimestreamOutput;
import io.fleetlake.job.timestream.TimestreamSinks;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;

/**
 * The job with the {@code Timestream} group against moto's Timestream: the records moto stored are
 * read back ({@code /moto-api/data.json}) with the expected dimensions, multi-measure values and
 * versions. moto 5.2.1 stores each {@code WriteRecords} entry as sent and drops the request's
 * {@code CommonAttributes}, so the test takes those from moto's request recording and applies them
 * as Timestream does (a record's own value wins). Throttling, rejections and malformed answers stay
 * with {@code TimestreamITCase} and {@code TimestreamSinkITCase} (a fake server is the tool for
 * faults).
 */
class TimestreamOnMotoITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);
    @RegisterExtension static final MotoServer MOTO = new MotoServer().recordingRequests();

    static final String DB = "fleet";

    @TempDir static Path dir;

    @BeforeAll
    static void run() throws Exception {
        try (TimestreamWriteClient ts = MOTO.client(TimestreamWriteClient.builder())) {
            ts.createDatabase(b -> b.databaseName(DB));
            ts.createTable(b -> b.databaseName(DB).tableName("readings"));
            ts.createTable(b -> b.databaseName(DB).tableName("positions"));
        }
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(
                input.resolve("telemetry.jsonl"),
                String.join(
                        "\n",
                        "{\"thetopic\":\"dt/sensor1/aggregate\",\"device_id\":\"sensor1\",\"temperature\":45,\"humidity\":40,"
                                + "\"fleet\":\"north\",\"firmware\":\"v1.2\",\"timestamp\":\"2024-04-18 09:04:35\"}",
                        "{\"thetopic\":\"dt/sensor2/aggregate\",\"device_id\":\"sensor2\",\"temperature\":20,"
                                + "\"fleet\":\"south\",\"timestamp\":\"2024-04-18 09:04:36\"}",
                        "{\"thetopic\":\"$aws/things/iotfleet_thc_121/shadow/update/documents\",\"thingnm\":\"iotfleet_thc_121\","
                                + "\"current\":{\"state\":{\"reported\":{\"location\":{\"lat\":45.5,\"lon\":-122.7},"
                                + "\"speed\":\"45\",\"heading\":\"S\"}},\"version\":5},\"timestamp\":1713432275}",
                        ""));
        Path lake = dir.resolve("lake");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Files", Map.of("path", input.toString()));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        groups.put(
                "Timestream",
                Map.of(
                        "database",
                        DB,
                        "table",
                        "readings",
                        "breadcrumbs-table",
                        "positions",
                        "region",
                        MotoServer.REGION,
                        "endpoint",
                        MOTO.endpoint(),
                        "dimension-attributes",
                        "fleet;model",
                        "max-buffer-time",
                        "200 ms"));
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeJob.configure(env, config);
        FleetlakeSinks sinks = FleetlakeSinks.lake(new LakeSinkFactory(lake.toString(), "SNAPPY"));
        TimestreamOutput timestream =
                new TimestreamOutput(
                        c ->
                                TimestreamSinks.fromConfig(
                                        c,
                                        TimestreamSinks.clientConfig(c)
                                                .withStaticCredentials(
                                                        MotoServer.ACCESS_KEY,
                                                        MotoServer.SECRET_KEY)));
        new FleetlakeJob(
                        config,
                        MessageSources.fromConfig(config, System.currentTimeMillis()),
                        sinks,
                        List.of(timestream))
                .addTo(env);
        env.execute("timestream-on-moto-it");
    }

    /** The records moto stored for a table. */
    static List<JsonNode> stored(String table) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : MOTO.data().path("timestreamwrite").path("TimestreamTable")) {
            if (t.path("db_name").asText().equals(DB) && t.path("name").asText().equals(table)) {
                t.path("records").forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Each record sent to a table with its request's CommonAttributes applied, keyed by
     * "dimensions|time": dimensions (name=value, sorted), measure name, measures, version.
     */
    static Map<String, JsonNode> sent(String table) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode request : MOTO.recordedRequests("WriteRecords")) {
            if (!request.path("TableName").asText().equals(table)) {
                continue;
            }
            JsonNode common = request.path("CommonAttributes");
            for (JsonNode own : request.path("Records")) {
                ObjectNode r = common.deepCopy();
                own.fields().forEachRemaining(f -> r.set(f.getKey(), f.getValue()));
                Map<String, String> dims = new TreeMap<>();
                common.path("Dimensions")
                        .forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
                own.path("Dimensions")
                        .forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
                ObjectNode m = r.putObject("Measures");
                own.path("MeasureValues")
                        .forEach(v -> m.put(v.get("Name").asText(), v.get("Value").asText()));
                out.put(dims + "|" + r.path("Time").asText(), r);
            }
        }
        return out;
    }

    @Test
    void motoStoredEveryRecordSent() throws Exception {
        for (String table : new String[] {"readings", "positions"}) {
            List<JsonNode> own = new ArrayList<>();
            for (JsonNode request : MOTO.recordedRequests("WriteRecords")) {
                if (request.path("TableName").asText().equals(table)) {
                    request.path("Records").forEach(own::add);
                }
            }
            assertThat(stored(table))
                    .as(table)
                    .isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(own);
        }
        assertThat(stored("readings")).hasSize(2);
        assertThat(stored("positions")).hasSize(1);
    }

    @Test
    void readingsAreMultiMeasureRecordsWithDimensionsAndVersionFromEventTime() throws Exception {
        long t = java.sql.Timestamp.valueOf("2024-04-18 09:04:35").getTime();
        Map<String, JsonNode> sent = sent("readings");
        JsonNode r = sent.get("{device_id=sensor1, fleet=north, topic=dt/sensor1/aggregate}|" + t);
        assertThat(r).as("sent: %s", sent.keySet()).isNotNull();
        assertThat(r.path("MeasureValueType").asText()).isEqualTo("MULTI");
        assertThat(r.path("MeasureName").asText()).isEqualTo("reading");
        assertThat(r.path("TimeUnit").asText()).isEqualTo("MILLISECONDS");
        assertThat(r.path("Version").asLong()).isEqualTo(t);
        assertThat(r.path("Measures").path("temperature").asText()).isEqualTo("45.0");
        assertThat(r.path("Measures").path("humidity").asText()).isEqualTo("40.0");
        assertThat(r.path("Measures").path("temperature_fahrenheit").asText()).isEqualTo("113.0");
        assertThat(r.path("Measures").has("firmware")).isFalse();
        assertThat(sent)
                .containsKey(
                        "{device_id=sensor2, fleet=south, topic=dt/sensor2/aggregate}|"
                                + (t + 1000));
        assertThat(sent).hasSize(2);
    }

    @Test
    void breadcrumbsGoToTheirOwnTable() throws Exception {
        Map<String, JsonNode> sent = sent("positions");
        JsonNode p =
                sent.get(
                        "{device_id=iotfleet_thc_121, thing_name=iotfleet_thc_121, "
                                + "topic=$aws/things/iotfleet_thc_121/shadow/update/documents}|1713432275000");
        assertThat(p).as("sent: %s", sent.keySet()).isNotNull();
        assertThat(p.path("MeasureName").asText()).isEqualTo("position");
        assertThat(p.path("Version").asLong()).isEqualTo(1713432275000L);
        assertThat(p.path("Measures").path("lat").asText()).isEqualTo("45.5");
        assertThat(p.path("Measures").path("lon").asText()).isEqualTo("-122.7");
        assertThat(p.path("Measures").path("speed").asText()).isEqualTo("45.0");
    }
}
