package io.fleetlake.connectors.glue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.FakeGlue;
import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The partition registrar in Flink's operator test harness against the WireMock Glue stand-in:
 * commits batched by a processing-time timer, each partition registered once, failures kept and
 * retried after the retry interval or after a restore, union state handed to every subtask whatever
 * the parallelism on restore, and what is left registered at the end of a bounded job.
 */
class GluePartitionRegistrarTest {
    private static final String H0 = "year=2024/month=01/day=01/hour=00";
    private static final String H1 = "year=2024/month=01/day=01/hour=01";
    private static final String H2 = "year=2024/month=01/day=01/hour=02";
    private static final long BATCH_DELAY = 200;
    private static final Duration RETRY = Duration.ofSeconds(30);

    FakeGlue glue;
    GlueSettings settings;

    @BeforeEach
    void start() {
        glue = new FakeGlue();
        // One attempt per call: a fault served by the stand-in is a failed registration, not an SDK
        // retry.
        settings =
                new GlueSettings("db")
                        .endpoint(glue.endpoint())
                        .region("eu-west-1")
                        .credentials("test", "test")
                        .maxAttempts(1)
                        .retryInterval(RETRY)
                        .baseBackoff(Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        glue.close();
    }

    @Test
    void createsTheTableOnOpenAndRegistersABatchOfCommitsOnceInATimer() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, Void> h = harness(1, 0)) {
            h.setProcessingTime(0);
            h.open();
            assertThat(glue.tables).containsKey("db.readings");

            h.processElement(H0, 0);
            h.processElement(H1, 0);
            h.processElement(H0, 0);
            assertThat(batchCalls()).as("before the batch delay").isZero();

            h.setProcessingTime(BATCH_DELAY);
            assertThat(batchCalls()).isEqualTo(1);
            assertThat(glue.partitionsOf("db", "readings"))
                    .containsOnlyKeys("2024/01/01/00", "2024/01/01/01");

            // Seen again (the next file of the hour, or a re-commit): no call.
            h.processElement(H1, 0);
            h.setProcessingTime(2 * BATCH_DELAY);
            assertThat(batchCalls()).isEqualTo(1);
            // Not a partition of this table: skipped, no call.
            h.processElement("not/a/partition", 0);
            h.setProcessingTime(3 * BATCH_DELAY);
            assertThat(batchCalls()).isEqualTo(1);
        }
    }

    @Test
    void aFailedRegistrationIsRetriedAfterTheRetryInterval() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, Void> h = harness(1, 0)) {
            h.setProcessingTime(0);
            h.open();
            glue.batchFaults.add("500");
            h.processElement(H0, 0);
            h.setProcessingTime(BATCH_DELAY);
            assertThat(glue.faultsServed.get()).isEqualTo(1);
            assertThat(glue.partitionsOf("db", "readings")).isEmpty();

            h.setProcessingTime(BATCH_DELAY + RETRY.toMillis() - 1);
            assertThat(batchCalls()).as("not before the retry interval").isEqualTo(1);
            h.setProcessingTime(BATCH_DELAY + RETRY.toMillis());
            assertThat(batchCalls()).isEqualTo(2);
            assertThat(glue.partitionsOf("db", "readings")).containsOnlyKeys("2024/01/01/00");
        }
    }

    @Test
    void pendingPartitionsSurviveARestoreAndAreRegisteredSoonAfter() throws Exception {
        // The failed instance is closed only at the end: the test harness's close() calls finish(),
        // which a
        // failing task does not, and which would register what is pending.
        try (OneInputStreamOperatorTestHarness<String, Void> failed = harness(1, 0)) {
            failed.setProcessingTime(0);
            failed.open();
            failed.processElement(H0, 0);
            failed.setProcessingTime(BATCH_DELAY);
            glue.batchFaults.add("throttle");
            failed.processElement(H1, 0);
            failed.setProcessingTime(2 * BATCH_DELAY);
            assertThat(glue.faultsServed.get()).isEqualTo(1);
            OperatorSubtaskState snapshot = failed.snapshot(1, 2 * BATCH_DELAY);
            int callsBefore = batchCalls();

            try (OneInputStreamOperatorTestHarness<String, Void> h = harness(1, 0)) {
                h.setProcessingTime(10_000);
                h.initializeState(snapshot);
                h.open();
                // Registered before the failure and seen again after the restore (the committer
                // re-emits).
                h.processElement(H0, 0);
                h.setProcessingTime(10_000 + BATCH_DELAY);
                assertThat(batchCalls()).isEqualTo(callsBefore + 1);
                assertThat(glue.partitionsOf("db", "readings"))
                        .containsOnlyKeys("2024/01/01/00", "2024/01/01/01");
                // Registered partitions are not state (Glue is the truth): H0 seen again is sent
                // again and answered AlreadyExists, which counts as registered.
                assertThat(glue.alreadyExistsAnswers.get()).as("H0 sent again").isEqualTo(1);
            }
        }
    }

    @Test
    void unionStateGivesEverySubtaskEveryPendingPartitionOnRescale() throws Exception {
        // Subtask 0 registered H0; subtask 1 could not register H0 (it arrived there too) nor H2.
        try (OneInputStreamOperatorTestHarness<String, Void> h0 = harness(2, 0);
                OneInputStreamOperatorTestHarness<String, Void> h1 = harness(2, 1)) {
            h0.setProcessingTime(0);
            h0.open();
            h0.processElement(H0, 0);
            h0.setProcessingTime(BATCH_DELAY);
            OperatorSubtaskState s0 = h0.snapshot(1, BATCH_DELAY);

            h1.setProcessingTime(0);
            h1.open();
            glue.batchFaults.add("500");
            h1.processElement(H0, 0);
            h1.processElement(H2, 0);
            h1.setProcessingTime(BATCH_DELAY);
            OperatorSubtaskState s1 = h1.snapshot(1, BATCH_DELAY);
            assertThat(glue.partitionsOf("db", "readings")).containsOnlyKeys("2024/01/01/00");
            int callsBefore = batchCalls();

            // Restored at parallelism 3: each subtask gets the union, so each knows H0 is
            // registered and H2 not.
            OperatorSubtaskState packed = AbstractStreamOperatorTestHarness.repackageState(s0, s1);
            for (int subtask = 0; subtask < 3; subtask++) {
                OperatorSubtaskState mine =
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                packed, 128, 2, 3, subtask);
                try (OneInputStreamOperatorTestHarness<String, Void> h = harness(3, subtask)) {
                    h.setProcessingTime(0);
                    h.initializeState(mine);
                    h.open();
                    h.setProcessingTime(BATCH_DELAY);
                }
            }
            assertThat(glue.partitionsOf("db", "readings"))
                    .containsOnlyKeys("2024/01/01/00", "2024/01/01/02");
            // Each of the three registered the pending H0 and H2 (AlreadyExists for H0 three times
            // and H2 twice, harmless): no union of registered partitions is read on restore.
            assertThat(batchCalls()).isEqualTo(callsBefore + 3);
            assertThat(glue.alreadyExistsAnswers.get()).isEqualTo(5);
        }
    }

    @Test
    void aDroppedTableIsCreatedAgainAndItsPartitionsRegisteredAgain() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, Void> h = harness(1, 0)) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(H0, 0);
            h.setProcessingTime(BATCH_DELAY);
            assertThat(glue.partitionsOf("db", "readings")).containsOnlyKeys("2024/01/01/00");
            // The table is dropped (and its partitions with it).
            glue.tables.clear();
            glue.partitions.clear();
            h.processElement(H1, 0);
            h.setProcessingTime(2 * BATCH_DELAY);
            assertThat(glue.tables).isEmpty(); // EntityNotFound: the table is created again ...
            h.setProcessingTime(2 * BATCH_DELAY + RETRY.toMillis());
            assertThat(glue.tables).isNotEmpty();
            // ... and every partition registered before the drop is registered again with it.
            assertThat(glue.partitionsOf("db", "readings"))
                    .containsOnlyKeys("2024/01/01/00", "2024/01/01/01");
        }
    }

    @Test
    void aTableDroppedAndCreatedAgainBySomeoneElseGetsItsPartitionsAgain() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, Void> h = harness(1, 0)) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(H0, 0);
            h.processElement(H1, 0);
            h.setProcessingTime(BATCH_DELAY);
            assertThat(glue.partitionsOf("db", "readings")).hasSize(2);
            h.processElement(H0, 0); // a registered hour: reads the table (unchanged)
            // Someone runs the DDL again: same definition, no partitions, another creation time.
            com.fasterxml.jackson.databind.node.ObjectNode again =
                    glue.tables.get("db.readings").deepCopy();
            again.put("CreateTime", 1_000);
            glue.partitions.clear();
            glue.tables.put("db.readings", again);
            // Within the retry interval a commit of a registered hour does not read the table.
            h.processElement(H1, 0);
            h.setProcessingTime(2 * BATCH_DELAY);
            assertThat(glue.partitionsOf("db", "readings")).isEmpty();
            // After it, the next one does, sees the new table and registers both hours again.
            h.setProcessingTime(BATCH_DELAY + RETRY.toMillis());
            h.processElement(H1, 0);
            h.setProcessingTime(2 * BATCH_DELAY + RETRY.toMillis());
            assertThat(glue.partitionsOf("db", "readings"))
                    .containsOnlyKeys("2024/01/01/00", "2024/01/01/01");
        }
    }

    @Test
    void theEndOfABoundedJobRegistersWhatIsLeftWithoutTimers() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, Void> h = harness(1, 0)) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(H0, 0);
            h.endInput();
            h.getOneInputOperator().finish();
            assertThat(glue.partitionsOf("db", "readings")).containsOnlyKeys("2024/01/01/00");
            // The committer's last commit can arrive after finish(): registered at once.
            h.processElement(H1, 0);
            assertThat(glue.partitionsOf("db", "readings"))
                    .containsOnlyKeys("2024/01/01/00", "2024/01/01/01");
        }
    }

    private OneInputStreamOperatorTestHarness<String, Void> harness(int parallelism, int subtask)
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new GluePartitionRegistrar(settings, GlueCatalogTest.table("a", "b")),
                128,
                parallelism,
                subtask);
    }

    private int batchCalls() {
        return (int) glue.calls.stream().filter("BatchCreatePartition"::equals).count();
    }
}
