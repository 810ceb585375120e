package io.fleetlake.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.testing.MqttTestBroker;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end on the simulated fleet (300 s of event time): speeders and only speeders get
 * speeding episodes, the drifting reefers get temperature alerts, the {@code alerts} table agrees
 * (DuckDB) with the breadcrumbs and readings it came from, and every alert row reaches an MQTT
 * broker and an SNS endpoint.
 */
class AlertsITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    /**
     * Each reefer's cargo cycle is at 750 s of 2400 here (about -15.2 °C), rising past -15 during
     * the run.
     */
    static final long START = 1_748_736_000_000L + 750_000L;

    static final int VEHICLES = 30;
    static final String TOPIC_ARN = "arn:aws:sns:eu-west-1:111122223333:fleet-alerts";
    static final String RULES =
            "["
                    + "{\"name\":\"speeding\",\"type\":\"speeding\",\"limit-kmh\":90,\"min-duration\":\"10 s\"},"
                    + "{\"name\":\"reefer\",\"type\":\"temperature\",\"threshold\":-15,\"hysteresis\":1,"
                    + "\"min-duration\":\"10 s\",\"devices\":\"iotfleet_.*\"}]";

    @TempDir static Path dir;
    static Path lake;
    static MqttTestBroker broker;
    static Mqtt5AsyncClient subscriber;
    static final ConcurrentLinkedQueue<String> mqttMessages = new ConcurrentLinkedQueue<>();
    static WireMockServer sns;

    @BeforeAll
    static void run() throws Exception {
        broker = MqttTestBroker.start(dir.resolve("broker"));
        subscriber =
                MqttClient.builder()
                        .useMqttVersion5()
                        .identifier("alerts-it-subscriber")
                        .serverHost("127.0.0.1")
                        .serverPort(Integer.parseInt(broker.tcpUri().replaceAll(".*:", "")))
                        .buildAsync();
        subscriber.connect().get(30, TimeUnit.SECONDS);
        subscriber
                .subscribeWith()
                .topicFilter("fleet/alerts/#")
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(
                        p ->
                                mqttMessages.add(
                                        p.getTopic()
                                                + " "
                                                + StandardCharsets.UTF_8.decode(
                                                        p.getPayload().orElseThrow())))
                .send()
                .get(30, TimeUnit.SECONDS);

        sns = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sns.start();
        sns.stubFor(
                post(urlEqualTo("/"))
                        .withRequestBody(containing("Action=PublishBatch"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                "<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                                                        + "<PublishBatchResult><Successful/><Failed/></PublishBatchResult>"
                                                        + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishBatchResponse>")));

        lake = dir.resolve("lake");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put(
                "Source.Simulator",
                Map.of(
                        "events",
                        "6000",
                        "rate",
                        "20",
                        "vehicles",
                        Integer.toString(VEHICLES),
                        "start-time",
                        Long.toString(START)));
        groups.put("Lake", Map.of("path", lake.toString(), "compaction", "false"));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        groups.put("TopK", Map.of("enabled", "false"));
        groups.put("Alerts", Map.of("rules", RULES));
        groups.put("Alerts.Mqtt", Map.of("broker", broker.tcpUri()));
        groups.put(
                "Alerts.Sns",
                Map.of(
                        "topic-arn",
                        TOPIC_ARN,
                        "endpoint",
                        sns.baseUrl(),
                        "access-key-id",
                        "test",
                        "secret-access-key",
                        "test",
                        "max-buffer-time",
                        "100 ms"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        env.execute("alerts-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (subscriber != null) {
            subscriber.disconnect().get(10, TimeUnit.SECONDS);
        }
        if (sns != null) {
            sns.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Set<String> things(java.util.function.IntPredicate which) {
        Set<String> s = new TreeSet<>();
        for (int v = 0; v < VEHICLES; v++) {
            if (which.test(v)) {
                s.add(FleetSimulator.thingName(v));
            }
        }
        return s;
    }

    @Test
    void speedersAndOnlySpeedersSpeedAndReefersWarmUp() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            Set<String> speeding =
                    r
                            .query(
                                    "SELECT DISTINCT thing_name FROM {alerts} WHERE type = 'speeding'")
                            .stream()
                            .map(row -> (String) row.get("thing_name"))
                            .collect(Collectors.toCollection(TreeSet::new));
            assertThat(speeding).isEqualTo(things(FleetSimulator::isSpeeder));
            Set<String> warm =
                    r
                            .query(
                                    "SELECT DISTINCT thing_name FROM {alerts} WHERE type = 'temperature'")
                            .stream()
                            .map(row -> (String) row.get("thing_name"))
                            .collect(Collectors.toCollection(TreeSet::new));
            assertThat(warm).isEqualTo(things(FleetSimulator::isReefer));
            // Each alert opens once and closes at most once, and both rows carry the same opening.
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM (SELECT alert_id FROM {alerts} GROUP BY alert_id "
                                            + "HAVING count(*) FILTER (WHERE state = 'open') <> 1 OR count(*) FILTER (WHERE state = 'closed') > 1 "
                                            + "OR count(DISTINCT opened_at) <> 1)"))
                    .isZero();
            assertThat(r.count("SELECT count(*) FROM {alerts} WHERE hour <> hour(opened_at)"))
                    .isZero();
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {dead_letter} WHERE reason_code = 'alert_delivery_failed'"))
                    .isZero();
        }
    }

    @Test
    void closedEpisodesAgreeWithTheBreadcrumbsAndReadings() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            String speed =
                    "SELECT a.alert_id, a.value, a.threshold, max(b.speed) AS peak, min(b.speed) AS low, "
                            + "count(b.speed) AS n FROM {alerts} a JOIN {breadcrumbs} b ON b.thing_name = a.thing_name "
                            + "AND b.event_time >= a.opened_at AND b.event_time < a.closed_at AND b.speed IS NOT NULL "
                            + "WHERE a.type = 'speeding' AND a.state = 'closed' GROUP BY ALL";
            List<Map<String, Object>> episodes = r.query(speed);
            assertThat(episodes).isNotEmpty();
            for (Map<String, Object> e : episodes) {
                assertThat((Double) e.get("peak"))
                        .as("peak of %s", e.get("alert_id"))
                        .isEqualTo(e.get("value"));
                assertThat((Double) e.get("low"))
                        .as("every sample above the limit")
                        .isGreaterThan(90.0);
            }
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {alerts} a WHERE a.type = 'speeding' AND a.state = 'closed' AND "
                                            + "NOT EXISTS (SELECT 1 FROM {breadcrumbs} b WHERE b.thing_name = a.thing_name "
                                            + "AND b.event_time = a.closed_at AND b.speed <= 90)"))
                    .as("closed by a sample at the limit")
                    .isZero();
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {alerts} a WHERE a.type = 'speeding' AND a.duration_s < 10"))
                    .isZero();
            // No speeder drove over the limit for 10 s without an alert: every such run of samples
            // is covered.
            assertThat(
                            r.count(
                                    "WITH s AS (SELECT thing_name, event_time, speed > 90 AS over, "
                                            + "sum(CASE WHEN speed > 90 THEN 0 ELSE 1 END) OVER (PARTITION BY thing_name ORDER BY event_time) "
                                            + "AS run FROM {breadcrumbs} WHERE speed IS NOT NULL), "
                                            + "runs AS (SELECT thing_name, run, min(event_time) AS t0, max(event_time) AS t1 FROM s "
                                            + "WHERE over GROUP BY ALL HAVING max(event_time) - min(event_time) >= INTERVAL 10 SECOND) "
                                            + "SELECT count(*) FROM runs WHERE NOT EXISTS (SELECT 1 FROM {alerts} a WHERE a.type = 'speeding' "
                                            + "AND a.thing_name = runs.thing_name AND a.opened_at = runs.t0)"))
                    .isZero();

            String temp =
                    "SELECT a.alert_id, a.value, max(x.temperature) AS peak, min(x.temperature) AS low "
                            + "FROM {alerts} a JOIN {readings} x ON x.device_id = a.device_id "
                            + "AND x.event_time >= a.opened_at AND x.event_time < coalesce(a.closed_at, TIMESTAMP '9999-01-01') "
                            + "WHERE a.type = 'temperature' AND a.state = 'closed' GROUP BY ALL";
            for (Map<String, Object> e : r.query(temp)) {
                assertThat((Double) e.get("peak")).isEqualTo(e.get("value"));
                assertThat((Double) e.get("low"))
                        .as("hysteresis: never below -16 inside")
                        .isGreaterThanOrEqualTo(-16.0);
            }
            // An open row is written at the first reading at least min-duration (10 s) after the
            // start; its value
            // is the peak from the start through that reading.
            List<Map<String, Object>> opened =
                    r.query(
                            "WITH o AS (SELECT a.alert_id, a.device_id, a.opened_at, "
                                    + "a.value, (SELECT min(x.event_time) FROM {readings} x WHERE x.device_id = a.device_id "
                                    + "AND x.temperature IS NOT NULL AND x.event_time >= a.opened_at + INTERVAL 10 SECOND) AS confirmed "
                                    + "FROM {alerts} a WHERE a.type = 'temperature' AND a.state = 'open') "
                                    + "SELECT o.alert_id, o.value, max(x.temperature) AS peak, min(x.temperature) AS low FROM o "
                                    + "JOIN {readings} x ON x.device_id = o.device_id AND x.event_time BETWEEN o.opened_at AND o.confirmed "
                                    + "GROUP BY ALL");
            assertThat(opened).hasSize(things(FleetSimulator::isReefer).size());
            for (Map<String, Object> e : opened) {
                assertThat((Double) e.get("peak"))
                        .as("peak of %s", e.get("alert_id"))
                        .isEqualTo(e.get("value"));
                assertThat((Double) e.get("low"))
                        .as("above the threshold throughout")
                        .isGreaterThan(-15.0);
            }
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {alerts} a WHERE a.type = 'temperature' AND a.state = 'open' "
                                            + "AND NOT EXISTS (SELECT 1 FROM {readings} x WHERE x.device_id = a.device_id "
                                            + "AND x.event_time = a.opened_at AND x.temperature > -15)"))
                    .isZero();
        }
    }

    @Test
    void athenaDdlMatchesTheAlertFiles() throws Exception {
        String committed = java.nio.file.Files.readString(Path.of("sql/athena/alerts.sql"));
        assertThat(committed)
                .as("sql/athena is regenerated (./fleetlake athena-ddl sql/athena)")
                .isEqualTo(
                        io.fleetlake.tools.ddl.AthenaDdl.ddl(
                                io.fleetlake.job.lake.LakeTables.ALERTS_SCHEMA));
        Map<String, String> duckToHive =
                Map.of(
                        "VARCHAR",
                        "string",
                        "DOUBLE",
                        "double",
                        "TIMESTAMP",
                        "timestamp",
                        "MAP(VARCHAR, VARCHAR)",
                        "map<string,string>");
        Map<String, String> files = new LinkedHashMap<>();
        try (LakeReader r = new LakeReader(lake)) {
            for (Map<String, Object> c :
                    r.query(
                            "DESCRIBE SELECT * FROM read_parquet('"
                                    + lake.resolve("alerts")
                                    + "/**/*.parquet', hive_partitioning = 0)")) {
                String type = (String) c.get("column_type");
                files.put((String) c.get("column_name"), duckToHive.getOrDefault(type, type));
            }
        }
        assertThat(files).containsExactlyEntriesOf(TopKITCase.ddlColumns(committed));
    }

    @Test
    void everyAlertRowWasDeliveredOverMqttAndSns() throws Exception {
        Set<String> rows;
        try (LakeReader r = new LakeReader(lake)) {
            rows =
                    r.query("SELECT alert_id, state FROM {alerts}").stream()
                            .map(row -> row.get("alert_id") + "/" + row.get("state"))
                            .collect(Collectors.toSet());
        }
        assertThat(rows).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.currentTimeMillis() + 30_000;
        Set<String> viaMqtt = new HashSet<>();
        while (System.currentTimeMillis() < deadline) {
            viaMqtt.clear();
            for (String m : mqttMessages) {
                String topic = m.substring(0, m.indexOf(' '));
                JsonNode a = json.readTree(m.substring(m.indexOf(' ') + 1));
                assertThat(topic).isEqualTo("fleet/alerts/" + a.get("thing_name").asText());
                viaMqtt.add(a.get("alert_id").asText() + "/" + a.get("state").asText());
            }
            if (viaMqtt.containsAll(rows)) {
                break;
            }
            Thread.onSpinWait();
        }
        assertThat(viaMqtt).isEqualTo(rows);

        Set<String> viaSns = new HashSet<>();
        for (LoggedRequest req : sns.findAll(postRequestedFor(urlEqualTo("/")))) {
            for (String pair : req.getBodyAsString().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].matches("PublishBatchRequestEntries\\.member\\.\\d+\\.Message")) {
                    JsonNode a = json.readTree(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                    viaSns.add(a.get("alert_id").asText() + "/" + a.get("state").asText());
                }
                if (kv[0].equals("TopicArn")) {
                    assertThat(URLDecoder.decode(kv[1], StandardCharsets.UTF_8))
                            .isEqualTo(TOPIC_ARN);
                }
            }
        }
        assertThat(viaSns).isEqualTo(rows);
    }
}
