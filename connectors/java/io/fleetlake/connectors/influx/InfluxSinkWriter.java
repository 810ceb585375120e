package io.fleetlake.connectors.influx;

import io.fleetlake.connectors.sink.RetryBudget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
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

/**
 * Writes batches of {@link InfluxLine}s in one request each and decides what the answer means:
 *
 * <ul>
 *   <li>2xx: every line is stored;
 *   <li>400 (also 413, 422): the lines the body names ({@code unable to parse '<line>'}, InfluxDB
 *       3's {@code data[].original_line}) are rejected for good and the others are written again
 *       (InfluxDB keeps one point per measurement, tag set and timestamp, so re-sending a stored
 *       line only overwrites it with itself); a body that names no line of the batch (a {@code
 *       partial write: ... dropped=1}) splits the batch in halves, down to the single bad line,
 *       which is rejected with the server's message;
 *   <li>429, 5xx, 408, timeouts and network errors: the batch goes back to {@link AsyncSinkWriter}
 *       after an exponential back-off with jitter, or the server's {@code Retry-After} when that is
 *       longer (the in-flight slot stays taken meanwhile, so the sink slows down and
 *       back-pressures);
 *   <li>401, 403, 404 and any other status: the job fails with a message naming the setting to fix.
 * </ul>
 *
 * <p><b>Rejected lines and checkpoints</b> work as in the Timestream sink: rejections are recorded
 * in the mailbox before the request's completion, and {@link #prepareCommit()} (called right after
 * {@code flush(false)} in {@code prepareSnapshotPreBarrier}) hands them downstream ahead of the
 * barrier, so a rejection belongs to the checkpoint of its write.
 */
final class InfluxSinkWriter<T> extends AsyncSinkWriter<T, InfluxLine>
        implements CommittingSinkWriter<T, InfluxRejects> {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);
    private static final long BACKOFF_BASE_MS = 100;

    /** A Retry-After beyond this is taken as this: a checkpoint waits for the in-flight request. */
    private static final long RETRY_AFTER_CAP_MS = TimeUnit.MINUTES.toMillis(5);

    private final InfluxSettings settings;
    private final String authorization;
    private final HttpClient http;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService backoffTimer;
    private final MailboxExecutor mailbox;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    /**
     * Rejections since the last {@link #prepareCommit()}. Touched only in the task thread
     * (mailbox).
     */
    private final List<InfluxRejectedLine> rejectedSinceCheckpoint = new ArrayList<>();

    private final Counter rejectedCounter;
    private final Counter retriedCounter;
    private final Counter splitCounter;
    private final RetryBudget budget;

    InfluxSinkWriter(
            ElementConverter<T, InfluxLine> converter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<InfluxLine>> state,
            InfluxSettings settings) {
        super(converter, context, configuration, state);
        this.settings = settings;
        this.authorization = settings.authorization();
        this.mailbox = context.getMailboxExecutor();
        this.httpExecutor = Executors.newCachedThreadPool(daemon("influx-http"));
        this.http =
                HttpClient.newBuilder()
                        // InfluxDB 1.x/2.x speak HTTP/1.1 on plain http; an h2c upgrade attempt
                        // only costs a round trip.
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.requestTimeout())
                        .executor(httpExecutor)
                        .build();
        this.backoffTimer = Executors.newSingleThreadScheduledExecutor(daemon("influx-backoff"));
        this.rejectedCounter = context.metricGroup().counter("influxLinesRejected");
        this.retriedCounter = context.metricGroup().counter("influxBatchesRetried");
        this.splitCounter = context.metricGroup().counter("influxBatchesSplit");
        this.budget =
                new RetryBudget(
                        "InfluxDB " + settings.url() + " (" + settings.target() + ")",
                        "influx",
                        settings.retryDuration(),
                        context.metricGroup());
        LOG.info("Influx sink writing to {}", settings);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    protected void submitRequestEntries(List<InfluxLine> batch, ResultHandler<InfluxLine> handler) {
        if (budget.skip(batch)) {
            // The server is down: given up without a request (a probe per second still goes out).
            finish(batch, Outcome.written().plus(gaveUp(batch, budget.lastReason())), handler);
            return;
        }
        write(new ArrayList<>(batch))
                .whenComplete(
                        (outcome, error) -> {
                            try {
                                if (error != null) {
                                    // write() turns every failure into an outcome; this is a bug,
                                    // so fail loudly.
                                    handler.completeExceptionally(
                                            new IllegalStateException(
                                                    "unexpected failure handling an InfluxDB write result",
                                                    error));
                                } else {
                                    finish(batch, outcome, handler);
                                }
                            } catch (RuntimeException e) {
                                handler.completeExceptionally(e);
                            }
                        });
    }

    private void finish(
            List<InfluxLine> batch, Outcome outcome, ResultHandler<InfluxLine> handler) {
        if (outcome.fatal != null) {
            handler.completeExceptionally(outcome.fatal);
            return;
        }
        boolean gaveUp = false;
        if (!outcome.retry.isEmpty()
                && budget.failed(outcome.retry, outcome.retryReason)
                        == RetryBudget.Decision.GIVE_UP) {
            // retry-duration is spent: the lines become dead letters (influx_unavailable) and the
            // in-flight slot is freed, so the flush before the next barrier does not wait.
            outcome =
                    new Outcome(List.of(), null, 0, outcome.rejected, outcome.splits, null)
                            .plus(gaveUp(outcome.retry, outcome.retryReason));
            gaveUp = true;
        } else if (!outcome.rejected.isEmpty() && outcome.rejected.get(0).unavailable()) {
            gaveUp = true; // skipped without a request
        }
        if (!outcome.rejected.isEmpty()) {
            // Enqueued before the handler's own mailbox action, so it runs first: see the class
            // comment.
            List<InfluxRejectedLine> rejected = outcome.rejected;
            mailbox.execute(
                    () -> {
                        rejectedSinceCheckpoint.addAll(rejected);
                        rejectedCounter.inc(rejected.size());
                    },
                    "record %d InfluxDB rejections",
                    rejected.size());
            LOG.warn(
                    "InfluxDB {} {} {} line(s) (sent to the rejected-line output); first: {}",
                    settings.target(),
                    gaveUp ? "gave up" : "rejected for good",
                    rejected.size(),
                    rejected.get(0).reason());
        }
        if (outcome.splits > 0) {
            int splits = outcome.splits;
            mailbox.execute(() -> splitCounter.inc(splits), "count InfluxDB batch splits");
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
        long delay =
                Math.min(
                        budget.remainingMillis(outcome.retry),
                        Math.max(
                                backoffMillis(failures),
                                Math.min(outcome.retryAfterMs, RETRY_AFTER_CAP_MS)));
        mailbox.execute(() -> retriedCounter.inc(), "count an InfluxDB retry");
        LOG.info(
                "InfluxDB {}: retrying {} line(s) in {} ms (attempt {} failed: {})",
                settings.target(),
                outcome.retry.size(),
                delay,
                failures,
                outcome.retryReason);
        List<InfluxLine> retry = outcome.retry;
        backoffTimer.schedule(() -> handler.retryForEntries(retry), delay, TimeUnit.MILLISECONDS);
    }

    /** {@code lines} given up after retry-duration, as unavailable rejections. */
    private Outcome gaveUp(List<InfluxLine> lines, String reason) {
        long now = System.currentTimeMillis();
        List<InfluxRejectedLine> givenUp = new ArrayList<>(lines.size());
        for (InfluxLine l : lines) {
            givenUp.add(
                    new InfluxRejectedLine(
                            l,
                            "not written within retry-duration "
                                    + settings.retryDuration().toSeconds()
                                    + " s: "
                                    + reason,
                            now,
                            true));
        }
        return new Outcome(List.of(), null, 0, givenUp, 0, null);
    }

    /**
     * Exponential back-off with jitter: base * 2^(n-1), capped, then a random point in its upper
     * half.
     */
    long backoffMillis(int failures) {
        long max = settings.maxRetryBackoff().toMillis();
        long exp = BACKOFF_BASE_MS << Math.min(failures - 1, 20);
        long capped = Math.min(max, exp);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /**
     * Writes {@code lines} (in several requests when bad lines must be isolated) and says what
     * happened.
     */
    private CompletableFuture<Outcome> write(List<InfluxLine> lines) {
        return CompletableFuture.supplyAsync(() -> request(lines), httpExecutor)
                .thenCompose(
                        request -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .handle(
                        (response, error) -> {
                            if (error != null) {
                                return CompletableFuture.completedFuture(
                                        Outcome.retry(lines, rootMessage(error), 0));
                            }
                            return answer(lines, response);
                        })
                .thenCompose(f -> f);
    }

    private CompletableFuture<Outcome> answer(
            List<InfluxLine> lines, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body();
        switch (InfluxResponses.classify(status)) {
            case WRITTEN:
                return CompletableFuture.completedFuture(Outcome.written());
            case RETRY:
                long after =
                        InfluxResponses.retryAfterMillis(
                                response.headers().firstValue("Retry-After").orElse(null),
                                System.currentTimeMillis());
                return CompletableFuture.completedFuture(
                        Outcome.retry(
                                lines,
                                "HTTP " + status + ": " + InfluxResponses.message(body),
                                after));
            case REJECTED:
                return rejected(lines, status, body);
            case FATAL:
            default:
                return CompletableFuture.completedFuture(Outcome.fatal(fatal(status, body)));
        }
    }

    private CompletableFuture<Outcome> rejected(List<InfluxLine> lines, int status, String body) {
        long now = System.currentTimeMillis();
        Map<Integer, String> named = InfluxResponses.namedLines(body, lines);
        if (!named.isEmpty()) {
            List<InfluxRejectedLine> rejected = new ArrayList<>(named.size());
            named.forEach(
                    (i, why) ->
                            rejected.add(
                                    new InfluxRejectedLine(
                                            lines.get(i), "HTTP " + status + ": " + why, now)));
            List<InfluxLine> rest = InfluxResponses.others(lines, named);
            Outcome mine = new Outcome(List.of(), null, 0, rejected, 0, null);
            // The rest may or may not have been stored (1.x stores them, other servers drop the
            // whole batch):
            // writing them again is safe either way.
            return rest.isEmpty()
                    ? CompletableFuture.completedFuture(mine)
                    : write(rest).thenApply(mine::plus);
        }
        String why = "HTTP " + status + ": " + InfluxResponses.message(body);
        if (lines.size() == 1) {
            return CompletableFuture.completedFuture(
                    new Outcome(
                            List.of(),
                            null,
                            0,
                            List.of(new InfluxRejectedLine(lines.get(0), why, now)),
                            0,
                            null));
        }
        int half = lines.size() / 2;
        return write(new ArrayList<>(lines.subList(0, half)))
                .thenCombine(
                        write(new ArrayList<>(lines.subList(half, lines.size()))), Outcome::plus)
                .thenApply(o -> o.plus(new Outcome(List.of(), null, 0, List.of(), 1, null)));
    }

    private InfluxSinkException fatal(int status, String body) {
        String server =
                "InfluxDB at "
                        + settings.url()
                        + " (api "
                        + settings.api()
                        + ") answered HTTP "
                        + status
                        + " writing to "
                        + settings.target()
                        + ": "
                        + InfluxResponses.message(body)
                        + ". ";
        switch (status) {
            case 401:
            case 403:
                return new InfluxSinkException(
                        server
                                + "The credentials were refused or lack write permission: "
                                + "check "
                                + settings.credentialKeys()
                                + ".");
            case 404:
                return new InfluxSinkException(
                        server
                                + "The write target does not exist: check "
                                + settings.targetKeys()
                                + " (it must exist), and "
                                + InfluxOptions.GROUP
                                + ".url / "
                                + InfluxOptions.GROUP
                                + ".api (the server must serve the api "
                                + settings.api()
                                + " write endpoint).");
            default:
                return new InfluxSinkException(
                        server
                                + "Check "
                                + InfluxOptions.GROUP
                                + ".url and "
                                + InfluxOptions.GROUP
                                + ".api.");
        }
    }

    private HttpRequest request(List<InfluxLine> lines) {
        return request(settings, authorization, lines);
    }

    /** One write request of {@code lines} as {@code settings} say (also {@link InfluxRedrive}). */
    static HttpRequest request(
            InfluxSettings settings, String authorization, List<InfluxLine> lines) {
        byte[] body = body(lines, settings.gzip());
        HttpRequest.Builder b =
                HttpRequest.newBuilder(settings.writeUri())
                        .timeout(settings.requestTimeout())
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.gzip()) {
            b.header("Content-Encoding", "gzip");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    /** The lines, newline-terminated, optionally gzip-compressed. */
    static byte[] body(List<InfluxLine> lines, boolean gzip) {
        int size = 0;
        for (InfluxLine l : lines) {
            size += l.sizeInBytes();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(gzip ? size / 4 + 64 : size);
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes, 8192) : bytes) {
            for (InfluxLine l : lines) {
                out.write(l.line().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    protected long getSizeInBytes(InfluxLine line) {
        return line.sizeInBytes();
    }

    @Override
    public Collection<InfluxRejects> prepareCommit() {
        if (rejectedSinceCheckpoint.isEmpty()) {
            return Collections.emptyList();
        }
        InfluxRejects rejects = new InfluxRejects(rejectedSinceCheckpoint);
        rejectedSinceCheckpoint.clear();
        return Collections.singletonList(rejects);
    }

    @Override
    public void close() {
        backoffTimer.shutdownNow();
        httpExecutor.shutdownNow();
    }

    /** What happened to one batch (or the parts it was split into). */
    private static final class Outcome {
        final List<InfluxLine> retry;
        final String retryReason;
        final long retryAfterMs;
        final List<InfluxRejectedLine> rejected;
        final int splits;
        final InfluxSinkException fatal;

        Outcome(
                List<InfluxLine> retry,
                String retryReason,
                long retryAfterMs,
                List<InfluxRejectedLine> rejected,
                int splits,
                InfluxSinkException fatal) {
            this.retry = retry;
            this.retryReason = retryReason;
            this.retryAfterMs = retryAfterMs;
            this.rejected = rejected;
            this.splits = splits;
            this.fatal = fatal;
        }

        static Outcome written() {
            return new Outcome(List.of(), null, 0, List.of(), 0, null);
        }

        static Outcome retry(List<InfluxLine> lines, String reason, long retryAfterMs) {
            return new Outcome(lines, reason, retryAfterMs, List.of(), 0, null);
        }

        static Outcome fatal(InfluxSinkException e) {
            return new Outcome(List.of(), null, 0, List.of(), 0, e);
        }

        Outcome plus(Outcome o) {
            List<InfluxLine> retry = new ArrayList<>(this.retry);
            retry.addAll(o.retry);
            List<InfluxRejectedLine> rejected = new ArrayList<>(this.rejected);
            rejected.addAll(o.rejected);
            return new Outcome(
                    retry,
                    retryReason != null ? retryReason : o.retryReason,
                    Math.max(retryAfterMs, o.retryAfterMs),
                    rejected,
                    splits + o.splits,
                    fatal != null ? fatal : o.fatal);
        }
    }
}
