package io.fleetlake.job.decode;

import static io.fleetlake.job.decode.DecodeTestSupport.NOW;
import static io.fleetlake.job.decode.DecodeTestSupport.doc;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.model.DeadLetterReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeRuleTest {
    private final EventTimeRule rule = new EventTimeRule(DecodeLimits.defaults());

    private Long time(String json) {
        return rule.messageTime(doc(json), NOW);
    }

    private DeadLetterReason rejection(String json) {
        try {
            rule.messageTime(doc(json), NOW);
            throw new AssertionError("accepted " + json);
        } catch (Rejected r) {
            return r.reason;
        }
    }

    @Test
    void bodyFirstThenTheShadowDocumentsOwnTimestamp() {
        assertThat(
                        time(
                                "{\"current\":{\"state\":{\"reported\":{\"ts\":1700000001000}}},\"timestamp\":1700000000}"))
                .isEqualTo(1700000001000L);
        assertThat(time("{\"current\":{\"state\":{\"reported\":{}}},\"timestamp\":1700000000}"))
                .isEqualTo(1700000000000L);
    }

    @Test
    void nullIsAbsentAndAbsentIsNull() {
        assertThat(time("{\"temperature\":1}")).isNull();
        assertThat(time("{\"timestamp\":null}")).isNull();
        assertThat(time("{\"timestamp\":null,\"time\":1700000000}"))
                .as("the next field")
                .isEqualTo(1700000000000L);
    }

    @Test
    void aFieldThatIsNotATimeIsBadTimestamp() {
        assertThat(rejection("{\"timestamp\":\"\"}")).isEqualTo(DeadLetterReason.BAD_TIMESTAMP);
        assertThat(rejection("{\"timestamp\":true}")).isEqualTo(DeadLetterReason.BAD_TIMESTAMP);
        assertThat(rejection("{\"timestamp\":{\"s\":1}}"))
                .isEqualTo(DeadLetterReason.BAD_TIMESTAMP);
        assertThat(rejection("{\"timestamp\":[1]}")).isEqualTo(DeadLetterReason.BAD_TIMESTAMP);
        assertThat(rejection("{\"timestamp\":-5}")).isEqualTo(DeadLetterReason.BAD_TIMESTAMP);
    }

    @Test
    void timesOutsideThePlausibleRangeAreImplausible() {
        assertThat(rejection("{\"timestamp\":9999999999999999999}"))
                .as("a 19-digit epoch: year 2286")
                .isEqualTo(DeadLetterReason.IMPLAUSIBLE_TIME);
        assertThat(rejection("{\"timestamp\":\"1999-12-31T23:59:59Z\"}"))
                .isEqualTo(DeadLetterReason.IMPLAUSIBLE_TIME);
        assertThat(rejection("{\"timestamp\":0}")).isEqualTo(DeadLetterReason.IMPLAUSIBLE_TIME);
        long dayAhead = NOW + 86_400_000L;
        assertThat(time("{\"ts\":" + dayAhead + "}")).isEqualTo(dayAhead);
        assertThat(rejection("{\"ts\":" + (dayAhead + 1000) + "}"))
                .isEqualTo(DeadLetterReason.IMPLAUSIBLE_TIME);
        assertThat(time("{\"ts\":\"2000-01-01T00:00:00Z\"}"))
                .isEqualTo(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli());
    }
}
