package io.fleetlake.connectors.sns;

import io.fleetlake.connectors.sink.RetryBudget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Sends batches with {@code PublishBatch} and sorts each answer per message: published; refused for
 * good (sender fault: the failure output); or to try again (throttling, 5xx, network; after a
 * back-off) until {@code max-attempts}, then the failure output too. A failed whole call (missing
 * topic, denied access) counts as an attempt of every message in it, so a misconfigured topic ends
 * in dead letters, never in a failed job. Failures are recorded in the task's mailbox before the
 * request's completion and returned by {@link #prepareCommit()} ahead of the next barrier (as in
 * the Timestream sink).
 */
final class SnsSinkWriter<T> extends AsyncSinkWriter<T, SnsEntry>
        implements CommittingSinkWriter<T, SnsFailures> {
    private static final Logger LOG = LoggerFactory.getLogger(SnsSinkWriter.class);

    private final SnsSettings settings;
    private final SnsAsyncClient client;
    private final MailboxExecutor mailbox;
    private final ScheduledExecutorService backoff;
    private final List<SnsFailures.Failure> failedSinceCheckpoint = new ArrayList<>();
    private final Counter published;
    private final Counter failed;
    private final Counter retried;
    private final RetryBudget budget;

    SnsSinkWriter(
            ElementConverter<T, SnsEntry> converter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<SnsEntry>> state,
            SnsSettings settings) {
        super(converter, context, configuration, state);
        this.settings = settings;
        this.client = settings.createClient();
        this.mailbox = context.getMailboxExecutor();
        this.backoff =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "sns-backoff");
                            t.setDaemon(true);
                            return t;
                        });
        this.published = context.metricGroup().counter("snsMessagesPublished");
        this.failed = context.metricGroup().counter("snsMessagesFailed");
        this.retried = context.metricGroup().counter("snsMessagesRetried");
        this.budget =
                new RetryBudget(
                        "SNS " + settings.topicArn,
                        "sns",
                        settings.retryDuration,
                        context.metricGroup());
        LOG.info("SNS sink publishing to {}", settings);
    }

    @Override
    protected void submitRequestEntries(List<SnsEntry> batch, ResultHandler<SnsEntry> handler) {
        List<SnsEntry> entries = new ArrayList<>(batch);
        if (budget.skip(keys(entries))) {
            // SNS has failed for longer than retry-duration: no request (one probe a second).
            List<SnsFailures.Failure> failures = new ArrayList<>(entries.size());
            for (SnsEntry e : entries) {
                failures.add(new SnsFailures.Failure(e, unavailable(budget.lastReason())));
            }
            mailbox.execute(
                    () -> {
                        failedSinceCheckpoint.addAll(failures);
                        failed.inc(failures.size());
                    },
                    "record SNS results");
            handler.complete();
            return;
        }
        List<PublishBatchRequestEntry> request = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            SnsEntry e = entries.get(i);
            PublishBatchRequestEntry.Builder b =
                    PublishBatchRequestEntry.builder().id("m" + i).message(e.message());
            if (e.subject() != null) {
                b.subject(e.subject());
            }
            if (settings.fifo()) {
                b.messageDeduplicationId(e.deduplicationId()).messageGroupId(e.groupId());
            }
            request.add(b.build());
        }
        java.util.concurrent.CompletableFuture<PublishBatchResponse> call;
        try {
            call =
                    client.publishBatch(
                            PublishBatchRequest.builder()
                                    .topicArn(settings.topicArn)
                                    .publishBatchRequestEntries(request)
                                    .build());
        } catch (RuntimeException e) {
            call = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        call.whenComplete(
                (response, error) -> {
                    List<SnsEntry> retry = new ArrayList<>();
                    List<SnsFailures.Failure> failures = new ArrayList<>();
                    int ok;
                    if (error != null) {
                        ok = 0;
                        String reason = describe(error);
                        for (SnsEntry e : entries) {
                            retryOrFail(e, reason, true, retry, failures);
                        }
                    } else {
                        Map<String, BatchResultErrorEntry> errors = new HashMap<>();
                        for (BatchResultErrorEntry x : response.failed()) {
                            errors.put(x.id(), x);
                        }
                        ok = entries.size() - errors.size();
                        for (int i = 0; i < entries.size(); i++) {
                            BatchResultErrorEntry x = errors.get("m" + i);
                            if (x != null) {
                                String reason = x.code() + ": " + x.message();
                                retryOrFail(
                                        entries.get(i),
                                        reason,
                                        !Boolean.TRUE.equals(x.senderFault()),
                                        retry,
                                        failures);
                            }
                        }
                    }
                    if (ok > 0) {
                        // SNS answered: the published (and the refused-for-good) leave the budget.
                        List<Object> done = keys(entries);
                        done.removeAll(keys(retry));
                        budget.succeeded(done);
                    }
                    if (!failures.isEmpty()) {
                        List<Object> gone = new ArrayList<>(failures.size());
                        for (SnsFailures.Failure f : failures) {
                            gone.add(f.entry().message());
                        }
                        budget.forget(gone);
                    }
                    if (!retry.isEmpty()
                            && budget.failed(keys(retry), lastRetryReason(error, response))
                                    == RetryBudget.Decision.GIVE_UP) {
                        String why = unavailable(budget.lastReason());
                        for (SnsEntry e : retry) {
                            failures.add(new SnsFailures.Failure(e, why));
                        }
                        retry.clear();
                    }
                    int publishedNow = ok;
                    mailbox.execute(
                            () -> {
                                failedSinceCheckpoint.addAll(failures);
                                failed.inc(failures.size());
                                published.inc(publishedNow);
                                retried.inc(retry.size());
                            },
                            "record SNS results");
                    if (!failures.isEmpty()) {
                        LOG.warn(
                                "SNS {}: {} message(s) not delivered (to the failure output); first: {}",
                                settings.topicArn,
                                failures.size(),
                                failures.get(0).reason());
                    }
                    if (retry.isEmpty()) {
                        handler.complete();
                    } else {
                        // Never past the retry-duration: the last try comes before the budget ends.
                        long delay =
                                Math.min(
                                        budget.remainingMillis(keys(retry)),
                                        Math.min(
                                                10_000L,
                                                200L << Math.min(retry.get(0).attempts(), 6)));
                        backoff.schedule(
                                () -> handler.retryForEntries(retry), delay, TimeUnit.MILLISECONDS);
                    }
                });
    }

    /**
     * The budget's keys of entries: the message body, the one object an entry and its retried
     * copies share.
     */
    private static List<Object> keys(List<SnsEntry> entries) {
        List<Object> keys = new ArrayList<>(entries.size());
        for (SnsEntry e : entries) {
            keys.add(e.message());
        }
        return keys;
    }

    private static String lastRetryReason(Throwable error, PublishBatchResponse response) {
        if (error != null) {
            return describe(error);
        }
        for (BatchResultErrorEntry x : response.failed()) {
            if (!Boolean.TRUE.equals(x.senderFault())) {
                return x.code() + ": " + x.message();
            }
        }
        return "retryable errors";
    }

    private String unavailable(String lastError) {
        return "SNS unavailable: not delivered within retry-duration "
                + settings.retryDuration.toMillis() / 1000.0
                + " s; last error: "
                + lastError;
    }

    private void retryOrFail(
            SnsEntry e,
            String reason,
            boolean retryable,
            List<SnsEntry> retry,
            List<SnsFailures.Failure> failures) {
        SnsEntry next = e.retried();
        if (retryable && next.attempts() < settings.maxAttempts) {
            retry.add(next);
        } else {
            failures.add(
                    new SnsFailures.Failure(
                            e, reason + " (after " + next.attempts() + " attempt(s))"));
        }
    }

    private static String describe(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && !(t instanceof AwsServiceException)) {
            t = t.getCause();
        }
        if (t instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) t;
            return s.statusCode()
                    + " "
                    + (s.awsErrorDetails() != null
                            ? s.awsErrorDetails().errorCode()
                                    + ": "
                                    + s.awsErrorDetails().errorMessage()
                            : s.getMessage());
        }
        return t.toString();
    }

    @Override
    protected long getSizeInBytes(SnsEntry entry) {
        return entry.sizeInBytes();
    }

    @Override
    public Collection<SnsFailures> prepareCommit() {
        if (failedSinceCheckpoint.isEmpty()) {
            return Collections.emptyList();
        }
        SnsFailures f = new SnsFailures(failedSinceCheckpoint);
        failedSinceCheckpoint.clear();
        return Collections.singletonList(f);
    }

    @Override
    public void close() {
        backoff.shutdownNow();
        client.close();
    }
}
