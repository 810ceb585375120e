package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PayloadChecksTest {
    private static RawMessage message(byte[] payload) {
        return RawMessage.json("kinesis", "s/shard/1", null, 1L, payload);
    }

    @Test
    void emptyAndBlankPayloads() {
        assertThat(PayloadChecks.empty(message(new byte[0])).reasonCode).isEqualTo("empty");
        assertThat(
                        PayloadChecks.empty(message(" \r\n\t".getBytes(StandardCharsets.UTF_8)))
                                .reasonCode)
                .isEqualTo("empty");
        assertThat(PayloadChecks.empty(message("{}".getBytes(StandardCharsets.UTF_8)))).isNull();
    }

    @Test
    void tooLargeKeepsOnlyTheFirstBytesAndDoesNotCutACharacter() {
        DecodeLimits limits = new DecodeLimits(0, Duration.ofDays(1), 5000, 10);
        byte[] big = ("{\"a\":\"" + "é".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter d = PayloadChecks.tooLarge(message(big), limits);
        assertThat(d.reasonCode).isEqualTo("too_large");
        assertThat(d.reason).contains(big.length + " bytes");
        assertThat(d.payloadEncoding).as("cut on a character boundary").isEqualTo("utf8");
        assertThat(d.payload.getBytes(StandardCharsets.UTF_8).length)
                .isBetween(
                        DecodeLimits.DEAD_LETTER_PREFIX_BYTES - 3,
                        DecodeLimits.DEAD_LETTER_PREFIX_BYTES);
        assertThat(PayloadChecks.tooLarge(message(new byte[5000]), limits)).isNull();
    }

    @Test
    void damagedKplAggregateIsCorruptAggregate() {
        byte[] damaged = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 1, 2, 3};
        assertThat(PayloadChecks.damagedAggregate(message(damaged)).reasonCode)
                .isEqualTo("corrupt_aggregate");
        assertThat(PayloadChecks.damagedAggregate(message("{}".getBytes(StandardCharsets.UTF_8))))
                .isNull();
    }
}
