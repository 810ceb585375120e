package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.sources.MessageSources;
import io.fleetlake.job.timestream.TimestreamOutput;
import io.fleetlake.job.timestream.TimestreamSinks;
import io.fleetlake.testing.FakeTimestream;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fleetlake job with the {@code Timestream} group set, against {@link FakeTimestream}: readings
 * and breadcrumbs land in their tables with the documented layout, a record Timestream rejects
 * lands in the lake's {@code dead_letter} with its reason, and the readings still reach the lake
 * unchanged.
 */
class TimestreamITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(4);

    @TempDir static Path dir;
    static Path lake;
    static FakeTimestream fake;

    @BeforeAll
    static void run() throws Exception {
        fake = new FakeTimestream();
        fake.throttleNext(1);
        // Anything before 2024 is outside the (fake) memory store.
        fake.memoryStoreCutoff(1704067200000L);
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(
                input.resolve("telemetry.jsonl"),
                String.join(
                        "\n",
                        "{\"thetopic\":\"dt/sensor1/aggregate\",\"device_id\":\"sensor1\",\"temperature\":45,\"humidity\":40,"
                                + "\"fleet\":\"north\",\"firmware\":\"v1.2\",\"timestamp\":\"2024-04-18 09:04:35\"}",
                        "{\"device_id\":\"sensor2\",\"temperature\":20,\"timestamp\":\"2019-01-01 00:00:00\"}",
                        "{\"thetopic\":\"$aws/things/iotfleet_thc_121/shadow/update/documents\",\"thingnm\":\"iotfleet_thc_121\","
                                + "\"current\":{\"state\":{\"reported\":{\"location\":{\"lat\":45.5,\"lon\":-122.7},"
                                + "\"speed\":\"45\",\"heading\":\"S\"}},\"version\":5},\"timestamp\":1713432275}",
                        ""));
        lake = dir.resolve("lake");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Files", Map.of("path", input.toString()));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        groups.put(
                "Timestream",
                Map.of(
                        "database",
                        "fleet",
                        "table",
                        "readings",
                        "breadcrumbs-table",
                        "positions",
                        "region",
                        "eu-west-1",
                        "endpoint",
                        fake.endpoint(),
                        "dimension-attributes",
                        "fleet;model",
                        "max-buffer-time",
                        "200 ms"));
        FleetlakeConfig config = FleetlakeConfig.of(groups);

        // FleetlakeApplication.build, with static test credentials instead of the default chain.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeJob.configure(env, config);
        FleetlakeSinks sinks = FleetlakeSinks.lake(new LakeSinkFactory(lake.toString(), "SNAPPY"));
        TimestreamOutput timestream =
                new TimestreamOutput(
                        c ->
                                TimestreamSinks.fromConfig(
                                        c,
                                        TimestreamSinks.clientConfig(c)
                                                .withStaticCredentials("AKIDTEST", "test-secret")));
        assertThat(timestream.isEnabled(config)).isTrue();
        new FleetlakeJob(
                        config,
                        MessageSources.fromConfig(config, System.currentTimeMillis()),
                        sinks,
                        List.of(timestream))
                .addTo(env);
        env.execute("timestream-it");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void readingsAreMultiMeasureRecordsWithDimensionsAndVersionFromEventTime() {
        long t = java.sql.Timestamp.valueOf("2024-04-18 09:04:35").getTime();
        String key = "reading|{device_id=sensor1, fleet=north, topic=dt/sensor1/aggregate}|" + t;
        assertThat(fake.rows()).containsKey(key);
        FakeTimestream.Row row = fake.rows().get(key);
        assertThat(row.measures)
                .containsEntry("temperature", "45.0")
                .containsEntry("humidity", "40.0")
                .containsEntry("temperature_fahrenheit", "113.0")
                .doesNotContainKey("firmware");
        assertThat(row.version).isEqualTo(t);
        assertThat(fake.refusedRequestSizes()).hasSize(1);
    }

    @Test
    void breadcrumbsGoToTheirOwnTable() {
        assertThat(fake.rows())
                .hasEntrySatisfying(
                        "position|{device_id=iotfleet_thc_121, thing_name=iotfleet_thc_121, "
                                + "topic=$aws/things/iotfleet_thc_121/shadow/update/documents}|1713432275000",
                        row ->
                                assertThat(row.measures)
                                        .containsEntry("lat", "45.5")
                                        .containsEntry("lon", "-122.7")
                                        .containsEntry("speed", "45.0"));
    }

    @Test
    void aRejectedReadingIsADeadLetterAndStillInTheLake() throws Exception {
        assertThat(fake.rows().keySet()).noneMatch(k -> k.contains("sensor2"));
        try (LakeReader r = new LakeReader(lake)) {
            List<Map<String, Object>> dead =
                    r.query(
                            "SELECT reason_code, reason, origin, payload, source "
                                    + "FROM {dead_letter} WHERE reason_code = 'timestream_rejected'");
            assertThat(dead).hasSize(1);
            Map<String, Object> d = dead.get(0);
            assertThat((String) d.get("reason"))
                    .startsWith("timestream_rejected: table readings: ")
                    .contains("outside the time range");
            assertThat((String) d.get("origin")).endsWith("telemetry.jsonl:2");
            assertThat(d.get("source")).isEqualTo("file");
            assertThat((String) d.get("payload"))
                    .contains("\"device_id\":\"sensor2\"")
                    .contains("\"temperature\":\"20.0\"");
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {readings} WHERE device_id IN ('sensor1', 'sensor2')"))
                    .isEqualTo(2);
        }
    }
}
