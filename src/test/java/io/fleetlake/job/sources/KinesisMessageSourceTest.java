package io.fleetlake.job.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.kinesis.agg.RecordAggregator;
import io.fleetlake.connectors.kinesis.KinesisSourceSettings;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.testing.CollectingOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Source.Kinesis group, the record-to-message mapping, and what becomes of a corrupt KPL
 * aggregate.
 */
class KinesisMessageSourceTest {

    private static FleetlakeConfig config(Map<String, String> kinesis) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Kinesis", kinesis);
        return FleetlakeConfig.of(groups);
    }

    @Test
    void readsTheGroup() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("stream", "arn:aws:kinesis:eu-central-1:123456789012:stream/fleet");
        g.put("initial-position", "at_timestamp");
        g.put("initial-timestamp", "2024-04-18T09:00:00Z");
        g.put("reader", "EFO");
        g.put("efo-consumer-name", "fleetlake-prod");
        g.put("shard-discovery-interval", "2 s");
        KinesisSourceSettings s = KinesisMessageSource.fromConfig(config(g)).settings();
        assertThat(s.streamName()).isEqualTo("fleet");
        assertThat(s.region()).isEqualTo("eu-central-1");
        assertThat(s.initialPosition())
                .isEqualTo(KinesisSourceSettings.InitialPosition.AT_TIMESTAMP);
        assertThat(s.initialTimestamp()).isEqualTo(Instant.parse("2024-04-18T09:00:00Z"));
        assertThat(s.readerType()).isEqualTo(KinesisSourceSettings.ReaderType.EFO);
        assertThat(s.efoConsumerName()).isEqualTo("fleetlake-prod");
        assertThat(s.shardDiscoveryInterval().toMillis()).isEqualTo(2000);
        assertThat(s.accessKeyId()).isNull();
        assertThat(s.toString()).doesNotContain("secret");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(
                        () ->
                                KinesisMessageSource.fromConfig(
                                        config(
                                                Map.of(
                                                        "stream",
                                                        "s",
                                                        "region",
                                                        "us-east-1",
                                                        "reader",
                                                        "KCL"))))
                .hasMessageContaining("'reader'")
                .hasMessageContaining("POLLING, EFO");
        assertThatThrownBy(
                        () ->
                                KinesisMessageSource.fromConfig(
                                        config(
                                                Map.of(
                                                        "stream",
                                                        "s",
                                                        "region",
                                                        "us-east-1",
                                                        "reader",
                                                        "EFO"))))
                .hasMessageContaining("Source.Kinesis")
                .hasMessageContaining("consumer name");
        assertThatThrownBy(
                        () ->
                                KinesisMessageSource.fromConfig(
                                        config(
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
        assertThatThrownBy(
                        () ->
                                FleetlakeConfig.of(
                                        Map.of("Source.Kinesis", Map.of("region", "us-east-1"))))
                .hasMessageContaining("missing required key 'stream'");
    }

    @Test
    void aUserRecordBecomesARawMessageWithItsOrigin() {
        RawMessage m =
                new KinesisMessageSource.RecordToRawMessage()
                        .convert(
                                "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                                "fleet",
                                "shardId-000000000001",
                                "49590338271490256608559692538361571095921575989136588898",
                                "pk",
                                1713430800123L);
        assertThat(m.source).isEqualTo("kinesis");
        assertThat(m.origin)
                .isEqualTo(
                        "fleet/shardId-000000000001/49590338271490256608559692538361571095921575989136588898");
        assertThat(m.arrivalTime).isEqualTo(1713430800123L);
        assertThat(m.topic).isNull();
        assertThat(m.format).isEqualTo(RawMessage.FORMAT_JSON);
    }

    @Test
    void aCorruptAggregateIsOneDeadLetterNotLinesOfJson() throws Exception {
        RecordAggregator agg = new RecordAggregator();
        for (int i = 0; i < 5; i++) {
            // Newlines inside: a plain not-JSON path would split the binary body and might decode
            // pieces of it.
            agg.addUserRecord(
                    "d",
                    ("{\"device_id\":\"d\",\"temperature\":" + i + "}\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        byte[] truncated = Arrays.copyOf(agg.clearAndGet().toRecordBytes(), 60);
        RawMessage m =
                new KinesisMessageSource.RecordToRawMessage()
                        .convert(truncated, "fleet", "shardId-000000000000", "123", "d", 1000L);
        CollectingOutput out = new CollectingOutput();
        new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS)).normalize(m, out);
        assertThat(out.readings).isEmpty();
        List<DeadLetter> dead = out.deadLetters;
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reasonCode).isEqualTo("corrupt_aggregate");
        assertThat(dead.get(0).reason).contains("checksum mismatch");
        assertThat(dead.get(0).origin).isEqualTo("fleet/shardId-000000000000/123");
        assertThat(dead.get(0).payloadEncoding).isEqualTo("base64");
    }
}
