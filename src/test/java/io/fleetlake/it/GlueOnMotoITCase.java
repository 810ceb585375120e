package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.connectors.s3.S3FileSystems;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.simulator.SimulatorOptions;
import io.fleetlake.job.sources.MessageSource;
import io.fleetlake.job.sources.SimulatorMessageSource;
import io.fleetlake.testing.FailOnce;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.MotoServer;
import io.fleetlake.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The lake on S3 (s3proxy, through Flink's S3 plugin) with compaction and a task failure after some
 * checkpoints committed files, registered in Glue on moto; after the restore, while the job runs,
 * the {@code readings} table is dropped (the job creates it again) and {@code breadcrumbs} is
 * dropped and created again from its own definition (as a user re-running the DDL would: the same
 * table, no partitions). Read back from moto: {@code GetPartitions} of each table is exactly the
 * lake's partition folders (with their locations), and each table's definition from {@code
 * GetTable} is the Athena DDL in {@code sql/athena/} (columns, types, partition keys). Glue faults
 * (5xx, throttling) stay with {@code S3LakeExactlyOnceGlueITCase}'s fake, where a stub is the right
 * tool.
 */
class GlueOnMotoITCase {
    static final String BUCKET = "lake";
    static final String LAKE = "s3://" + BUCKET + "/fleet";
    static final String DB = "fleet_db";
    static final long EVENTS = 4000;
    static final String START = "2024-04-18T09:30:00Z";
    static final String[] TABLES = {
        "readings", "breadcrumbs", "dead_letter", "readings_1m", "readings_1h", "breadcrumbs_1m"
    };

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(4);
    @RegisterExtension static final MotoServer MOTO = new MotoServer();

    @TempDir static Path dir;
    static S3Server s3;
    static FleetlakeConfig config;
    static long droppedAt;
    static volatile long jobEndedAt;

    /** What the dropper saw last: the reason when it came too late. */
    static volatile String lastPoll = "";

    @BeforeAll
    static void runWithAFailure() throws Exception {
        s3 = S3Server.start(dir.resolve("s3"), BUCKET);
        S3FileSystems.initialize(s3.settings(), Paths.get("target/plugins"), true);
        Map<String, String> glue = MOTO.endpointProperties("database", DB, "retry-interval", "1 s");
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
                                "Lake",
                                Map.of("path", LAKE, "compaction-interval", "1 s"),
                                "Glue",
                                glue,
                                "TopK",
                                Map.of("enabled", "false"),
                                "Job",
                                Map.of("checkpoint-interval", "300 ms", "parallelism", "2")));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restarts);
        FleetlakeJob.configure(env, config);
        FailOnce.reset();
        FleetSimulator fleet =
                new FleetSimulator(
                        config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.SEED),
                        EventTimes.parse(START),
                        1.0,
                        config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.VEHICLES),
                        config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.SENSORS),
                        config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.MALFORMED_RATIO));
        MessageSource failing = FailOnce.after(new SimulatorMessageSource(fleet, EVENTS, 400));
        new FleetlakeJob(
                        config,
                        List.of(failing),
                        FleetlakeSinks.lake(FleetlakeApplication.lakeSinkFactory(config, null)))
                .addTo(env);
        ExecutorService dropper = Executors.newSingleThreadExecutor();
        try {
            Future<Long> dropped = dropper.submit(GlueOnMotoITCase::dropTablesMidRun);
            try {
                env.execute("glue-on-moto-it");
            } finally {
                jobEndedAt = System.currentTimeMillis();
            }
            droppedAt = dropped.get(60, TimeUnit.SECONDS);
        } finally {
            dropper.shutdownNow();
        }
    }

    /**
     * Once the restored job has registered partitions of both tables: drops readings, and drops and
     * recreates breadcrumbs. Returns when it did so (after the job's end if it was too late: {@link
     * #theTablesWereDroppedWhileTheRestoredJobRan} fails then).
     */
    static long dropTablesMidRun() {
        try (GlueClient glue = MOTO.client(GlueClient.builder())) {
            // However slow the machine: until the job ends (the test then fails on the timing).
            Awaitility.await()
                    .atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                boolean failed = FailOnce.FAILED.get();
                                boolean readings = hasPartitions(glue, "readings");
                                boolean breadcrumbs = hasPartitions(glue, "breadcrumbs");
                                lastPoll =
                                        "failed="
                                                + failed
                                                + " readings="
                                                + readings
                                                + " breadcrumbs="
                                                + breadcrumbs;
                                return jobEndedAt != 0 || failed && readings && breadcrumbs;
                            });
            Table b = glue.getTable(r -> r.databaseName(DB).name("breadcrumbs")).table();
            glue.deleteTable(r -> r.databaseName(DB).name("readings"));
            glue.deleteTable(r -> r.databaseName(DB).name("breadcrumbs"));
            glue.createTable(
                    r ->
                            r.databaseName(DB)
                                    .tableInput(
                                            TableInput.builder()
                                                    .name(b.name())
                                                    .description(b.description())
                                                    .tableType(b.tableType())
                                                    .parameters(b.parameters())
                                                    .partitionKeys(b.partitionKeys())
                                                    .storageDescriptor(b.storageDescriptor())
                                                    .build()));
            return System.currentTimeMillis();
        }
    }

    private static boolean hasPartitions(GlueClient glue, String table) {
        try {
            return !glue.getPartitions(b -> b.databaseName(DB).tableName(table))
                    .partitions()
                    .isEmpty();
        } catch (EntityNotFoundException notYet) {
            return false;
        }
    }

    /** GetPartitions of a table: values joined by '/' to location, each registered once. */
    static Map<String, String> registered(GlueClient glue, String table) {
        Map<String, String> registered = new TreeMap<>();
        List<Partition> partitions = new java.util.ArrayList<>();
        glue.getPartitionsPaginator(b -> b.databaseName(DB).tableName(table))
                .forEach(page -> partitions.addAll(page.partitions()));
        for (Partition p : partitions) {
            String previous =
                    registered.put(String.join("/", p.values()), p.storageDescriptor().location());
            assertThat(previous).as("%s registered once", p.values()).isNull();
        }
        return registered;
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    /** The lake's partition folders holding committed files: values joined by '/' to location. */
    static Map<String, String> partitionFolders(String table) throws Exception {
        Path root = s3.bucketDir(BUCKET).resolve("fleet").resolve(table);
        Pattern folder = Pattern.compile("year=(\\d+)/month=(\\d+)/day=(\\d+)/hour=(\\d+)");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f :
                    files.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .collect(Collectors.toList())) {
                String rel = root.relativize(f.getParent()).toString();
                Matcher m = folder.matcher(rel);
                if (m.matches()) {
                    out.put(
                            m.group(1) + "/" + m.group(2) + "/" + m.group(3) + "/" + m.group(4),
                            LAKE + "/" + table + "/" + rel + "/");
                }
            }
        }
        return out;
    }

    @Test
    void theJobFailedOnceAfterCommittingAndRecovered() {
        assertThat(FailOnce.FAILED.get()).as("the injected failure happened").isTrue();
        assertThat(FailOnce.CHECKPOINTS_BEFORE_FAILURE.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theTablesWereDroppedWhileTheRestoredJobRan() {
        assertThat(droppedAt)
                .as("dropped before the job ended at %d; last poll %s", jobEndedAt, lastPoll)
                .isLessThan(jobEndedAt);
    }

    @Test
    void getPartitionsIsExactlyTheLakesPartitionFolders() throws Exception {
        try (GlueClient glue = MOTO.client(GlueClient.builder())) {
            for (String table : TABLES) {
                Map<String, String> registered = registered(glue, table);
                Map<String, String> folders = partitionFolders(table);
                assertThat(folders).as(table).isNotEmpty();
                assertThat(registered).as(table).isEqualTo(folders);
            }
            // 4000 events 1 s apart from 09:30 span two hours.
            assertThat(partitionFolders("readings")).containsKeys("2024/04/18/09", "2024/04/18/10");
        }
    }

    @Test
    void tableDefinitionsAreTheAthenaDdl() throws Exception {
        try (GlueClient glue = MOTO.client(GlueClient.builder())) {
            for (String table : TABLES) {
                String ddl = Files.readString(Path.of("sql/athena/" + table + ".sql"));
                Table t = glue.getTable(b -> b.databaseName(DB).name(table)).table();
                Map<String, String> columns = new LinkedHashMap<>();
                for (Column c : t.storageDescriptor().columns()) {
                    columns.put(c.name(), c.type());
                }
                assertThat(columns).as(table).containsExactlyEntriesOf(TopKITCase.ddlColumns(ddl));
                String keys =
                        t.partitionKeys().stream()
                                .map(c -> "`" + c.name() + "` " + c.type())
                                .collect(Collectors.joining(", "));
                assertThat(ddl).contains("PARTITIONED BY (" + keys + ")");
                assertThat(t.storageDescriptor().location()).isEqualTo(LAKE + "/" + table + "/");
                assertThat(t.storageDescriptor().serdeInfo().serializationLibrary())
                        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
                assertThat(t.parameters()).containsEntry("classification", "parquet");
                Matcher compression =
                        Pattern.compile("'parquet.compression' = '([A-Z]+)'").matcher(ddl);
                assertThat(compression.find()).isTrue();
                assertThat(t.parameters())
                        .containsEntry("parquet.compression", compression.group(1));
            }
        }
    }
}
