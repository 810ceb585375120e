package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.testing.MotoServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The simulated fleet's vehicles are things in moto's AWS IoT registry, with a thing type, a group
 * and attributes ({@code driver}, and for some a {@code speed_limit_kmh} or {@code
 * max_temperature_c} of their own); the job reads them with {@code Registry.source = iot} and
 * delivers its alerts to a FIFO SNS topic on moto, to which a FIFO SQS queue is subscribed. Read
 * back: the lake rows (DuckDB) carry each thing's attributes, the alerts use each thing's own
 * thresholds, and the queue holds exactly one message per alert row, with the alert's
 * de-duplication id and the device as message group.
 */
class IotRegistryAndSnsOnMotoITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);
    @RegisterExtension static final MotoServer MOTO = new MotoServer();

    /** As AlertsITCase: the reefers warm past -15 °C during the run. */
    static final long START = 1_748_736_000_000L + 750_000L;

    static final int VEHICLES = 30;

    /** A speeder (100-125 km/h) whose own limit is above its speeds: no speeding alert. */
    static final int TOLERATED_SPEEDER = 3;

    /** A speeder with a limit of its own below the rule's. */
    static final int STRICT_SPEEDER = 10;

    /** A reefer whose cargo may be warm: no temperature alert. */
    static final int WARM_REEFER = 0;

    static final String RULES =
            "["
                    + "{\"name\":\"speeding\",\"type\":\"speeding\",\"limit-kmh\":90,\"min-duration\":\"10 s\"},"
                    + "{\"name\":\"reefer\",\"type\":\"temperature\",\"threshold\":-15,\"hysteresis\":1,"
                    + "\"min-duration\":\"10 s\",\"devices\":\"iotfleet_.*\"}]";

    @TempDir static Path dir;
    static Path lake;
    static String queueUrl;

    static Map<String, String> attributesOf(int v) {
        Map<String, String> a = new HashMap<>();
        a.put("driver", "driver-" + v);
        if (v == TOLERATED_SPEEDER) {
            a.put("speed_limit_kmh", "130");
        }
        if (v == STRICT_SPEEDER) {
            a.put("speed_limit_kmh", "101");
        }
        if (v == WARM_REEFER) {
            a.put("max_temperature_c", "0");
        }
        return a;
    }

    static String typeOf(int v) {
        return FleetSimulator.isReefer(v) ? "reefer" : "truck";
    }

    @BeforeAll
    static void run() throws Exception {
        String topicArn;
        try (IotClient iot = MOTO.client(IotClient.builder());
                SnsClient sns = MOTO.client(SnsClient.builder());
                SqsClient sqs = MOTO.client(SqsClient.builder())) {
            iot.createThingType(b -> b.thingTypeName("truck"));
            iot.createThingType(b -> b.thingTypeName("reefer"));
            iot.createThingGroup(b -> b.thingGroupName("cold-chain"));
            for (int v = 0; v < VEHICLES; v++) {
                String name = FleetSimulator.thingName(v);
                int vehicle = v;
                iot.createThing(
                        b ->
                                b.thingName(name)
                                        .thingTypeName(typeOf(vehicle))
                                        .attributePayload(
                                                AttributePayload.builder()
                                                        .attributes(attributesOf(vehicle))
                                                        .build()));
                if (FleetSimulator.isReefer(v)) {
                    iot.addThingToThingGroup(b -> b.thingGroupName("cold-chain").thingName(name));
                }
            }
            topicArn =
                    sns.createTopic(
                                    b ->
                                            b.name("fleet-alerts.fifo")
                                                    .attributes(
                                                            Map.of(
                                                                    "FifoTopic",
                                                                    "true",
                                                                    "ContentBasedDeduplication",
                                                                    "false")))
                            .topicArn();
            queueUrl =
                    sqs.createQueue(
                                    b ->
                                            b.queueName("fleet-alerts.fifo")
                                                    .attributes(
                                                            Map.of(
                                                                    QueueAttributeName.FIFO_QUEUE,
                                                                    "true")))
                            .queueUrl();
            String queueArn =
                    sqs.getQueueAttributes(
                                    b ->
                                            b.queueUrl(queueUrl)
                                                    .attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes()
                            .get(QueueAttributeName.QUEUE_ARN);
            String arn = topicArn;
            sns.subscribe(
                    b ->
                            b.topicArn(arn)
                                    .protocol("sqs")
                                    .endpoint(queueArn)
                                    .attributes(Map.of("RawMessageDelivery", "true")));
        }

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
        groups.put("Registry", MOTO.endpointProperties("source", "iot"));
        groups.put("Alerts", Map.of("rules", RULES));
        groups.put(
                "Alerts.Sns",
                Map.of(
                        "topic-arn",
                        topicArn,
                        "endpoint",
                        MOTO.endpoint(),
                        "access-key-id",
                        MotoServer.ACCESS_KEY,
                        "secret-access-key",
                        MotoServer.SECRET_KEY,
                        "max-buffer-time",
                        "100 ms"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        env.execute("iot-registry-sns-on-moto-it");
    }

    @Test
    void everyLakeRowCarriesItsThingsRegistryAttributes() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            Map<String, String> seen = new TreeMap<>();
            for (Map<String, Object> row :
                    r.query(
                            "SELECT thing_name, map_extract(attributes, 'driver')[1] AS driver, "
                                    + "map_extract(attributes, 'thing_type')[1] AS thing_type, "
                                    + "map_extract(attributes, 'thing_groups')[1] AS thing_groups "
                                    + "FROM {breadcrumbs} GROUP BY ALL")) {
                String previous =
                        seen.put(
                                (String) row.get("thing_name"),
                                row.get("driver")
                                        + "/"
                                        + row.get("thing_type")
                                        + "/"
                                        + row.get("thing_groups"));
                assertThat(previous).as("one registry version per thing: %s", row).isNull();
            }
            Map<String, String> expected = new TreeMap<>();
            for (int v = 0; v < VEHICLES; v++) {
                expected.put(
                        FleetSimulator.thingName(v),
                        "driver-"
                                + v
                                + "/"
                                + typeOf(v)
                                + "/"
                                + (FleetSimulator.isReefer(v) ? "cold-chain" : "null"));
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {readings} WHERE thing_name LIKE 'iotfleet_%' "
                                            + "AND map_extract(attributes, 'thing_type')[1] IS DISTINCT FROM 'reefer'"))
                    .as("the reefers' temperature readings are enriched too")
                    .isZero();
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {readings} WHERE thing_name LIKE 'iotfleet_%'"))
                    .isPositive();
        }
    }

    @Test
    void theAlertsUseEachThingsOwnThresholds() throws Exception {
        try (LakeReader r = new LakeReader(lake)) {
            Map<String, Double> speeding = thresholds(r, "speeding");
            Map<String, Double> expectedSpeeding = new TreeMap<>();
            for (int v = 0; v < VEHICLES; v++) {
                if (FleetSimulator.isSpeeder(v) && v != TOLERATED_SPEEDER) {
                    expectedSpeeding.put(
                            FleetSimulator.thingName(v), v == STRICT_SPEEDER ? 101.0 : 90.0);
                }
            }
            assertThat(speeding).isEqualTo(expectedSpeeding);

            Map<String, Double> temperature = thresholds(r, "temperature");
            Map<String, Double> expectedTemperature = new TreeMap<>();
            for (int v = 0; v < VEHICLES; v++) {
                if (FleetSimulator.isReefer(v) && v != WARM_REEFER) {
                    expectedTemperature.put(FleetSimulator.thingName(v), -15.0);
                }
            }
            assertThat(temperature).isEqualTo(expectedTemperature);
        }
    }

    private static Map<String, Double> thresholds(LakeReader r, String type) throws Exception {
        Map<String, Double> out = new TreeMap<>();
        for (Map<String, Object> row :
                r.query(
                        "SELECT DISTINCT thing_name, threshold FROM {alerts} WHERE type = '"
                                + type
                                + "'")) {
            Double previous =
                    out.put((String) row.get("thing_name"), (Double) row.get("threshold"));
            assertThat(previous).as("one threshold per thing: %s", row).isNull();
        }
        return out;
    }

    @Test
    void theSubscribedQueueHoldsOneMessagePerAlertRowWithItsIds() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (LakeReader r = new LakeReader(lake)) {
            for (Map<String, Object> row :
                    r.query("SELECT alert_id, state, device_id FROM {alerts}")) {
                rows.put(
                        row.get("alert_id") + "-" + row.get("state"),
                        (String) row.get("device_id"));
            }
        }
        assertThat(rows).isNotEmpty();

        ObjectMapper json = new ObjectMapper();
        Map<String, String> received = new TreeMap<>();
        List<String> duplicates = new java.util.ArrayList<>();
        try (SqsClient sqs = MOTO.client(SqsClient.builder())) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (received.size() < rows.size() && System.currentTimeMillis() < deadline) {
                List<Message> batch =
                        sqs.receiveMessage(
                                        b ->
                                                b.queueUrl(queueUrl)
                                                        .maxNumberOfMessages(10)
                                                        .waitTimeSeconds(1)
                                                        .messageSystemAttributeNames(
                                                                MessageSystemAttributeName
                                                                        .MESSAGE_DEDUPLICATION_ID,
                                                                MessageSystemAttributeName
                                                                        .MESSAGE_GROUP_ID))
                                .messages();
                for (Message m : batch) {
                    JsonNode alert = json.readTree(m.body());
                    String id = alert.get("alert_id").asText() + "-" + alert.get("state").asText();
                    assertThat(
                                    m.attributes()
                                            .get(
                                                    MessageSystemAttributeName
                                                            .MESSAGE_DEDUPLICATION_ID))
                            .isEqualTo(id);
                    String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
                    assertThat(group).isEqualTo(alert.get("device_id").asText());
                    if (received.put(id, group) != null) {
                        duplicates.add(id);
                    }
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
            // Nothing more than one message per row.
            assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
                    .isEmpty();
        }
        assertThat(duplicates).isEmpty();
        assertThat(received).isEqualTo(rows);
        Set<String> states =
                received.keySet().stream()
                        .map(k -> k.substring(k.lastIndexOf('-') + 1))
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(states).contains("open");
    }
}
