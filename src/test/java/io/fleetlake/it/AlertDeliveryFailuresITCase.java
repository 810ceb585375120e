package io.fleetlake.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fleetlake.connectors.sns.SnsOptions;
import io.fleetlake.connectors.sns.SnsSettings;
import io.fleetlake.job.alerts.Alert;
import io.fleetlake.job.alerts.AlertDelivery;
import io.fleetlake.job.alerts.AlertMqttDelivery;
import io.fleetlake.job.alerts.AlertMqttOptions;
import io.fleetlake.job.alerts.AlertPipeline;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.testing.FlinkTestCluster;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery never fails the job: an unreachable MQTT broker, a message SNS refuses (sender fault)
 * and one SNS keeps throttling all end as {@code alert_delivery_failed} dead letters carrying the
 * alert, and the job finishes.
 */
class AlertDeliveryFailuresITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    private static final String OK =
            "<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                    + "<PublishBatchResult><Successful><member><Id>m0</Id><MessageId>x</MessageId></member></Successful>"
                    + "<Failed/></PublishBatchResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                    + "</PublishBatchResponse>";
    private static final String REFUSED =
            "<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                    + "<PublishBatchResult><Successful/><Failed><member><Id>m0</Id><Code>InvalidParameter</Code>"
                    + "<Message>bad message</Message><SenderFault>true</SenderFault></member></Failed></PublishBatchResult>"
                    + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishBatchResponse>";
    private static final String THROTTLED =
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                    + "<Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>";

    private static Alert alert(String id) {
        Alert a = new Alert();
        a.alertId = id;
        a.rule = "speeding";
        a.type = "speeding";
        a.deviceId = "truck-" + id;
        a.thingName = a.deviceId;
        a.state = Alert.OPEN;
        a.openedAt = 1_700_000_000_000L;
        a.value = 120.0;
        a.threshold = 90.0;
        return a;
    }

    private static final String UNAVAILABLE =
            "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Receiver</Type>"
                    + "<Code>ServiceUnavailable</Code><Message>Service is unavailable</Message></Error>"
                    + "<RequestId>r-503</RequestId></ErrorResponse>";

    @Test
    void undeliverableAlertsBecomeDeadLettersAndTheJobFinishes() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        WireMockServer sns = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sns.start();
        try {
            sns.stubFor(
                    post(urlEqualTo("/"))
                            .atPriority(9)
                            .willReturn(
                                    aResponse()
                                            .withStatus(200)
                                            .withHeader("Content-Type", "text/xml")
                                            .withBody(OK)));
            sns.stubFor(
                    post(urlEqualTo("/"))
                            .atPriority(1)
                            .withRequestBody(containing("alert-refused"))
                            .willReturn(
                                    aResponse()
                                            .withStatus(200)
                                            .withHeader("Content-Type", "text/xml")
                                            .withBody(REFUSED)));
            sns.stubFor(
                    post(urlEqualTo("/"))
                            .atPriority(1)
                            .withRequestBody(containing("alert-throttled"))
                            .willReturn(
                                    aResponse()
                                            .withStatus(400)
                                            .withHeader("Content-Type", "text/xml")
                                            .withBody(THROTTLED)));

            Configuration mqtt =
                    Configuration.fromMap(
                            Map.of(
                                    AlertMqttOptions.BROKER.key(),
                                    "tcp://127.0.0.1:" + closedPort,
                                    AlertMqttOptions.TIMEOUT.key(),
                                    "3 s"));
            Configuration snsConfig = snsConfig(sns, SnsOptions.MAX_ATTEMPTS.key(), "2");
            AlertDelivery delivery =
                    new AlertDelivery(
                            AlertMqttDelivery.fromConfiguration(mqtt),
                            AlertDelivery.sns(SnsSettings.fromConfiguration(snsConfig)));

            List<Alert> alerts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                alerts.add(alert("alert-" + i));
            }
            alerts.add(alert("alert-refused"));
            alerts.add(alert("alert-throttled"));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            DataStream<DeadLetter> failed =
                    AlertPipeline.deliver(
                            env.fromData(alerts, TypeInformation.of(Alert.class)), delivery);
            List<DeadLetter> deadLetters = new ArrayList<>();
            failed.executeAndCollect("alert-delivery-failures").forEachRemaining(deadLetters::add);

            assertThat(deadLetters)
                    .allSatisfy(
                            d -> {
                                assertThat(d.reasonCode).isEqualTo("alert_delivery_failed");
                                assertThat(d.source).isEqualTo("alerts");
                                assertThat(d.payload).contains("\"alert_id\":\"alert-");
                            });
            assertThat(
                            deadLetters.stream()
                                    .filter(d -> d.origin.startsWith("mqtt:"))
                                    .map(d -> d.origin)
                                    .collect(Collectors.toList()))
                    .hasSize(8)
                    .allMatch(o -> o.startsWith("mqtt:fleet/alerts/truck-"));
            List<DeadLetter> viaSns =
                    deadLetters.stream()
                            .filter(d -> d.origin.startsWith("sns:"))
                            .collect(Collectors.toList());
            assertThat(viaSns)
                    .extracting(d -> d.reason.substring(0, d.reason.indexOf(" to ")))
                    .containsExactlyInAnyOrder(
                            "alert_delivery_failed: alert-refused-open",
                            "alert_delivery_failed: alert-throttled-open");
            assertThat(viaSns)
                    .filteredOn(d -> d.reason.contains("alert-throttled"))
                    .singleElement()
                    .satisfies(
                            d -> assertThat(d.reason).contains("Throttling").contains("2 attempt"));
            assertThat(viaSns)
                    .filteredOn(d -> d.reason.contains("alert-refused"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.reason).contains("InvalidParameter"));
            // The throttled message was tried max-attempts times, the refused one once.
            assertThat(
                            sns.findAll(
                                    postRequestedFor(urlEqualTo("/"))
                                            .withRequestBody(containing("alert-throttled"))))
                    .hasSize(2);
            assertThat(
                            sns.findAll(
                                    postRequestedFor(urlEqualTo("/"))
                                            .withRequestBody(containing("alert-refused"))))
                    .hasSize(1);
        } finally {
            sns.stop();
        }
    }

    /**
     * SNS answers 503 to everything: with many attempts allowed, {@code retry-duration} still
     * bounds the time an alert is retried; after it every alert is a dead letter naming the outage,
     * and while SNS stays down new alerts go there at their first failure (one probe a second), not
     * after attempts of their own.
     */
    @Test
    void anSnsOutageEndsInDeadLettersWithinTheRetryDuration() throws Exception {
        WireMockServer sns = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sns.start();
        try {
            sns.stubFor(
                    post(urlEqualTo("/"))
                            .willReturn(
                                    aResponse()
                                            .withStatus(503)
                                            .withHeader("Content-Type", "text/xml")
                                            .withBody(UNAVAILABLE)));
            Configuration snsConfig =
                    snsConfig(
                            sns,
                            SnsOptions.MAX_ATTEMPTS.key(),
                            "1000",
                            SnsOptions.RETRY_DURATION.key(),
                            "2 s");
            AlertDelivery delivery =
                    new AlertDelivery(
                            null, AlertDelivery.sns(SnsSettings.fromConfiguration(snsConfig)));
            List<Alert> alerts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                alerts.add(alert("alert-down-" + i));
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            DataStream<DeadLetter> failed =
                    AlertPipeline.deliver(
                            env.fromData(alerts, TypeInformation.of(Alert.class)), delivery);
            List<DeadLetter> deadLetters = new ArrayList<>();
            long start = System.nanoTime();
            failed.executeAndCollect("alert-sns-outage").forEachRemaining(deadLetters::add);
            long seconds =
                    java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            assertThat(deadLetters).hasSize(alerts.size());
            assertThat(deadLetters)
                    .allSatisfy(
                            d -> {
                                assertThat(d.reasonCode).isEqualTo("alert_delivery_failed");
                                assertThat(d.origin).startsWith("sns:");
                                assertThat(d.reason)
                                        .contains("SNS unavailable")
                                        .contains("retry-duration 2.0 s")
                                        // The 503 itself, or a call the budget cut short.
                                        .containsPattern(
                                                "last error: .*(ServiceUnavailable|Timeout)");
                            });
            // 1,000 attempts with up to 10 s of back-off each would take hours; the budget ends it
            // within a job's start and a few retry-durations (generous for a loaded machine).
            assertThat(seconds).as("seconds to give every alert up").isLessThan(120);
            assertThat(sns.findAll(postRequestedFor(urlEqualTo("/"))).size())
                    .as("requests: retries within the first 2 s, then about one probe a second")
                    .isLessThan(alerts.size() * 3);
        } finally {
            sns.stop();
        }
    }

    /**
     * The alerts topic on the stub at {@code sns}, one message a batch, sent within 50 ms; plus the
     * given key/value pairs.
     */
    private static Configuration snsConfig(WireMockServer sns, String... extra) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put(SnsOptions.TOPIC_ARN.key(), "arn:aws:sns:eu-west-1:111122223333:fleet-alerts");
        m.put(SnsOptions.ENDPOINT.key(), sns.baseUrl());
        m.put(SnsOptions.ACCESS_KEY_ID.key(), "test");
        m.put(SnsOptions.SECRET_ACCESS_KEY.key(), "test");
        m.put(SnsOptions.MAX_BATCH_SIZE.key(), "1");
        m.put(SnsOptions.MAX_BUFFER_TIME.key(), "50 ms");
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return Configuration.fromMap(m);
    }
}
