package io.fleetlake.connectors.timestream;

import io.fleetlake.connectors.sink.RejectedOutput;
import io.fleetlake.connectors.sink.RejectingAsyncSink;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * A Sink V2 on {@link AsyncSinkBase} writing multi-measure records to one Amazon Timestream table
 * with the async Timestream Write client. Build it with {@link TimestreamSinkFactory}.
 *
 * <p><b>Delivery.</b> At-least-once: records still buffered at a checkpoint are in the writer state
 * ({@link TimestreamWriterStateSerializer}), in-flight requests are finished before every
 * checkpoint. Every record carries a deterministic {@code Version}, so a replay re-sends the same
 * record and the write is an idempotent upsert: no record is stored twice or with two versions.
 *
 * <p><b>Rejected records.</b> Records Timestream refuses for good are not lost and do not stop the
 * job. Attach the sink with {@link #writeTo(DataStream, String, String, RejectedRecordConverter,
 * TypeInformation)}: it returns the rejected records, converted, as a stream the application routes
 * where it likes (Fleetlake: union with its other dead letters into the lake's {@code dead_letter}
 * table). Underneath, the sink is a committing sink whose "committables" are the rejections: on
 * every checkpoint barrier (and at end of input) the writer operator emits the rejections of all
 * requests completed since the previous barrier, <em>ahead of the barrier</em>. A rejection and the
 * completion of its request therefore belong to the same checkpoint; a failure before that
 * checkpoint completes restores the previous one, where the record is still buffered in the writer
 * state or still to be replayed by the source, and it is rejected again. With a transactional
 * downstream sink (the lake's file sink) every rejection lands exactly once. There is no queue
 * between operators that a checkpoint could cut, and no callback that could run after the snapshot.
 *
 * <p>Used with {@code DataStream.sinkTo(sink)} instead, the sink writes the same way, but
 * rejections end at a no-op committer: they are only logged and counted ({@code
 * timestreamRecordsRejected}).
 *
 * <p>Why the writer operator is attached directly rather than through a post- or pre-commit
 * topology: see {@link RejectedOutput}.
 *
 * @param <T> the input element type, turned into a {@link TimestreamRecord} by the element
 *     converter
 */
public final class TimestreamSink<T>
        extends RejectingAsyncSink<T, TimestreamRecord, TimestreamRejects> {
    private static final long serialVersionUID = 1L;

    private final TimestreamClientConfig clientConfig;
    private final String database;
    private final String table;
    private final long backoffBaseMs;
    private final long backoffMaxMs;
    private final java.time.Duration retryDuration;

    TimestreamSink(
            ElementConverter<T, TimestreamRecord> converter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes,
            long requestTimeoutMs,
            TimestreamClientConfig clientConfig,
            String database,
            String table,
            long backoffBaseMs,
            long backoffMaxMs,
            java.time.Duration retryDuration) {
        super(
                "Timestream",
                converter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                requestTimeoutMs);
        this.clientConfig = clientConfig;
        this.database = database;
        this.table = table;
        this.backoffBaseMs = backoffBaseMs;
        this.backoffMaxMs = backoffMaxMs;
        this.retryDuration = retryDuration;
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    /** Batch size limit (at most {@value TimestreamRequests#MAX_RECORDS_PER_REQUEST}). */
    public int maxBatchSize() {
        return getMaxBatchSize();
    }

    @Override
    public TimestreamSinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public TimestreamSinkWriter<T> restoreWriter(
            WriterInitContext context,
            Collection<BufferedRequestState<TimestreamRecord>> recoveredState)
            throws IOException {
        AsyncSinkWriterConfiguration configuration = writerConfiguration();
        return new TimestreamSinkWriter<>(
                getElementConverter(),
                context,
                configuration,
                recoveredState,
                clientConfig,
                database,
                table,
                getMaxInFlightRequests(),
                backoffBaseMs,
                backoffMaxMs,
                retryDuration);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<TimestreamRecord>>
            getWriterStateSerializer() {
        return new TimestreamWriterStateSerializer();
    }

    @Override
    public SimpleVersionedSerializer<TimestreamRejects> getCommittableSerializer() {
        return new TimestreamRejects.Serializer();
    }

    /**
     * Adds this sink to {@code input} as the operator {@code name}/{@code uid} and returns the
     * records Timestream rejected, converted by {@code converter} (operator {@code name + ":
     * rejected records"}, uid {@code uid + "-rejected-records"}).
     */
    public <OUT> SingleOutputStreamOperator<OUT> writeTo(
            DataStream<T> input,
            String name,
            String uid,
            RejectedRecordConverter<OUT> converter,
            TypeInformation<OUT> type) {
        return RejectedOutput.attach(
                input,
                this,
                TimestreamRejects.Serializer::new,
                name,
                uid,
                "rejected records",
                rejects ->
                        rejects.records().stream()
                                .map(converter::convert)
                                .collect(Collectors.toList()),
                type);
    }
}
