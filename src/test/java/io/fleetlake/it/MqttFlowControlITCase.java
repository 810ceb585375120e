package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttPublisher;
import io.fleetlake.connectors.mqtt.MqttSourceFactory;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.MosquittoBroker;
import io.fleetlake.testing.MqttTestBroker;
import io.fleetlake.testing.PayloadAsString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MQTT source with a small {@code receive-maximum} (AWS IoT Core caps in-flight QoS 1 messages
 * at 100 per client): the source acknowledges a message only once a checkpoint containing it has
 * completed, so at most receive-maximum messages are delivered per checkpoint interval.
 *
 * <ul>
 *   <li>Against a broker that honours receive-maximum (embedded HiveMQ CE) every message arrives,
 *       at no more than receive-maximum per checkpoint: slower, never stalled.
 *   <li>Against Debian's Mosquitto 2.0.11 the broker itself exceeds receive-maximum as soon as the
 *       window is full and a PUBACK arrives (fixed in Mosquitto 2.0.13, eclipse/mosquitto#2306);
 *       the client hangs up with RECEIVE_MAXIMUM_EXCEEDED and every resumed session does the same,
 *       so nothing is delivered any more. The job must fail saying so rather than stall silently.
 *       With a fixed Mosquitto every message must arrive.
 * </ul>
 */
class MqttFlowControlITCase {
    private static final int MESSAGES = 400;
    private static final long CHECKPOINT_INTERVAL_MS = 300;

    /** Payloads the job saw, per test run (the MiniCluster runs in this JVM). */
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(1);

    @TempDir Path dir;

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    @ParameterizedTest(name = "HiveMQ CE, receive-maximum {0}")
    @ValueSource(ints = {10, 100})
    void everyMessageArrivesWhenTheBrokerHonoursReceiveMaximum(int receiveMaximum)
            throws Exception {
        String name = "flow-hivemq-" + receiveMaximum;
        try (MqttTestBroker broker = MqttTestBroker.start(dir.resolve("hivemq"))) {
            // The job's session exists before it connects: the broker queues for it from now on.
            broker.createSessions(name, 1, name, List.of("flow/+"));
            JobClient job = startJob(name, broker.tcpUri(), receiveMaximum);
            try {
                long elapsedMs = publishAndAwaitAll(broker.tcpUri(), name);
                broker.awaitPubacks(name + "-0", MESSAGES, Duration.ofSeconds(30));
                double bound = receiveMaximum * 1000.0 / CHECKPOINT_INTERVAL_MS;
                // The figures docs/sources/mqtt.md quotes (in the test's output file).
                System.out.printf(
                        "flow: HiveMQ CE, receive-maximum %d, checkpoint interval %d ms: %d messages "
                                + "in %d ms (%.1f/s; bound receive-maximum / interval = %.1f/s)%n",
                        receiveMaximum,
                        CHECKPOINT_INTERVAL_MS,
                        MESSAGES,
                        elapsedMs,
                        MESSAGES * 1000.0 / elapsedMs,
                        bound);
                // The bound holds: never more than receive-maximum per completed checkpoint.
                assertThat(MESSAGES * 1000.0 / elapsedMs).isLessThanOrEqualTo(bound * 1.5);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void mosquittoExceedingReceiveMaximumFailsTheJobInsteadOfStalling() throws Exception {
        String name = "flow-mosquitto";
        try (MosquittoBroker mosquitto =
                MosquittoBroker.start(dir.resolve("mosquitto"), 1000, true)) {
            JobClient job = startJob(name, mosquitto.tcpUri(), 10);
            try {
                Awaitility.await("session " + name + "-0 subscribed")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> mosquitto.log().contains(name + "-0 1 $share/"));
                if (MosquittoBroker.honoursReceiveMaximum()) {
                    publishAndAwaitAll(mosquitto.tcpUri(), name);
                    assertThat(mosquitto.log()).doesNotContain(MosquittoBroker.DROPPING);
                    return;
                }
                publish(mosquitto.tcpUri(), name);
                assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                        .hasStackTraceContaining(
                                "more unacknowledged QoS 1 messages than its receive-maximum (10)");
                System.out.printf(
                        "flow: Mosquitto %s: %d of %d messages arrived before the job failed%n",
                        MosquittoBroker.version(), SEEN.size(), MESSAGES);
                // The broker's own log shows the violation: more PUBLISHes out than the window.
                assertThat(mosquitto.log()).contains("Received DISCONNECT from " + name + "-0");
            } finally {
                if (!job.getJobStatus().get().isGloballyTerminalState()) {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private JobClient startJob(String name, String broker, int receiveMaximum) throws Exception {
        MqttConnectionConfig config =
                MqttConnectionConfig.builder()
                        .broker(broker)
                        .clientIdPrefix(name)
                        .sharedGroup(name)
                        .topics(List.of("flow/+"))
                        .receiveMaximum(receiveMaximum)
                        .reconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                        .build();
        Configuration conf = new Configuration();
        // A failure is the result under test, not something to recover from.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(CHECKPOINT_INTERVAL_MS);
        env.fromSource(
                        MqttSourceFactory.source(config, new PayloadAsString()),
                        WatermarkStrategy.noWatermarks(),
                        "mqtt")
                .uid("mqtt")
                .map(new Record())
                .name("record")
                .uid("record")
                .sinkTo(new DiscardingSink<>())
                .name("discard")
                .uid("discard");
        return env.executeAsync(name);
    }

    /** Publishes {@link #MESSAGES} QoS 1 messages as fast as the broker acknowledges them. */
    private static void publish(String broker, String name) throws Exception {
        try (MqttPublisher p =
                MqttSourceFactory.publisher(
                        MqttConnectionConfig.builder().broker(broker).build(),
                        name + "-producer")) {
            for (int i = 0; i < MESSAGES; i++) {
                p.publish("flow/" + (i % 4), ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Publishes, waits until the job saw every message; the milliseconds that took. */
    private static long publishAndAwaitAll(String broker, String name) throws Exception {
        long started = System.nanoTime();
        publish(broker, name);
        Awaitility.await("all " + MESSAGES + " messages arrive")
                .atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(SEEN).as("messages the job saw").hasSize(MESSAGES));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Records what the job saw. */
    static final class Record implements MapFunction<String, String> {
        @Override
        public String map(String payload) {
            SEEN.add(payload);
            return payload;
        }
    }
}
