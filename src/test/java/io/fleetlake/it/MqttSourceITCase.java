package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttOptions;
import io.fleetlake.connectors.mqtt.MqttPublisher;
import io.fleetlake.connectors.mqtt.MqttSourceFactory;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.sources.MessageSource;
import io.fleetlake.job.sources.MqttMessageSource;
import io.fleetlake.testing.CollectingOutput;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.testing.MqttTestBroker;
import io.fleetlake.testing.TestCertificates;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real job with the MQTT source against a real broker (embedded HiveMQ CE on 127.0.0.1):
 * messages on several topics land in the lake with the right thing names; a broker outage
 * mid-stream and a job failure with restore from a checkpoint lose no QoS 1 message (duplicates are
 * counted and logged); mutual TLS with certificates minted by the test. Each test uses its own
 * client ids, shared group, topics and lake.
 */
class MqttSourceITCase {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSourceITCase.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long BASE_TIME = Instant.parse("2024-04-18T09:00:00Z").toEpochMilli();

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(4);

    @TempDir static Path dir;
    static TestCertificates certs;
    static MqttTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        certs = TestCertificates.create(dir.resolve("pki"));
        broker = MqttTestBroker.start(dir.resolve("broker"), certs);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void messagesOnSeveralTopicsLandWithThingNamesAndFilteredThingsAreSkipped() throws Exception {
        Path lake = dir.resolve("lake-topics");
        // HiveMQ refuses client PUBLISHes to '$' topics (reserved by MQTT for the broker; AWS IoT
        // Core and
        // Mosquitto accept $aws/...), so the shadow topics travel without the '$' and the topic
        // templates say so.
        Map<String, String> mqtt = mqtt("it-topics", broker.tcpUri());
        mqtt.put("topics", "aws/things/+/shadow/update/documents;aws/things/+/shadow/update;dt/#");
        mqtt.put("thing-name-prefixes", "iotfleet_");
        String templates =
                "aws/things/{thing_name}/#;dt/{site}/{device_id}/{type};dt/{device_id}/{type}";
        JobClient job = startJob("mqtt-topics", mqtt, templates, lake, 2, 0);
        try {
            FleetSimulator fleet = new FleetSimulator(7, BASE_TIME, 20, 6, 3, 0);
            List<RawMessage> data = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                RawMessage m = fleet.event(i);
                String topic = m.topic.startsWith("$") ? m.topic.substring(1) : m.topic;
                data.add(RawMessage.json("test", topic, topic, 0, m.payload));
            }
            // Not this job's things: the seed rule's startswith(topic(3), 'iotfleet_') drops them.
            List<RawMessage> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String topic = "aws/things/other_thing_" + i + "/shadow/update";
                others.add(
                        RawMessage.json(
                                "test",
                                topic,
                                topic,
                                0,
                                ("{\"state\":{\"reported\":{\"latitude\":45.5,"
                                                + "\"longitude\":-122.6,\"speed\":10,\"ts\":"
                                                + (BASE_TIME + i)
                                                + "}}}")
                                        .getBytes(StandardCharsets.UTF_8)));
            }
            // A device sending garbage: a dead letter whose origin is the topic.
            String badTopic = "dt/sensor_bad/aggregate";
            RawMessage bad =
                    RawMessage.json(
                            "test",
                            badTopic,
                            badTopic,
                            0,
                            "{\"temperature\":".getBytes(StandardCharsets.UTF_8));
            List<RawMessage> all = new ArrayList<>(data);
            all.addAll(others);
            all.add(bad);
            publish(broker.tcpUri(), "it-topics-producer", all);

            // What the job must produce: the decoder's own output for the accepted messages.
            CollectingOutput expected = new CollectingOutput();
            MessageNormalizer normalizer =
                    new MessageNormalizer(new TopicTemplates(List.of(templates.split(";"))));
            for (RawMessage m : data) {
                normalizer.normalize(m, expected);
            }
            normalizer.normalize(bad, expected);
            assertThat(expected.breadcrumbs).isNotEmpty();
            assertThat(expected.readings).isNotEmpty();

            try (LakeReader r = new LakeReader(lake)) {
                awaitCount(r, "SELECT count(*) FROM {breadcrumbs}", expected.breadcrumbs.size());
                awaitCount(r, "SELECT count(*) FROM {readings}", expected.readings.size());
                awaitCount(r, "SELECT count(*) FROM {dead_letter}", expected.deadLetters.size());

                assertThat(
                                r.count(
                                        "SELECT count(*) FROM {breadcrumbs} WHERE thing_name LIKE 'other_thing%'"))
                        .isZero();
                assertThat(r.query("SELECT DISTINCT thing_name FROM {breadcrumbs}"))
                        .extracting(m -> (String) m.get("thing_name"))
                        .containsExactlyInAnyOrderElementsOf(
                                expected.breadcrumbs.stream()
                                        .map(b -> b.thingName)
                                        .distinct()
                                        .collect(java.util.stream.Collectors.toList()));
                // Every breadcrumb's thing name is topic(3) of the topic it came on.
                assertThat(
                                r.count(
                                        "SELECT count(*) FROM {breadcrumbs} "
                                                + "WHERE thing_name <> split_part(topic, '/', 3) OR origin <> topic OR source <> 'mqtt'"))
                        .isZero();
                assertThat(r.count("SELECT count(DISTINCT topic) FROM {readings}"))
                        .isEqualTo(expected.readings.stream().map(x -> x.topic).distinct().count());
                assertThat(
                                r.count(
                                        "SELECT count(*) FROM {readings} WHERE device_id IS NULL OR origin <> topic"))
                        .isZero();
                Map<String, Object> dead =
                        r.query("SELECT origin, source, reason_code FROM {dead_letter}").get(0);
                assertThat(dead.get("origin")).isEqualTo(badTopic);
                assertThat(dead.get("source")).isEqualTo("mqtt");
            }
        } finally {
            cancel(job);
        }
    }

    @Test
    void brokerStoppedAndRestartedMidStreamLosesNoMessage() throws Exception {
        Path lake = dir.resolve("lake-outage");
        String topicRoot = "outage";
        Map<String, String> mqtt = mqtt("it-outage", broker.tcpUri());
        mqtt.put("topics", "dt/+/" + topicRoot);
        JobClient job = startJob("mqtt-outage", mqtt, null, lake, 2, 0);
        int n = 600;
        try {
            List<RawMessage> messages = numbered(topicRoot, n);
            // First half as fast as the broker takes them, then the broker goes away while the job
            // holds many of
            // them unacknowledged (they are acknowledged only after the next checkpoint).
            publish(broker.tcpUri(), "it-outage-producer", messages.subList(0, n / 2));
            broker.stop();
            LOG.info("broker stopped with the job mid-stream");
            // Down until a session tries to reconnect: the source has noticed the outage.
            broker.awaitConnectionAttemptWhileStopped(WAIT);
            broker.startAgain();
            LOG.info("broker restarted");
            publish(broker.tcpUri(), "it-outage-producer", messages.subList(n / 2, n));
            try (LakeReader r = new LakeReader(lake)) {
                awaitCount(r, "SELECT count(DISTINCT event_time) FROM {readings}", n);
                long duplicates = assertEveryMessageLandedAtMostTwice(r, n);
                LOG.info("broker outage: {} messages, {} duplicates", n, duplicates);
                System.out.printf(
                        "MQTT broker outage: %d messages published, %d distinct landed, %d duplicates%n",
                        n, n, duplicates);
            }
        } finally {
            cancel(job);
        }
    }

    @Test
    void jobFailureAndRestoreFromCheckpointLosesNoMessage() throws Exception {
        Path lake = dir.resolve("lake-failover");
        String topicRoot = "failover";
        Map<String, String> mqtt = mqtt("it-failover", broker.tcpUri());
        mqtt.put("topics", "dt/+/" + topicRoot);
        int n = 600;
        FailOnce.reset();
        JobClient job = startJob("mqtt-failover", mqtt, null, lake, 2, n / 2);
        try {
            List<RawMessage> messages = numbered(topicRoot, n);
            // Steady stream, so that checkpoints complete before the injected failure.
            publishPaced(broker.tcpUri(), "it-failover-producer", messages, 200);
            try (LakeReader r = new LakeReader(lake)) {
                awaitCount(r, "SELECT count(DISTINCT event_time) FROM {readings}", n);
                long duplicates = assertEveryMessageLandedAtMostTwice(r, n);
                LOG.info("job failover: {} messages, {} duplicates", n, duplicates);
                System.out.printf(
                        "MQTT job failover: %d messages published, %d distinct landed, %d duplicates%n",
                        n, n, duplicates);
                assertThat(FailOnce.FAILED.get()).as("the injected failure happened").isTrue();
            }
        } finally {
            cancel(job);
        }
    }

    @Test
    void mutualTlsWithClientCertificates() throws Exception {
        Path lake = dir.resolve("lake-tls");
        String topicRoot = "tls";
        Map<String, String> mqtt = mqtt("it-tls", broker.tlsUri());
        mqtt.put("topics", "dt/+/" + topicRoot);
        // As on Managed Service for Apache Flink: certificate and key as PEM property values; CA
        // from a file.
        mqtt.put("certificate", Files.readString(certs.clientCertPem()));
        mqtt.put("private-key", Files.readString(certs.clientKeyPem()));
        mqtt.put("ca-certificate", certs.caPem().toString());
        JobClient job = startJob("mqtt-tls", mqtt, null, lake, 1, 0);
        try {
            int n = 50;
            MqttConnectionConfig tls =
                    MqttConnectionConfig.builder()
                            .broker(broker.tlsUri())
                            .clientCertificate(
                                    certs.clientCertPem().toString(),
                                    certs.clientKeyPem().toString())
                            .caCertificate(certs.caPem().toString())
                            .build();
            try (MqttPublisher p = MqttSourceFactory.publisher(tls, "it-tls-producer")) {
                for (RawMessage m : numbered(topicRoot, n)) {
                    p.publish(m.topic, m.payload);
                }
            }
            try (LakeReader r = new LakeReader(lake)) {
                awaitCount(r, "SELECT count(DISTINCT event_time) FROM {readings}", n);
            }
        } finally {
            cancel(job);
        }
        // Without a client certificate the broker refuses the TLS connection.
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(
                null,
                io.fleetlake.connectors.mqtt.MqttTls.trustManagers(certs.caPem().toString())
                        .getTrustManagers(),
                null);
        assertThatThrownBy(
                        () -> {
                            try (SSLSocket socket =
                                    (SSLSocket)
                                            ssl.getSocketFactory()
                                                    .createSocket("127.0.0.1", broker.tlsPort())) {
                                socket.setSoTimeout(10_000);
                                socket.startHandshake();
                                socket.getOutputStream().write(new byte[] {0x10, 0x00});
                                InputStream in = socket.getInputStream();
                                if (in.read() < 0) {
                                    throw new EOFException("closed by broker");
                                }
                            }
                        })
                .isInstanceOf(IOException.class);
    }

    // ---- helpers ----

    private static Map<String, String> mqtt(String name, String brokerUri) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("broker", brokerUri);
        m.put("client-id-prefix", name);
        m.put("shared-group", name);
        m.put("reconnect-initial-delay", "200 ms");
        m.put("reconnect-max-delay", "1 s");
        return m;
    }

    /**
     * Telemetry messages with event times one second apart: each lands as one reading with its own
     * time.
     */
    private static List<RawMessage> numbered(String topicRoot, int n) {
        List<RawMessage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String device = "dev" + (i % 4);
            String topic = "dt/" + device + "/" + topicRoot;
            String payload =
                    "{\"device_id\":\""
                            + device
                            + "\",\"temperature\":"
                            + (i % 40)
                            + ",\"humidity\":50,"
                            + "\"timestamp\":\""
                            + EventTimes.formatSql(BASE_TIME + i * 1000L)
                            + "\"}";
            out.add(
                    RawMessage.json(
                            "test", topic, topic, 0, payload.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static void publish(String brokerUri, String clientId, List<RawMessage> messages)
            throws Exception {
        MqttConnectionConfig c = MqttConnectionConfig.builder().broker(brokerUri).build();
        try (MqttPublisher p = MqttSourceFactory.publisher(c, clientId)) {
            List<java.util.concurrent.CompletableFuture<?>> acks = new ArrayList<>();
            for (RawMessage m : messages) {
                acks.add(p.publishAsync(m.topic, m.payload));
            }
            for (java.util.concurrent.CompletableFuture<?> a : acks) {
                a.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void publishPaced(
            String brokerUri, String clientId, List<RawMessage> messages, double perSecond)
            throws Exception {
        MqttConnectionConfig c = MqttConnectionConfig.builder().broker(brokerUri).build();
        try (MqttPublisher p = MqttSourceFactory.publisher(c, clientId)) {
            long start = System.nanoTime();
            for (int i = 0; i < messages.size(); i++) {
                long wait = start + (long) (i * 1e9 / perSecond) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                p.publish(messages.get(i).topic, messages.get(i).payload);
            }
        }
    }

    /**
     * Starts the production job on the MQTT source, its sessions created (and subscribed)
     * beforehand; with {@code failAt > 0} a map behind the source throws once at that record and
     * the job restarts from its last checkpoint (fixed-delay restarts).
     */
    private static JobClient startJob(
            String name,
            Map<String, String> mqtt,
            String topicTemplates,
            Path lake,
            int parallelism,
            int failAt)
            throws Exception {
        List<String> topics =
                mqtt.containsKey("topics")
                        ? List.of(mqtt.get("topics").split(";"))
                        : MqttOptions.TOPICS.defaultValue();
        broker.createSessions(
                mqtt.get("client-id-prefix"), parallelism, mqtt.get("shared-group"), topics);
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Mqtt", mqtt);
        // Compaction off: these tests wait for rows to be committed; compaction would delay them by
        // its interval.
        groups.put("Lake", Map.of("path", lake.toString(), "compaction", "false"));
        Map<String, String> jobGroup = new LinkedHashMap<>();
        jobGroup.put("checkpoint-interval", "500 ms");
        jobGroup.put("parallelism", Integer.toString(parallelism));
        if (topicTemplates != null) {
            jobGroup.put("topic-templates", topicTemplates);
        }
        groups.put("Job", jobGroup);
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (failAt <= 0) {
            FleetlakeApplication.build(env, config, System.currentTimeMillis());
        } else {
            Configuration restarts = new Configuration();
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            restarts.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofMillis(500));
            env.configure(restarts);
            FleetlakeJob.configure(env, config);
            MessageSource mqttSource = MqttMessageSource.fromConfig(config);
            MessageSource failing =
                    new MessageSource() {
                        @Override
                        public DataStream<RawMessage> attach(StreamExecutionEnvironment e) {
                            return mqttSource
                                    .attach(e)
                                    .map(new FailOnce(failAt))
                                    .name("inject failure")
                                    .uid("inject-failure");
                        }

                        @Override
                        public boolean isBounded() {
                            return false;
                        }
                    };
            new FleetlakeJob(
                            config,
                            List.of(failing),
                            FleetlakeSinks.lake(
                                    new LakeSinkFactory(
                                            lake.toString(),
                                            config.get(FleetlakeOptions.LAKE, LakeOptions.CODEC))))
                    .addTo(env);
        }
        return env.executeAsync(name);
    }

    private static void cancel(JobClient job) throws Exception {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.info("cancel: {}", e.toString());
        }
    }

    /**
     * With {@code n} distinct event times in the lake: they are exactly those of {@link #numbered}
     * (nothing lost, nothing foreign), and no message landed more than twice (QoS 1 after one
     * outage or failure: a message is redelivered at most once, when its PUBACK did not reach the
     * broker).
     *
     * @return how many rows are duplicates
     */
    private static long assertEveryMessageLandedAtMostTwice(LakeReader r, int n) throws Exception {
        assertThat(
                        r.count(
                                "SELECT count(*) FROM {readings} WHERE epoch_ms(event_time) < "
                                        + BASE_TIME
                                        + " OR epoch_ms(event_time) > "
                                        + (BASE_TIME + (n - 1) * 1000L)
                                        + " OR epoch_ms(event_time) % 1000 <> "
                                        + Math.floorMod(BASE_TIME, 1000L)))
                .as("readings with an event time that was not published")
                .isZero();
        assertThat(
                        r.count(
                                "SELECT count(*) FROM (SELECT event_time FROM {readings} GROUP BY event_time "
                                        + "HAVING count(*) > 2)"))
                .as("messages that landed more than twice")
                .isZero();
        return r.count("SELECT count(*) FROM {readings}") - n;
    }

    /** Polls the lake until the query returns {@code expected} (files appear at checkpoints). */
    private static void awaitCount(LakeReader r, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = r.count(sql);
            } catch (java.sql.SQLException e) {
                last = 0; // no file committed yet
            }
            if (last >= expected) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(last).as(sql).isEqualTo(expected);
    }

    /** Throws once, at the n-th record across all subtasks, to make the job fail and restore. */
    static final class FailOnce implements MapFunction<RawMessage, RawMessage> {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicLong SEEN = new AtomicLong();

        private final long failAt;

        FailOnce(long failAt) {
            this.failAt = failAt;
        }

        static void reset() {
            FAILED.set(false);
            SEEN.set(0);
        }

        @Override
        public RawMessage map(RawMessage value) {
            if (SEEN.incrementAndGet() >= failAt && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + failAt + " records");
            }
            return value;
        }
    }
}
