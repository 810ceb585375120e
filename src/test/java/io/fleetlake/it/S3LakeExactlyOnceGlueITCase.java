package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.connectors.s3.S3FileSystems;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.JobOptions;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.simulator.SimulatorOptions;
import io.fleetlake.job.sources.MessageSource;
import io.fleetlake.job.sources.SimulatorMessageSource;
import io.fleetlake.testing.CollectingOutput;
import io.fleetlake.testing.FailOnce;
import io.fleetlake.testing.FakeGlue;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.testing.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake on S3 (s3proxy as a separate process, through Flink's S3 plugin), compaction on, Glue
 * registration against a WireMock stand-in answering with a 500 and a throttling error first, and a
 * task failure in the middle of the stream after some checkpoints have committed files. Afterwards:
 * every simulated row is in the lake exactly once (compared row by row with the same events run
 * through the normalizer here), no uncommitted file is visible, and every partition with data is
 * registered in Glue with exactly its values and location.
 */
class S3LakeExactlyOnceGlueITCase {
    static final String BUCKET = "lake";
    static final String LAKE = "s3://" + BUCKET + "/fleet";
    static final String DB = "fleet_db";
    static final long EVENTS = 6000;
    static final String START = "2024-04-18T09:30:00Z";

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(4);

    @TempDir static Path dir;
    static S3Server s3;
    static FakeGlue glue;
    static FleetlakeConfig config;

    @BeforeAll
    static void runWithAFailure() throws Exception {
        s3 = S3Server.start(dir.resolve("s3"), BUCKET);
        S3FileSystems.initialize(s3.settings(), Paths.get("target/plugins"), true);
        glue = new FakeGlue();
        glue.batchFaults.add("500");
        glue.batchFaults.add("throttle");

        config =
                FleetlakeConfig.of(
                        Map.of(
                                "Source.Simulator",
                                        Map.of(
                                                "events",
                                                Long.toString(EVENTS),
                                                "rate",
                                                "1.0",
                                                "start-time",
                                                START),
                                "Lake", Map.of("path", LAKE, "compaction-interval", "1 s"),
                                "Glue",
                                        Map.of(
                                                "database",
                                                DB,
                                                "endpoint",
                                                glue.endpoint(),
                                                "region",
                                                "us-east-1",
                                                "access-key",
                                                "test",
                                                "secret-key",
                                                "test",
                                                "retry-interval",
                                                "1 s"),
                                "TopK", Map.of("enabled", "false"),
                                "Job",
                                        Map.of(
                                                "checkpoint-interval",
                                                "300 ms",
                                                "parallelism",
                                                "2")));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                java.time.Duration.ofMillis(200));
        env.configure(restarts);
        FleetlakeJob.configure(env, config);
        FailOnce.reset();
        MessageSource simulator = new SimulatorMessageSource(simulator(), EVENTS, 800);
        MessageSource failing = FailOnce.after(simulator);
        new FleetlakeJob(
                        config,
                        List.of(failing),
                        FleetlakeSinks.lake(FleetlakeApplication.lakeSinkFactory(config, null)))
                .addTo(env);
        env.execute("s3-exactly-once-glue-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (glue != null) {
            glue.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static FleetSimulator simulator() {
        return new FleetSimulator(
                config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.SEED),
                EventTimes.parse(START),
                1.0,
                config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.VEHICLES),
                config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.SENSORS),
                config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.MALFORMED_RATIO));
    }

    static Path lakeDir() {
        return s3.bucketDir(BUCKET).resolve("fleet");
    }

    @Test
    void theJobFailedOnceAfterCommittingAndRecovered() {
        assertThat(FailOnce.FAILED.get()).as("the injected failure happened").isTrue();
        assertThat(FailOnce.CHECKPOINTS_BEFORE_FAILURE.get())
                .as("checkpoints completed before it")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyInputRowIsInTheLakeExactlyOnce() throws Exception {
        CollectingOutput expected = new CollectingOutput();
        MessageNormalizer normalizer =
                new MessageNormalizer(
                        new TopicTemplates(
                                config.get(FleetlakeOptions.JOB, JobOptions.TOPIC_TEMPLATES)));
        FleetSimulator fleet = simulator();
        for (long i = 0; i < EVENTS; i++) {
            normalizer.normalize(fleet.event(i), expected);
        }
        Path readingsCsv = dir.resolve("expected-readings.csv");
        Files.write(
                readingsCsv,
                expected.readings.stream()
                        .map(
                                r ->
                                        String.format(
                                                Locale.ROOT,
                                                "%s,%d,%s",
                                                r.deviceId,
                                                r.eventTime,
                                                r.temperature == null
                                                        ? ""
                                                        : Double.toString(r.temperature)))
                        .collect(Collectors.toList()));
        Path breadcrumbsCsv = dir.resolve("expected-breadcrumbs.csv");
        Files.write(
                breadcrumbsCsv,
                expected.breadcrumbs.stream()
                        .map(
                                b ->
                                        String.format(
                                                Locale.ROOT,
                                                "%s,%d,%s,%s",
                                                b.thingName,
                                                b.eventTime,
                                                Double.toString(b.lat),
                                                Double.toString(b.lon)))
                        .collect(Collectors.toList()));
        assertThat(expected.readings).hasSizeGreaterThan(1000);
        assertThat(expected.breadcrumbs).hasSizeGreaterThan(1000);

        try (LakeReader r = new LakeReader(lakeDir())) {
            String lakeReadings =
                    "SELECT device_id, epoch_ms(event_time) AS t, temperature FROM {readings}";
            String expReadings =
                    "SELECT column0 AS device_id, column1 AS t, column2 AS temperature FROM "
                            + "read_csv('"
                            + readingsCsv
                            + "', header=false, columns={'column0':'VARCHAR','column1':'BIGINT',"
                            + "'column2':'DOUBLE'})";
            assertThat(r.count("SELECT count(*) FROM {readings}"))
                    .isEqualTo(expected.readings.size());
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM ("
                                            + lakeReadings
                                            + " EXCEPT ALL "
                                            + expReadings
                                            + ")"))
                    .isZero();
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM ("
                                            + expReadings
                                            + " EXCEPT ALL "
                                            + lakeReadings
                                            + ")"))
                    .isZero();

            String lakeCrumbs =
                    "SELECT thing_name, epoch_ms(event_time) AS t, lat, lon FROM {breadcrumbs}";
            String expCrumbs =
                    "SELECT column0 AS thing_name, column1 AS t, column2 AS lat, column3 AS lon FROM "
                            + "read_csv('"
                            + breadcrumbsCsv
                            + "', header=false, columns={'column0':'VARCHAR',"
                            + "'column1':'BIGINT','column2':'DOUBLE','column3':'DOUBLE'})";
            assertThat(r.count("SELECT count(*) FROM {breadcrumbs}"))
                    .isEqualTo(expected.breadcrumbs.size());
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM ("
                                            + lakeCrumbs
                                            + " EXCEPT ALL "
                                            + expCrumbs
                                            + ")"))
                    .isZero();
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM ("
                                            + expCrumbs
                                            + " EXCEPT ALL "
                                            + lakeCrumbs
                                            + ")"))
                    .isZero();

            assertThat(r.count("SELECT count(*) FROM {dead_letter}"))
                    .isEqualTo(expected.deadLetters.size());
        }
    }

    @Test
    void noUncommittedFileIsVisible() throws IOException {
        for (String table : new String[] {"readings", "breadcrumbs", "dead_letter"}) {
            try (Stream<Path> files = Files.walk(lakeDir().resolve(table))) {
                List<String> visible =
                        files.filter(Files::isRegularFile)
                                .map(p -> lakeDir().resolve(table).relativize(p).toString())
                                .filter(
                                        rel ->
                                                Stream.of(rel.split("/"))
                                                        .noneMatch(
                                                                n ->
                                                                        n.startsWith(".")
                                                                                || n.startsWith(
                                                                                        "_")))
                                .collect(Collectors.toList());
                assertThat(visible)
                        .isNotEmpty()
                        .allSatisfy(
                                rel ->
                                        assertThat(rel)
                                                .matches(
                                                        "year=\\d{4}/month=\\d{2}/day=\\d{2}/hour=\\d{2}/(compacted-)?part-[^/]*\\.parquet"));
            }
        }
    }

    @Test
    void everyPartitionWithDataIsRegisteredWithItsValuesAndLocation() throws Exception {
        assertThat(glue.faultsServed.get())
                .as("the 500 and the throttling error were served; calls: %s", glue.calls)
                .isEqualTo(2);
        assertThat(glue.databases).containsKey(DB);
        for (String table : new String[] {"readings", "breadcrumbs", "dead_letter"}) {
            JsonNode t = glue.tables.get(DB + "." + table);
            assertThat(t).as(table).isNotNull();
            assertThat(t.path("StorageDescriptor").path("Location").asText())
                    .isEqualTo(LAKE + "/" + table + "/");
            assertThat(
                            t.path("StorageDescriptor")
                                    .path("SerdeInfo")
                                    .path("SerializationLibrary")
                                    .asText())
                    .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
            assertThat(t.path("StorageDescriptor").path("InputFormat").asText())
                    .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
            assertThat(t.path("Parameters").path("classification").asText()).isEqualTo("parquet");
            List<String> keys = new ArrayList<>();
            t.path("PartitionKeys")
                    .forEach(
                            k -> keys.add(k.path("Name").asText() + ":" + k.path("Type").asText()));
            assertThat(keys).containsExactly("year:int", "month:int", "day:int", "hour:int");
            assertThat(t.path("StorageDescriptor").path("Columns").get(0).path("Name").asText())
                    .isNotEmpty();

            // The partitions that hold data, read from the files themselves.
            Set<String> withData = new TreeSet<>();
            try (LakeReader r = new LakeReader(lakeDir())) {
                for (Map<String, Object> row :
                        r.query("SELECT DISTINCT year, month, day, hour FROM {" + table + "}")) {
                    withData.add(
                            String.format(
                                    Locale.ROOT,
                                    "%04d/%02d/%02d/%02d",
                                    row.get("year"),
                                    row.get("month"),
                                    row.get("day"),
                                    row.get("hour")));
                }
            }
            Map<String, JsonNode> registered = glue.partitionsOf(DB, table);
            assertThat(new TreeSet<>(registered.keySet())).as(table).isEqualTo(withData);
            for (Map.Entry<String, JsonNode> p : registered.entrySet()) {
                String[] v = p.getKey().split("/");
                assertThat(p.getValue().path("StorageDescriptor").path("Location").asText())
                        .isEqualTo(
                                LAKE + "/" + table + "/year=" + v[0] + "/month=" + v[1] + "/day="
                                        + v[2] + "/hour=" + v[3] + "/");
            }
        }
        // 6000 events 1 s apart from 09:30 span three hours.
        assertThat(glue.partitionsOf(DB, "readings").keySet())
                .contains("2024/04/18/09", "2024/04/18/10", "2024/04/18/11");
    }
}
