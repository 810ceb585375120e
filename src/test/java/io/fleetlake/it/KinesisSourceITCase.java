package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.kinesis.agg.AggRecord;
import com.amazonaws.kinesis.agg.RecordAggregator;
import io.fleetlake.connectors.kinesis.KinesisFactory;
import io.fleetlake.connectors.kinesis.KinesisStreamWriter;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.testing.ExpectedLake;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.KinesisLocal;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.tools.local.KinesisProduceCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The production job reading Kinesis (a local kinesis-local server) into the lake, read back with
 * DuckDB: by polling and by enhanced fan-out, with KPL aggregates (made by awslabs' aggregator),
 * plain records, multi-message payloads and corrupt aggregates; across a reshard; and across a
 * restart from a checkpoint. Each time the lake must hold exactly the rows of the user records
 * produced: none lost, none twice.
 */
class KinesisSourceITCase {
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(4);

    static KinesisLocal kinesis;
    static KinesisClient client;

    @TempDir Path dir;

    @BeforeAll
    static void startKinesis() throws Exception {
        // DEBUG: it logs every request's action, so the EFO test can tell SubscribeToShard was
        // used.
        kinesis = KinesisLocal.start("DEBUG");
        client = kinesis.client();
    }

    @AfterAll
    static void stopKinesis() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
    }

    @Test
    void pollingReadsAggregatedPlainMultiLineAndCorruptRecordsExactlyOnce() throws Exception {
        String stream = "polling";
        kinesis.createStream(client, stream, 2);
        Producer producer = new Producer(stream);
        producer.sendMix(90);
        producer.sendCorruptAggregates();
        JobClient job = startJob(stream, "POLLING", null);
        try {
            producer.sendMix(30);
            awaitExactly(job, producer.expected);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        try (LakeReader lake = new LakeReader(dir.resolve("lake"))) {
            List<Map<String, Object>> corrupt =
                    lake.query(
                            "SELECT reason, payload_encoding, origin, source FROM {dead_letter} "
                                    + "WHERE reason_code='corrupt_aggregate' ORDER BY reason");
            assertThat(corrupt).hasSize(2);
            assertThat(corrupt)
                    .allSatisfy(
                            d -> {
                                assertThat((String) d.get("reason")).contains("checksum mismatch");
                                assertThat(d.get("payload_encoding")).isEqualTo("base64");
                                assertThat(d.get("source")).isEqualTo("kinesis");
                            });
            // Truncated JSON and every other dead letter: origin is stream/shard/sequence number.
            assertThat(ExpectedLake.lakeDeadLetterOrigins(lake))
                    .isNotEmpty()
                    .allSatisfy(o -> assertThat(o).matches("polling/shardId-\\d{12}/\\d+"));
            assertThat(
                            lake.count(
                                    "SELECT count(*) FROM {dead_letter} WHERE reason_code='not_json'"))
                    .isPositive();
            assertThat(
                            lake.count(
                                    "SELECT count(DISTINCT split_part(origin, '/', 2)) FROM {readings}"))
                    .isEqualTo(2);
            assertThat(lake.count("SELECT count(*) FROM {readings} WHERE source <> 'kinesis'"))
                    .isZero();
        }
        assertThat(producer.aggregated.stats().aggregates).isPositive();
    }

    @Test
    void enhancedFanOutReadsExactlyOnce() throws Exception {
        String stream = "efo";
        kinesis.createStream(client, stream, 2);
        Producer producer = new Producer(stream);
        producer.sendMix(60);
        long subscriptionsBefore = kinesis.requests("SubscribeToShard");
        JobClient job = startJob(stream, "EFO", "fleetlake-it");
        try {
            producer.sendMix(30);
            awaitExactly(job, producer.expected);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        // Read by enhanced fan-out: the job subscribed to both shards.
        assertThat(kinesis.requests("SubscribeToShard") - subscriptionsBefore)
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void reshardInTheMiddleOfTheStreamLosesAndRepeatsNothing() throws Exception {
        String stream = "reshard";
        kinesis.createStream(client, stream, 1);
        Producer producer = new Producer(stream);
        JobClient job = startJob(stream, "POLLING", null);
        try {
            producer.sendMix(60);
            awaitAtLeast(1);
            client.updateShardCount(
                    b ->
                            b.streamName(stream)
                                    .targetShardCount(2)
                                    .scalingType(ScalingType.UNIFORM_SCALING));
            KinesisLocal.awaitActive(client, stream, Duration.ofSeconds(30));
            producer.sendMix(60);
            awaitExactly(job, producer.expected);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        List<Shard> shards = client.listShards(b -> b.streamName(stream)).shards();
        assertThat(shards).hasSize(3);
        try (LakeReader lake = new LakeReader(dir.resolve("lake"))) {
            // Rows came from the parent and from both children.
            assertThat(
                            lake.count(
                                    "SELECT count(DISTINCT split_part(origin, '/', 2)) FROM {readings}"))
                    .isEqualTo(3);
        }
    }

    @Test
    void restartFromCheckpointInTheMiddleOfTheStreamLosesAndRepeatsNothing() throws Exception {
        String stream = "restart";
        kinesis.createStream(client, stream, 2);
        Producer producer = new Producer(stream);
        Path checkpoints = dir.resolve("checkpoints");
        producer.sendMix(60);
        JobClient first = startJob(stream, "POLLING", null, checkpoints, null);
        try {
            awaitAtLeast(1);
            // Cancelled right after more records arrive: some of them are typically read but not
            // yet committed,
            // which the restored job must read again (and the 60 sent after the restart it reads
            // for the first time).
            producer.sendMix(30);
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        int producedBeforeRestart = producer.expected.rows();
        long before;
        try (LakeReader lake = new LakeReader(dir.resolve("lake"))) {
            before = ExpectedLake.committedRows(lake);
        }
        // Mid-stream: rows were committed before the restart, none twice (whether all of the first
        // 90 events were
        // committed by the cancel is timing; the 60 sent after the restart are certainly not).
        assertThat(before)
                .as("rows committed before the restart")
                .isBetween(1L, (long) producedBeforeRestart);
        Path checkpoint = latestCheckpoint(checkpoints);
        producer.sendMix(60);
        JobClient second = startJob(stream, "POLLING", null, checkpoints, checkpoint);
        try {
            awaitExactly(second, producer.expected);
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    // ---- producing ----

    /**
     * Sends simulator events, as the fleet's IoT rule writes them, in every record shape; remembers
     * the rows.
     */
    final class Producer {
        final String stream;
        final KinesisStreamWriter aggregated;
        final KinesisStreamWriter plain;
        final ExpectedLake expected = new ExpectedLake();
        final FleetSimulator fleet =
                new FleetSimulator(
                        7, Instant.parse("2024-04-18T09:00:00Z").toEpochMilli(), 20, 6, 6, 0.03);
        long next;

        Producer(String stream) {
            this.stream = stream;
            this.aggregated = KinesisFactory.newWriter(client, stream, true);
            this.plain = KinesisFactory.newWriter(client, stream, false);
        }

        /**
         * {@code n} events: a quarter as plain records, half inside KPL aggregates, and the rest as
         * payloads of three newline-delimited messages (alternately plain and aggregated).
         */
        void sendMix(int n) throws InterruptedException {
            long end = next + n;
            int multi = 0;
            while (next < end) {
                long i = next;
                RawMessage e = fleet.event(i);
                byte[] payload = KinesisProduceCommand.ruleShaped(e);
                switch ((int) (i % 4)) {
                    case 0:
                        send(plain, e.topic, payload);
                        next++;
                        break;
                    case 3:
                        if (end - i >= 3) {
                            ByteArrayOutputStream lines = new ByteArrayOutputStream();
                            for (long j = i; j < i + 3; j++) {
                                if (j > i) {
                                    lines.write('\n');
                                }
                                lines.writeBytes(KinesisProduceCommand.ruleShaped(fleet.event(j)));
                            }
                            send(
                                    multi++ % 2 == 0 ? plain : aggregated,
                                    e.topic,
                                    lines.toByteArray());
                            next += 3;
                            break;
                        }
                        send(aggregated, e.topic, payload);
                        next++;
                        break;
                    default:
                        send(aggregated, e.topic, payload);
                        next++;
                        break;
                }
            }
            aggregated.flush();
            plain.flush();
        }

        private void send(KinesisStreamWriter writer, String partitionKey, byte[] payload)
                throws InterruptedException {
            writer.add(partitionKey, payload);
            expected.add(payload);
        }

        /**
         * Two aggregates made with awslabs' aggregator, one with a damaged checksum, one truncated.
         */
        void sendCorruptAggregates() throws Exception {
            RecordAggregator agg = new RecordAggregator();
            for (int i = 0; i < 3; i++) {
                agg.addUserRecord(
                        "broken-device",
                        ("{\"device_id\":\"broken\",\"temperature\":" + i + "}")
                                .getBytes(StandardCharsets.UTF_8));
            }
            AggRecord record = agg.clearAndGet();
            byte[] bytes = record.toRecordBytes();
            byte[] badChecksum = bytes.clone();
            badChecksum[badChecksum.length - 1] ^= 0x5A;
            byte[] truncated = Arrays.copyOf(bytes, bytes.length - 7);
            for (byte[] b : new byte[][] {badChecksum, truncated}) {
                client.putRecord(
                        r ->
                                r.streamName(stream)
                                        .partitionKey("broken-device")
                                        .data(SdkBytes.fromByteArray(b)));
                expected.add(b);
            }
        }
    }

    // ---- the job ----

    private JobClient startJob(String stream, String reader, String consumer) throws Exception {
        return startJob(stream, reader, consumer, null, null);
    }

    private JobClient startJob(
            String stream, String reader, String consumer, Path checkpoints, Path restoreFrom)
            throws Exception {
        Map<String, String> kinesisGroup = new LinkedHashMap<>();
        kinesisGroup.put("stream", stream);
        kinesisGroup.put("endpoint", kinesis.httpEndpoint());
        kinesisGroup.put("region", KinesisLocal.REGION);
        kinesisGroup.put("access-key-id", KinesisLocal.ACCESS_KEY);
        kinesisGroup.put("secret-access-key", KinesisLocal.SECRET_KEY);
        kinesisGroup.put("initial-position", "TRIM_HORIZON");
        kinesisGroup.put("reader", reader);
        if (consumer != null) {
            kinesisGroup.put("efo-consumer-name", consumer);
        }
        kinesisGroup.put("shard-discovery-interval", "500 ms");
        kinesisGroup.put("polling-interval", "100 ms");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Kinesis", kinesisGroup);
        // Compaction off: these tests wait for rows to be committed; compaction would delay them by
        // its interval.
        groups.put("Lake", Map.of("path", dir.resolve("lake").toString(), "compaction", "false"));
        groups.put("Job", Map.of("checkpoint-interval", "300 ms", "parallelism", "2"));

        Configuration conf = new Configuration();
        if (checkpoints != null) {
            conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
            conf.setString(
                    "execution.checkpointing.externalized-checkpoint-retention",
                    "RETAIN_ON_CANCELLATION");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("kinesis-it-" + stream);
        if (restoreFrom != null) {
            graph.setSavepointRestoreSettings(
                    SavepointRestoreSettings.forPath(restoreFrom.toString(), false));
        }
        return env.executeAsync(graph);
    }

    /** Waits until at least {@code rows} rows are committed. */
    private void awaitAtLeast(long rows) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        try (LakeReader lake = new LakeReader(dir.resolve("lake"))) {
            while (ExpectedLake.committedRows(lake) < rows) {
                assertThat(System.nanoTime())
                        .as("rows committed within %s", AWAIT)
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /**
     * Waits until the lake has as many rows as expected, then for two more checkpoints (triggered
     * one after the other, so the first one's files are committed when the second completes), and
     * compares exactly: a record read twice would by then be committed as an extra row.
     */
    private void awaitExactly(JobClient job, ExpectedLake expected) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        try (LakeReader lake = new LakeReader(dir.resolve("lake"))) {
            long rows;
            while ((rows = ExpectedLake.committedRows(lake)) < expected.rows()) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(200);
            }
            try (RestClusterClient<StandaloneClusterId> cluster =
                    new RestClusterClient<>(
                            CLUSTER.getClientConfiguration(), StandaloneClusterId.getInstance())) {
                for (int i = 0; i < 2; i++) {
                    cluster.triggerCheckpoint(job.getJobID(), CheckpointType.CONFIGURED)
                            .get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            assertThat(ExpectedLake.lakeReadings(lake))
                    .as("readings")
                    .isEqualTo(expected.readings());
            assertThat(ExpectedLake.lakeBreadcrumbs(lake))
                    .as("breadcrumbs")
                    .isEqualTo(expected.breadcrumbs());
            assertThat(ExpectedLake.lakeDeadLetters(lake))
                    .as("dead letters")
                    .isEqualTo(expected.deadLetters());
        }
    }

    private static Path latestCheckpoint(Path checkpoints) throws IOException {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            Optional<Path> latest =
                    files.filter(p -> p.getFileName().toString().equals("_metadata"))
                            .map(Path::getParent)
                            .filter(p -> p.getFileName().toString().startsWith("chk-"))
                            .max(
                                    Comparator.comparingLong(
                                            p ->
                                                    Long.parseLong(
                                                            p.getFileName()
                                                                    .toString()
                                                                    .substring(4))));
            assertThat(latest).as("a retained checkpoint under %s", checkpoints).isPresent();
            return latest.get();
        }
    }
}
