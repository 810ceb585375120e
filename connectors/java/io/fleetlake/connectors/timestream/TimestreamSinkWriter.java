package io.fleetlake.connectors.timestream;

import io.fleetlake.connectors.sink.RetryBudget;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClient;
import software.amazon.awssdk.services.timestreamwrite.model.RejectedRecordsException;

/**
 * Writes batches of {@link TimestreamRecord}s with {@code WriteRecords} and decides, per record,
 * what the answer means:
 *
 * <ul>
 *   <li>success: every record is stored;
 *   <li>{@code RejectedRecordsException}: the records not listed are stored; a listed record whose
 *       {@code ExistingVersion} is equal to or newer than its own version conflicts with a
 *       <em>different</em> value stored under the same dimensions, measure and time (Timestream
 *       accepts an identical replay without listing it), so it is a {@link
 *       RejectedRecord.Kind#CONFLICT} - a dead letter, not a silent count; every other listed
 *       record is rejected for good;
 *   <li>{@code ValidationException} (the service refused the whole request because of its
 *       contents): the batch is split in halves and each half written, down to the single bad
 *       record, which is rejected with the service's message - one bad record never blocks the
 *       others;
 *   <li>throttling, 5xx, network errors: the batch is handed back to {@link AsyncSinkWriter} for
 *       retry after an exponential back-off with jitter (the in-flight slot stays taken meanwhile,
 *       so the sink slows down and back-pressures), and AsyncSinkBase's AIMD strategy shrinks the
 *       in-flight budget - for at most {@code retry-duration} ({@link RetryBudget}), after which
 *       the records are {@link RejectedRecord.Kind#UNAVAILABLE} and the slot is free;
 *   <li>missing table, denied access, bad credentials: the job fails with a message saying what to
 *       fix.
 * </ul>
 *
 * <p><b>Rejected records and checkpoints.</b> Rejected records are collected here and returned by
 * {@link #prepareCommit()}, which Flink calls in {@code prepareSnapshotPreBarrier} right after
 * {@code flush(false)} (and at end of input); the result is emitted downstream <em>before</em> the
 * checkpoint barrier. {@code flush(false)} returns only when no request is in flight, and every
 * request's completion is applied in the task's mailbox after its rejections were recorded (also in
 * the mailbox, enqueued first). So checkpoint N contains, on both sides, the same facts: a record
 * whose request completed before the barrier is neither in this writer's buffered state nor lost -
 * if it was rejected, it is already in the rejected-record output's input, ahead of barrier N. A
 * failure before N completes restores N-1, where the record is still in the writer's state or still
 * to be replayed by the source, and is rejected again.
 */
final class TimestreamSinkWriter<T> extends AsyncSinkWriter<T, TimestreamRecord>
        implements CommittingSinkWriter<T, TimestreamRejects> {
    private static final Logger LOG = LoggerFactory.getLogger(TimestreamSinkWriter.class);

    private final String database;
    private final String table;
    private final TimestreamWriteAsyncClient client;
    private final TimestreamExceptionClassifier classifier;
    private final MailboxExecutor mailbox;
    private final ScheduledExecutorService backoffTimer;
    private final long backoffBaseMs;
    private final long backoffMaxMs;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    /**
     * Rejections since the last {@link #prepareCommit()}. Touched only in the task thread
     * (mailbox).
     */
    private final List<RejectedRecord> rejectedSinceCheckpoint = new ArrayList<>();

    private final Counter rejectedCounter;
    private final Counter versionConflictCounter;
    private final Counter retriedBatchesCounter;
    private final Counter splitRequestsCounter;
    private final java.time.Duration retryDuration;
    private final RetryBudget budget;

    TimestreamSinkWriter(
            ElementConverter<T, TimestreamRecord> converter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<TimestreamRecord>> state,
            TimestreamClientConfig clientConfig,
            String database,
            String table,
            int maxInFlightRequests,
            long backoffBaseMs,
            long backoffMaxMs,
            java.time.Duration retryDuration) {
        super(converter, context, configuration, state);
        this.retryDuration = retryDuration;
        this.budget =
                new RetryBudget(
                        "Timestream " + database + "." + table,
                        "timestream",
                        retryDuration,
                        context.metricGroup());
        this.database = database;
        this.table = table;
        this.mailbox = context.getMailboxExecutor();
        this.classifier = new TimestreamExceptionClassifier(database, table);
        this.backoffBaseMs = backoffBaseMs;
        this.backoffMaxMs = backoffMaxMs;
        this.client = clientConfig.createClient(maxInFlightRequests * 2);
        this.backoffTimer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t =
                                    new Thread(r, "timestream-backoff-" + database + "." + table);
                            t.setDaemon(true);
                            return t;
                        });
        this.rejectedCounter = context.metricGroup().counter("timestreamRecordsRejected");
        this.versionConflictCounter = context.metricGroup().counter("timestreamRecordsConflicting");
        this.retriedBatchesCounter = context.metricGroup().counter("timestreamBatchesRetried");
        this.splitRequestsCounter = context.metricGroup().counter("timestreamBatchesSplit");
        LOG.info("Timestream sink writing to {}.{} via {}", database, table, clientConfig);
    }

    @Override
    protected void submitRequestEntries(
            List<TimestreamRecord> batch, ResultHandler<TimestreamRecord> handler) {
        List<TimestreamRecord> records = new ArrayList<>(batch);
        if (budget.skip(records)) {
            // The service is down: given up without a request (a probe per second still goes out).
            finish(records, gaveUp(records, budget.lastReason()), handler);
            return;
        }
        write(records)
                .whenComplete(
                        (outcome, error) -> {
                            try {
                                if (error != null) {
                                    // write() turns every failure into an outcome; this is a bug,
                                    // so fail loudly.
                                    handler.completeExceptionally(
                                            new TimestreamSinkException(
                                                    "unexpected failure handling a WriteRecords result",
                                                    error));
                                } else {
                                    finish(records, outcome, handler);
                                }
                            } catch (RuntimeException e) {
                                handler.completeExceptionally(e);
                            }
                        });
    }

    private void finish(
            List<TimestreamRecord> batch, Outcome result, ResultHandler<TimestreamRecord> handler) {
        if (result.fatal != null) {
            handler.completeExceptionally(result.fatal);
            return;
        }
        boolean gaveUp = false;
        Outcome outcome = result;
        if (!result.retry.isEmpty()
                && budget.failed(result.retry, result.retryReason)
                        == RetryBudget.Decision.GIVE_UP) {
            // retry-duration is spent: the records become dead letters (timestream_unavailable)
            // and the in-flight slot is freed, so the flush before the next barrier does not wait.
            outcome =
                    new Outcome(Collections.emptyList(), null, result.rejected, 0, null)
                            .plus(gaveUp(result.retry, result.retryReason));
            gaveUp = true;
        } else if (!result.rejected.isEmpty()
                && result.rejected.get(0).kind() == RejectedRecord.Kind.UNAVAILABLE) {
            gaveUp = true; // skipped without a request
        }
        if (!outcome.rejected.isEmpty()) {
            List<RejectedRecord> rejected = outcome.rejected;
            long conflicts =
                    rejected.stream().filter(r -> r.kind() == RejectedRecord.Kind.CONFLICT).count();
            // Enqueued before the handler's own mailbox action, so it runs first: see the class
            // comment.
            mailbox.execute(
                    () -> {
                        rejectedSinceCheckpoint.addAll(rejected);
                        rejectedCounter.inc(rejected.size());
                        versionConflictCounter.inc(conflicts);
                    },
                    "record %d Timestream rejections",
                    rejected.size());
            LOG.warn(
                    "Timestream {}.{} {} {} record(s) (sent to the rejected-record output); "
                            + "first: {}",
                    database,
                    table,
                    gaveUp ? "gave up" : "refused",
                    rejected.size(),
                    rejected.get(0));
        }
        if (outcome.retry.isEmpty()) {
            if (!gaveUp) {
                consecutiveFailures.set(0);
                budget.succeeded(batch);
            }
            handler.complete();
            return;
        }
        int failures = consecutiveFailures.incrementAndGet();
        // Never wait past the budget: the retry after it is the last attempt.
        long delay = Math.min(budget.remainingMillis(outcome.retry), backoffMillis(failures));
        mailbox.execute(() -> retriedBatchesCounter.inc(), "count a Timestream retry");
        LOG.info(
                "Timestream {}.{}: retrying {} record(s) in {} ms (attempt {} failed: {})",
                database,
                table,
                outcome.retry.size(),
                delay,
                failures,
                outcome.retryReason);
        List<TimestreamRecord> retry = outcome.retry;
        backoffTimer.schedule(() -> handler.retryForEntries(retry), delay, TimeUnit.MILLISECONDS);
    }

    /** {@code records} given up after retry-duration. */
    private Outcome gaveUp(List<TimestreamRecord> records, String reason) {
        long now = System.currentTimeMillis();
        List<RejectedRecord> givenUp = new ArrayList<>(records.size());
        for (TimestreamRecord r : records) {
            givenUp.add(
                    new RejectedRecord(
                            r,
                            "not written within retry-duration "
                                    + retryDuration.toSeconds()
                                    + " s: "
                                    + reason,
                            null,
                            now,
                            RejectedRecord.Kind.UNAVAILABLE));
        }
        return new Outcome(Collections.emptyList(), null, givenUp, 0, null);
    }

    /**
     * Exponential back-off with jitter: base * 2^(n-1), capped, then a random point in its upper
     * half.
     */
    long backoffMillis(int failures) {
        long exp = backoffBaseMs << Math.min(failures - 1, 20);
        long capped = Math.min(backoffMaxMs, exp <= 0 ? backoffMaxMs : exp);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /**
     * Writes {@code records} (possibly in several calls, when a half must be isolated) and says
     * what happened.
     */
    private CompletableFuture<Outcome> write(List<TimestreamRecord> records) {
        CompletableFuture<?> call;
        try {
            call = client.writeRecords(TimestreamRequests.build(database, table, records));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle(
                        (response, error) -> {
                            if (error == null) {
                                return CompletableFuture.completedFuture(Outcome.written());
                            }
                            AtomicReference<Exception> fatal = new AtomicReference<>();
                            switch (classifier.classify(error, fatal::set)) {
                                case REJECTED_RECORDS:
                                    return CompletableFuture.completedFuture(
                                            rejections(
                                                    records,
                                                    ExceptionUtils.findThrowable(
                                                                    error,
                                                                    RejectedRecordsException.class)
                                                            .get()));
                                case VALIDATION:
                                    if (records.size() == 1) {
                                        return CompletableFuture.completedFuture(
                                                Outcome.rejected(
                                                        new RejectedRecord(
                                                                records.get(0),
                                                                TimestreamExceptionClassifier
                                                                        .serviceMessage(error),
                                                                null,
                                                                System.currentTimeMillis())));
                                    }
                                    mailbox.execute(
                                            () -> splitRequestsCounter.inc(),
                                            "count a Timestream batch split");
                                    int half = records.size() / 2;
                                    return write(new ArrayList<>(records.subList(0, half)))
                                            .thenCombine(
                                                    write(
                                                            new ArrayList<>(
                                                                    records.subList(
                                                                            half, records.size()))),
                                                    Outcome::plus);
                                case FATAL:
                                    return CompletableFuture.completedFuture(
                                            Outcome.fatal(fatal.get()));
                                case RETRY:
                                default:
                                    return CompletableFuture.completedFuture(
                                            Outcome.retry(
                                                    records,
                                                    TimestreamExceptionClassifier.serviceMessage(
                                                            error)));
                            }
                        })
                .thenCompose(f -> f);
    }

    /** Maps each RecordIndex back to its record: already written (version conflict) or rejected. */
    private Outcome rejections(List<TimestreamRecord> records, RejectedRecordsException e) {
        List<RejectedRecord> rejected = new ArrayList<>();
        int alreadyWritten = 0;
        BitSet seen = new BitSet(records.size());
        long now = System.currentTimeMillis();
        for (software.amazon.awssdk.services.timestreamwrite.model.RejectedRecord r :
                e.rejectedRecords()) {
            Integer index = r.recordIndex();
            if (index == null || index < 0 || index >= records.size()) {
                // Not ours to map: we cannot tell which record it means, so retrying the batch is
                // the safe
                // choice (records already stored are idempotent upserts with the same version).
                return Outcome.retry(
                        records,
                        "RejectedRecords with RecordIndex "
                                + index
                                + " outside the batch of "
                                + records.size());
            }
            if (seen.get(index)) {
                continue;
            }
            seen.set(index);
            TimestreamRecord record = records.get(index);
            if (r.existingVersion() != null && r.existingVersion() >= record.version()) {
                // An identical record would have been accepted: another value holds this time.
                rejected.add(
                        new RejectedRecord(
                                record,
                                "a different value is already stored under the same dimensions, "
                                        + "measure and time (existing version "
                                        + r.existingVersion()
                                        + "): "
                                        + r.reason(),
                                r.existingVersion(),
                                now,
                                RejectedRecord.Kind.CONFLICT));
            } else {
                rejected.add(new RejectedRecord(record, r.reason(), r.existingVersion(), now));
            }
        }
        Outcome o = new Outcome(Collections.emptyList(), null, rejected, alreadyWritten, null);
        return o;
    }

    @Override
    protected long getSizeInBytes(TimestreamRecord record) {
        return record.sizeInBytes();
    }

    @Override
    public Collection<TimestreamRejects> prepareCommit() {
        if (rejectedSinceCheckpoint.isEmpty()) {
            return Collections.emptyList();
        }
        TimestreamRejects rejects = new TimestreamRejects(rejectedSinceCheckpoint);
        rejectedSinceCheckpoint.clear();
        return Collections.singletonList(rejects);
    }

    @Override
    public void close() {
        backoffTimer.shutdownNow();
        client.close();
    }

    /** What happened to one batch (or the halves it was split into). */
    private static final class Outcome {
        final List<TimestreamRecord> retry;
        final String retryReason;
        final List<RejectedRecord> rejected;
        final int alreadyWritten;
        final Exception fatal;

        Outcome(
                List<TimestreamRecord> retry,
                String retryReason,
                List<RejectedRecord> rejected,
                int alreadyWritten,
                Exception fatal) {
            this.retry = retry;
            this.retryReason = retryReason;
            this.rejected = rejected;
            this.alreadyWritten = alreadyWritten;
            this.fatal = fatal;
        }

        static Outcome written() {
            return new Outcome(Collections.emptyList(), null, Collections.emptyList(), 0, null);
        }

        static Outcome rejected(RejectedRecord r) {
            return new Outcome(Collections.emptyList(), null, List.of(r), 0, null);
        }

        static Outcome retry(List<TimestreamRecord> records, String reason) {
            return new Outcome(records, reason, Collections.emptyList(), 0, null);
        }

        static Outcome fatal(Exception e) {
            return new Outcome(Collections.emptyList(), null, Collections.emptyList(), 0, e);
        }

        Outcome plus(Outcome o) {
            List<TimestreamRecord> retry = new ArrayList<>(this.retry);
            retry.addAll(o.retry);
            List<RejectedRecord> rejected = new ArrayList<>(this.rejected);
            rejected.addAll(o.rejected);
            return new Outcome(
                    retry,
                    retryReason != null ? retryReason : o.retryReason,
                    rejected,
                    alreadyWritten + o.alreadyWritten,
                    fatal != null ? fatal : o.fatal);
        }
    }
}
