package io.fleetlake.connectors.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RetryBudget budget =
            new RetryBudget(
                    "test system",
                    "test",
                    Duration.ofSeconds(30),
                    new UnregisteredMetricsGroup(),
                    now::get);

    @Test
    void aBatchIsRetriedUntilItsRetryDurationIsSpentThenGivenUp() {
        List<Object> batch = List.of(new Object(), new Object());
        assertThat(budget.failed(batch, "HTTP 503")).isEqualTo(RetryBudget.Decision.RETRY);
        now.addAndGet(10_000);
        assertThat(budget.remainingMillis(batch)).isEqualTo(20_000);
        assertThat(budget.failed(batch, "HTTP 503")).isEqualTo(RetryBudget.Decision.RETRY);
        assertThat(budget.retryMillis()).isEqualTo(10_000);
        now.addAndGet(20_000);
        assertThat(budget.failed(batch, "HTTP 503")).isEqualTo(RetryBudget.Decision.GIVE_UP);
        assertThat(budget.givenUp()).isEqualTo(2);
        assertThat(budget.isGivingUp()).isTrue();
        assertThat(budget.tracked()).isZero();
    }

    @Test
    void onceTheSystemHasFailedForRetryDurationANewBatchIsGivenUpAtItsFirstFailure() {
        List<Object> first = List.of(new Object());
        budget.failed(first, "timeout");
        now.addAndGet(31_000);
        List<Object> later = List.of(new Object(), new Object(), new Object());
        assertThat(budget.failed(later, "timeout")).isEqualTo(RetryBudget.Decision.GIVE_UP);
        assertThat(budget.givenUp()).isEqualTo(3);
    }

    @Test
    void aSuccessResetsTheClockAndForgetsTheRecords() {
        Object a = new Object();
        budget.failed(List.of(a), "HTTP 500");
        now.addAndGet(25_000);
        budget.succeeded(List.of(a));
        assertThat(budget.retryMillis()).isZero();
        assertThat(budget.tracked()).isZero();
        now.addAndGet(25_000);
        assertThat(budget.failed(List.of(new Object()), "HTTP 500"))
                .isEqualTo(RetryBudget.Decision.RETRY);
        assertThat(budget.isGivingUp()).isFalse();
    }

    @Test
    void aRecordKeepsItsFirstFailureTimeWhenRetriedInAnotherBatch() {
        Object old = new Object();
        budget.failed(List.of(old), "HTTP 503");
        now.addAndGet(20_000);
        // a write of other records succeeds meanwhile: the writer clock resets, the record's not
        budget.succeeded(List.of(new Object()));
        now.addAndGet(11_000);
        assertThat(budget.failed(List.of(new Object(), old), "HTTP 503"))
                .isEqualTo(RetryBudget.Decision.GIVE_UP);
    }

    @Test
    void whileGivingUpOnlyOneBatchASecondIsSentAsAProbe() {
        budget.failed(List.of(new Object()), "HTTP 503");
        now.addAndGet(31_000);
        assertThat(budget.skip(List.of(new Object()))).as("not giving up yet").isFalse();
        budget.failed(List.of(new Object()), "HTTP 503");
        assertThat(budget.isGivingUp()).isTrue();
        assertThat(budget.skip(List.of(new Object()))).as("the first probe").isFalse();
        assertThat(budget.skip(List.of(new Object(), new Object()))).isTrue();
        now.addAndGet(RetryBudget.PROBE_INTERVAL_MS);
        assertThat(budget.skip(List.of(new Object()))).as("the next probe").isFalse();
        assertThat(budget.givenUp()).as("1 after its retry-duration, 2 skipped").isEqualTo(3);
        assertThat(budget.lastReason()).isEqualTo("HTTP 503");
    }
}
