package io.fleetlake.connectors.timestream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClient;
import software.amazon.awssdk.services.timestreamwrite.model.RejectedRecordsException;

/**
 * Writes records to one Timestream table a batch at a time, synchronously, for a re-send outside
 * the job ({@code ./fleetlake redrive}): the same records as the sink (same version, so a re-sent
 * record that is already stored is accepted as is), throttling/5xx/network errors retried until
 * {@code retry-duration} has passed, records the service refuses counted and reported.
 */
public final class TimestreamRedrive implements AutoCloseable {
    private final String database;
    private final String table;
    private final Duration retryDuration;
    private final TimestreamWriteAsyncClient client;
    private final TimestreamExceptionClassifier classifier;
    private final List<String> rejected = new ArrayList<>();
    private long written;

    public TimestreamRedrive(
            TimestreamClientConfig clientConfig,
            String database,
            String table,
            Duration retryDuration) {
        this.database = database;
        this.table = table;
        this.retryDuration = retryDuration;
        this.client = clientConfig.createClient(2);
        this.classifier = new TimestreamExceptionClassifier(database, table);
    }

    /** Writes up to {@value TimestreamRequests#MAX_RECORDS_PER_REQUEST} records. */
    public void write(List<TimestreamRecord> records) throws IOException, InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        long deadline = System.currentTimeMillis() + retryDuration.toMillis();
        long backoff = 100;
        while (true) {
            Throwable error;
            try {
                client.writeRecords(TimestreamRequests.build(database, table, records)).join();
                written += records.size();
                return;
            } catch (CompletionException | software.amazon.awssdk.core.exception.SdkException e) {
                error = e;
            }
            AtomicReference<Exception> fatal = new AtomicReference<>();
            switch (classifier.classify(error, fatal::set)) {
                case REJECTED_RECORDS:
                    RejectedRecordsException r = rejectedRecords(error);
                    for (software.amazon.awssdk.services.timestreamwrite.model.RejectedRecord x :
                            r.rejectedRecords()) {
                        rejected.add("record " + x.recordIndex() + ": " + x.reason());
                    }
                    written += records.size() - r.rejectedRecords().size();
                    return;
                case VALIDATION:
                    if (records.size() == 1) {
                        rejected.add(
                                records.get(0)
                                        + ": "
                                        + TimestreamExceptionClassifier.serviceMessage(error));
                        return;
                    }
                    int half = records.size() / 2;
                    write(new ArrayList<>(records.subList(0, half)));
                    write(new ArrayList<>(records.subList(half, records.size())));
                    return;
                case FATAL:
                    throw new IOException(fatal.get().getMessage(), fatal.get());
                case RETRY:
                default:
                    if (System.currentTimeMillis() + backoff > deadline) {
                        throw new IOException(
                                "Timestream "
                                        + database
                                        + "."
                                        + table
                                        + " did not take a batch within retry-duration "
                                        + retryDuration.toSeconds()
                                        + " s: "
                                        + TimestreamExceptionClassifier.serviceMessage(error));
                    }
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    public long written() {
        return written;
    }

    /** What the service refused for good, with its reason. */
    public List<String> rejected() {
        return rejected;
    }

    @Override
    public void close() {
        client.close();
    }

    private static RejectedRecordsException rejectedRecords(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RejectedRecordsException) {
                return (RejectedRecordsException) t;
            }
        }
        throw new IllegalStateException("classified as rejected records: " + error, error);
    }
}
