package io.fleetlake.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.MqttTestBroker;
import io.fleetlake.testing.PayloadAsString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acknowledgement contract of the reader against a real broker: a message is acknowledged only
 * when a checkpoint containing it completes. A reader closed before that (a failure) leaves the
 * message with the broker, which redelivers it to the next reader with the same client id; after
 * the checkpoint completes it is gone.
 */
class MqttSourceReaderTest {
    private static final String TOPIC = "dt/reader-test/aggregate";

    /** The client id of the one session (split 0) every reader here resumes. */
    private static final String CLIENT = "reader-test-0";

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir static Path dir;
    static MqttTestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = MqttTestBroker.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    @Test
    void acknowledgesOnlyAfterTheCheckpointCompletes() throws Exception {
        MqttConnectionConfig config =
                MqttConnectionConfig.builder()
                        .broker(broker.tcpUri())
                        .clientIdPrefix("reader-test")
                        .sharedGroup("reader-test")
                        .topics(List.of(TOPIC))
                        .build();
        broker.createSessions("reader-test", 1, "reader-test", List.of(TOPIC));
        publish(config, "m1", "m2", "m3");

        // A reader takes all three and checkpoints, but fails before the checkpoint completes.
        MqttSourceReader<String> first = reader(config);
        assertThat(readUntil(first, 3)).containsExactly("m1", "m2", "m3");
        first.snapshotState(1);
        first.notifyCheckpointAborted(1);
        first.close();
        assertThat(broker.pubacks(CLIENT)).as("PUBACKs before any checkpoint completed").isZero();

        // The broker redelivers them to the restarted reader (same client id); this time checkpoint
        // 2 completes.
        MqttSourceReader<String> second = reader(config);
        assertThat(readUntil(second, 3)).containsExactly("m1", "m2", "m3");
        second.snapshotState(2);
        second.notifyCheckpointComplete(2);
        // What arrives after the barrier of checkpoint 2 belongs to the next checkpoint and stays
        // unacknowledged.
        publish(config, "m4");
        assertThat(readUntil(second, 1)).containsExactly("m4");
        broker.awaitPubacks(CLIENT, 3, WAIT);
        second.close();
        assertThat(broker.pubacks(CLIENT)).as("m4 is not acknowledged").isEqualTo(3);

        // Only m4 comes back: m1..m3 were acknowledged with checkpoint 2.
        publish(config, "m5");
        MqttSourceReader<String> third = reader(config);
        assertThat(readUntil(third, 2)).containsExactly("m4", "m5");
        third.snapshotState(3);
        third.notifyCheckpointComplete(3);
        broker.awaitPubacks(CLIENT, 5, WAIT);
        third.close();
    }

    private static void publish(MqttConnectionConfig config, String... payloads) throws Exception {
        try (MqttPublisher p = MqttSourceFactory.publisher(config, "reader-test-producer")) {
            for (String s : payloads) {
                p.publish(TOPIC, s.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static MqttSourceReader<String> reader(MqttConnectionConfig config) {
        MqttSourceReader<String> reader =
                new MqttSourceReader<>(new Context(), config, new PayloadAsString());
        reader.start();
        reader.addSplits(List.of(new MqttSplit(0)));
        return reader;
    }

    /** Polls until {@code n} records were emitted (at most 30 s). */
    private static List<String> readUntil(MqttSourceReader<String> reader, int n) throws Exception {
        Output out = new Output();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (out.records.size() < n && System.nanoTime() < deadline) {
            reader.pollNext(out);
            if (out.records.size() < n) {
                try {
                    reader.isAvailable().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // poll again
                }
            }
        }
        return out.records;
    }

    private static final class Output implements ReaderOutput<String> {
        final List<String> records = new ArrayList<>();

        @Override
        public void collect(String record) {
            records.add(record);
        }

        @Override
        public void collect(String record, long timestamp) {
            records.add(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<String> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }

    private static final class Context implements SourceReaderContext {
        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "127.0.0.1";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public int currentParallelism() {
            return 1;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }
}
