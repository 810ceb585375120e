package io.fleetlake.connectors.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.connectors.kinesis.util.KinesisConfigUtil;
import org.junit.jupiter.api.Test;

/** Settings to FlinkKinesisConsumer properties, checked with the connector's own validation. */
class KinesisFactoryTest {

    @Test
    void pollingFromAnArnWithTheDefaultChain() {
        KinesisSourceSettings s =
                KinesisSourceSettings.builder(
                                "arn:aws:kinesis:eu-west-1:123456789012:stream/fleet-telemetry")
                        .build();
        assertThat(s.streamName()).isEqualTo("fleet-telemetry");
        assertThat(s.region()).isEqualTo("eu-west-1");
        Properties p = KinesisFactory.consumerProperties(s);
        KinesisConfigUtil.validateConsumerConfiguration(p);
        assertThat(p.getProperty("aws.region")).isEqualTo("eu-west-1");
        assertThat(p.getProperty("aws.credentials.provider")).isEqualTo("AUTO");
        assertThat(p.getProperty("flink.stream.initpos")).isEqualTo("LATEST");
        assertThat(p.getProperty("flink.stream.recordpublisher")).isEqualTo("POLLING");
        assertThat(p.getProperty("flink.shard.getrecords.intervalmillis")).isEqualTo("200");
        assertThat(p).doesNotContainKey("aws.endpoint");
    }

    @Test
    void efoAtATimestampAgainstALocalServer() {
        KinesisSourceSettings s =
                KinesisSourceSettings.builder("fleet")
                        .endpoint("https://127.0.0.1:4567")
                        .staticCredentials("000000000000", "local")
                        .trustAllCertificates(true)
                        .initialPosition(
                                KinesisSourceSettings.InitialPosition.AT_TIMESTAMP,
                                Instant.parse("2024-04-18T09:00:00.250Z"))
                        .reader(KinesisSourceSettings.ReaderType.EFO, "fleetlake")
                        .shardDiscoveryInterval(Duration.ofSeconds(2))
                        .build();
        Properties p = KinesisFactory.consumerProperties(s);
        KinesisConfigUtil.validateConsumerConfiguration(p, java.util.List.of("fleet"));
        assertThat(p.getProperty("aws.region")).isEqualTo("us-east-1");
        assertThat(p.getProperty("aws.endpoint")).isEqualTo("https://127.0.0.1:4567");
        assertThat(p.getProperty("aws.credentials.provider")).isEqualTo("BASIC");
        assertThat(p.getProperty("aws.trust.all.certificates")).isEqualTo("true");
        assertThat(p.getProperty("flink.stream.recordpublisher")).isEqualTo("EFO");
        assertThat(p.getProperty("flink.stream.efo.consumername")).isEqualTo("fleetlake");
        assertThat(p.getProperty("flink.stream.efo.registration")).isEqualTo("LAZY");
        assertThat(p.getProperty("flink.shard.discovery.intervalmillis")).isEqualTo("2000");
        assertThat(KinesisConfigUtil.parseStreamTimestampStartingPosition(p).getTime())
                .isEqualTo(Instant.parse("2024-04-18T09:00:00.250Z").toEpochMilli());
    }

    @Test
    void aPreRegisteredEfoConsumerArnMeansNoRegistrationAtAll() {
        String arn =
                "arn:aws:kinesis:eu-west-1:123456789012:stream/fleet/consumer/fleetlake:1700000000";
        KinesisSourceSettings s =
                KinesisSourceSettings.builder("arn:aws:kinesis:eu-west-1:123456789012:stream/fleet")
                        .reader(KinesisSourceSettings.ReaderType.EFO, null)
                        .efoConsumerArn(arn)
                        .build();
        Properties p = KinesisFactory.consumerProperties(s);
        KinesisConfigUtil.validateConsumerConfiguration(p, java.util.List.of("fleet"));
        assertThat(p.getProperty("flink.stream.efo.registration")).isEqualTo("NONE");
        assertThat(p.getProperty("flink.stream.efo.consumerarn.fleet")).isEqualTo(arn);
    }

    @Test
    void rejectsIncompleteSettings() {
        assertThatThrownBy(() -> KinesisSourceSettings.builder("s").build())
                .hasMessageContaining("no region");
        assertThatThrownBy(
                        () ->
                                KinesisSourceSettings.builder("s")
                                        .region("us-east-1")
                                        .reader(KinesisSourceSettings.ReaderType.EFO, null)
                                        .build())
                .hasMessageContaining("consumer name");
        assertThatThrownBy(
                        () ->
                                KinesisSourceSettings.builder("s")
                                        .region("us-east-1")
                                        .initialPosition(
                                                KinesisSourceSettings.InitialPosition.AT_TIMESTAMP,
                                                null)
                                        .build())
                .hasMessageContaining("initial timestamp");
        assertThatThrownBy(() -> KinesisSourceSettings.builder("arn:aws:sqs:us-east-1:1:queue"))
                .hasMessageContaining("not a Kinesis stream ARN");
        assertThatThrownBy(
                        () ->
                                KinesisSourceSettings.builder("s")
                                        .region("us-east-1")
                                        .staticCredentials("key", null)
                                        .build())
                .hasMessageContaining("both");
    }

    @Test
    void fromConfigurationReadsTheTypedOptions() {
        KinesisSourceSettings s =
                KinesisSourceSettings.fromConfiguration(
                        Configuration.fromMap(
                                Map.of(
                                        "stream",
                                        "arn:aws:kinesis:eu-central-1:123456789012:stream/fleet",
                                        "initial-position",
                                        "at_timestamp",
                                        "initial-timestamp",
                                        "1713430800250",
                                        "reader",
                                        "efo",
                                        "efo-consumer-name",
                                        "fleetlake",
                                        "polling-interval",
                                        "1 s")));
        assertThat(s.streamName()).isEqualTo("fleet");
        assertThat(s.region()).isEqualTo("eu-central-1");
        assertThat(s.initialPosition())
                .isEqualTo(KinesisSourceSettings.InitialPosition.AT_TIMESTAMP);
        assertThat(s.initialTimestamp()).isEqualTo(Instant.ofEpochMilli(1713430800250L));
        assertThat(s.readerType()).isEqualTo(KinesisSourceSettings.ReaderType.EFO);
        assertThat(s.pollingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.shardDiscoveryInterval())
                .isEqualTo(KinesisSourceOptions.SHARD_DISCOVERY_INTERVAL.defaultValue());
        // An endpoint without a region: requests are signed for us-east-1, the region chain is not
        // asked.
        KinesisSourceSettings local =
                KinesisSourceSettings.fromConfiguration(
                        Configuration.fromMap(
                                Map.of("stream", "s", "endpoint", "http://127.0.0.1:4567")));
        assertThat(local.region()).isNull();
        assertThat(KinesisFactory.consumerProperties(local).getProperty("aws.region"))
                .isEqualTo("us-east-1");
        assertThat(
                        KinesisSourceSettings.fromConfiguration(
                                        Configuration.fromMap(
                                                Map.of(
                                                        "stream",
                                                        "s",
                                                        "region",
                                                        "us-east-1",
                                                        "initial-position",
                                                        "AT_TIMESTAMP",
                                                        "initial-timestamp",
                                                        "2024-04-18 09:00:00")))
                                .initialTimestamp())
                .isEqualTo(Instant.parse("2024-04-18T09:00:00Z"));
        assertThatThrownBy(
                        () ->
                                KinesisSourceSettings.fromConfiguration(
                                        Configuration.fromMap(
                                                Map.of(
                                                        "stream",
                                                        "s",
                                                        "region",
                                                        "us-east-1",
                                                        "initial-position",
                                                        "AT_TIMESTAMP",
                                                        "initial-timestamp",
                                                        "yesterday"))))
                .hasMessageContaining("'initial-timestamp'");
    }
}
