package io.fleetlake.job.decode;

import static io.fleetlake.job.decode.DecodeTestSupport.ARRIVAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.model.RawMessage;
import io.fleetlake.testing.CollectingOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 13's implausible input through the whole decoder, on both paths and both deliveries. */
class ImplausibleInputTest {
    private final MessageNormalizer normalizer =
            new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS));

    private CollectingOutput decode(RawMessage m) {
        CollectingOutput out = new CollectingOutput();
        normalizer.normalize(m, out);
        return out;
    }

    private String reason(RawMessage m) {
        CollectingOutput out = decode(m);
        assertThat(out.readings).isEmpty();
        assertThat(out.breadcrumbs).isEmpty();
        assertThat(out.deadLetters).hasSize(1);
        return out.deadLetters.get(0).reasonCode;
    }

    private static RawMessage live(byte[] payload) {
        return RawMessage.json("kinesis", "s/1/2", null, ARRIVAL, payload);
    }

    private static RawMessage live(String json) {
        return live(json.getBytes(StandardCharsets.UTF_8));
    }

    private static RawMessage file(String json) {
        return RawMessage.fromFile(
                "/d/x.jsonl:1",
                ARRIVAL,
                RawMessage.FORMAT_JSON,
                null,
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flatObjectWithAnEncodedSurrogateInItsDeviceIdIsBadEncoding() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"device_id\":\"a".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        b.writeBytes(
                "\",\"temperature\":1,\"timestamp\":1700000000}".getBytes(StandardCharsets.UTF_8));
        assertThat(reason(live(b.toByteArray()))).isEqualTo("bad_encoding");
    }

    @Test
    void timesLiveAndFromFiles() {
        assertThat(
                        decode(live("{\"device_id\":\"a\",\"temperature\":1,\"timestamp\":null}"))
                                .readings
                                .get(0)
                                .eventTime)
                .as("null is absent: a live message takes its arrival time")
                .isEqualTo(ARRIVAL);
        assertThat(reason(file("{\"device_id\":\"a\",\"temperature\":1,\"timestamp\":null}")))
                .isEqualTo("no_timestamp");
        assertThat(reason(file("{\"device_id\":\"a\",\"temperature\":1}")))
                .isEqualTo("no_timestamp");
        assertThat(reason(live("{\"device_id\":\"a\",\"temperature\":1,\"timestamp\":\"\"}")))
                .isEqualTo("bad_timestamp");
        assertThat(reason(live("{\"device_id\":\"a\",\"temperature\":1,\"timestamp\":true}")))
                .isEqualTo("bad_timestamp");
        assertThat(
                        reason(
                                live(
                                        "{\"device_id\":\"a\",\"temperature\":1,\"timestamp\":9999999999999999999}")))
                .isEqualTo("implausible_time");
        assertThat(
                        reason(
                                file(
                                        "{\"device_id\":\"a\",\"temperature\":1,\"timestamp\":\"1999-01-01 00:00:00\"}")))
                .isEqualTo("implausible_time");
    }

    @Test
    void tooLargeMessageAndTooLongText() {
        RawMessage big =
                live(
                        "{\"device_id\":\"a\",\"temperature\":1,\"note\":\""
                                + "x".repeat(300_000)
                                + "\"}");
        CollectingOutput out = decode(big);
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reasonCode).isEqualTo("too_large");
                            assertThat(d.payload)
                                    .hasSize(DecodeLimits.DEAD_LETTER_PREFIX_BYTES)
                                    .startsWith("{\"device_id\":\"a\"");
                        });
        assertThat(
                        reason(
                                live(
                                        "{\"device_id\":\"a\",\"temperature\":1,\"note\":\""
                                                + "x".repeat(5000)
                                                + "\"}")))
                .isEqualTo("too_large");
    }

    @Test
    void nonFiniteNumbersAreNeverMeasures() {
        assertThat(reason(live("{\"device_id\":\"a\",\"temperature\":NaN}"))).isEqualTo("not_json");
        assertThat(reason(live("{\"device_id\":\"a\",\"temperature\":1e400}")))
                .isEqualTo("no_position_or_measure");
        assertThat(reason(live("{\"device_id\":\"a\",\"temperature\":\"NaN\"}")))
                .isEqualTo("no_position_or_measure");
        assertThat(
                        decode(live("{\"device_id\":\"a\",\"temperature\":1e400,\"humidity\":3}"))
                                .readings
                                .get(0)
                                .measures)
                .containsOnlyKeys("humidity");
    }
}
