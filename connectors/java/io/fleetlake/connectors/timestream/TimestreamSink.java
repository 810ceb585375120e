package io.fleetlake.connectors.timestream;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * A Sink V2 on {@link AsyncSinkBase} writing multi-measure records to one Amazon Timestream table with the
 * async Timestream Write client. Build it with {@link TimestreamSinkFactory}.
 *
 * <p><b>Delivery.</b> At-least-once: records still buffered at a checkpoint are in the writer state
 * ({@link TimestreamWriterStateSerializer}), in-flight requests are finished before every checkpoint. Every
 * record carries a deterministic {@code Version}, so a replay re-sends the same record and the write is an
 * idempotent upsert: no record is stored twice or with two versions.
 *
 * <p><b>Rejected records.</b> Records Timestream refuses for good are not lost and do not stop the job. Attach
 * the sink with {@link #writeTo(DataStream, String, String, RejectedRecordConverter, TypeInformation)}: it
 * returns the rejected records, converted, as a stream the application routes where it likes (Fleetlake:
 * union with its other dead letters into the lake's {@code dead_letter} table). Underneath, the sink is a
 * committing sink whose "committables" are the rejections: on every checkpoint barrier (and at end of input)
 * the writer operator emits the rejections of all requests completed since the previous barrier, <em>ahead of
 * the barrier</em>. A rejection and the completion of its request therefore belong to the same checkpoint; a
 * failure before that checkpoint completes restores the previous one, where the record is still buffered in
 * the writer state or still to be replayed by the source, and it is rejected again. With a transactional
 * downstream sink (the lake's file sink) every rejection lands exactly once. There is no queue between
 * operators that a checkpoint could cut, and no callback that could run after the snapshot.
 *
 * <p>Used with {@code DataStream.sinkTo(sink)} instead, the sink writes the same way, but rejections end at a
 * no-op committer: they are only logged and counted ({@code timestreamRecordsRejected}).
 *
 * <p>Why not a post-commit or pre-commit topology inside the sink: in Flink 1.20 both were tried. A post-commit
 * topology emits when a checkpoint completes - for the final checkpoint of a bounded input that is after the
 * downstream operators saw end of input, and the rejections were lost (or failed the chained sink). A
 * pre-commit topology may not contain another Sink V2 (the nested sink expansion throws a
 * ConcurrentModificationException in SinkTransformationTranslator). Attaching the writer operator directly
 * ({@link SinkWriterOperatorFactory}, as the translator itself does) keeps the rejections an ordinary stream.
 *
 * @param <T> the input element type, turned into a {@link TimestreamRecord} by the element converter
 */
public final class TimestreamSink<T> extends AsyncSinkBase<T, TimestreamRecord>
        implements SupportsCommitter<TimestreamRejects> {
    private static final long serialVersionUID = 1L;

    private final TimestreamClientConfig clientConfig;
    private final String database;
    private final String table;
    private final long backoffBaseMs;
    private final long backoffMaxMs;

    TimestreamSink(ElementConverter<T, TimestreamRecord> converter, int maxBatchSize, int maxInFlightRequests,
            int maxBufferedRequests, long maxBatchSizeInBytes, long maxTimeInBufferMs, long maxRecordSizeInBytes,
            long requestTimeoutMs, TimestreamClientConfig clientConfig, String database, String table,
            long backoffBaseMs, long backoffMaxMs) {
        super(converter, maxBatchSize, maxInFlightRequests, maxBufferedRequests, maxBatchSizeInBytes,
                maxTimeInBufferMs, maxRecordSizeInBytes, requestTimeoutMs, false);
        this.clientConfig = clientConfig;
        this.database = database;
        this.table = table;
        this.backoffBaseMs = backoffBaseMs;
        this.backoffMaxMs = backoffMaxMs;
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
    public TimestreamSinkWriter<T> restoreWriter(WriterInitContext context,
            Collection<BufferedRequestState<TimestreamRecord>> recoveredState) throws IOException {
        AsyncSinkWriterConfiguration configuration = AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .build();
        return new TimestreamSinkWriter<>(getElementConverter(), context, configuration, recoveredState,
                clientConfig, database, table, getMaxInFlightRequests(), backoffBaseMs, backoffMaxMs);
    }

    /** Flink 1.20 creates writers with a {@link WriterInitContext}; the older context is not supported. */
    @Override
    @SuppressWarnings("deprecation")
    public TimestreamSinkWriter<T> createWriter(InitContext context) {
        throw new UnsupportedOperationException("the Timestream sink needs Flink 1.20's WriterInitContext");
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<TimestreamRecord>> getWriterStateSerializer() {
        return new TimestreamWriterStateSerializer();
    }

    @Override
    public Committer<TimestreamRejects> createCommitter(CommitterInitContext context) {
        return new RejectsCommitter();
    }

    @Override
    public SimpleVersionedSerializer<TimestreamRejects> getCommittableSerializer() {
        return new TimestreamRejects.Serializer();
    }

    /**
     * Adds this sink to {@code input} as the operator {@code name}/{@code uid} and returns the records Timestream
     * rejected, converted by {@code converter} (operator {@code name + ": rejected records"}, uid
     * {@code uid + "-rejected-records"}).
     */
    public <OUT> SingleOutputStreamOperator<OUT> writeTo(DataStream<T> input, String name, String uid,
            RejectedRecordConverter<OUT> converter, TypeInformation<OUT> type) {
        return input
                .transform(name, CommittableMessageTypeInfo.of(TimestreamRejects.Serializer::new),
                        new SinkWriterOperatorFactory<T, TimestreamRejects>(this))
                .name(name)
                .uid(uid)
                .flatMap(new RejectsToOutput<>(converter))
                .returns(type)
                .name(name + ": rejected records")
                .uid(uid + "-rejected-records");
    }

    /**
     * Nothing to commit: the records are already written (or refused). Reached only when the sink is used with
     * {@code sinkTo}; {@link #writeTo} routes the rejections itself.
     */
    private static final class RejectsCommitter implements Committer<TimestreamRejects> {
        @Override
        public void commit(Collection<CommitRequest<TimestreamRejects>> requests) {
            // Every request succeeds as is (no signal = committed); the writer already logged and counted them.
        }

        @Override
        public void close() {}
    }

    /** Unpacks {@link TimestreamRejects} and converts each rejected record. */
    private static final class RejectsToOutput<OUT>
            implements FlatMapFunction<CommittableMessage<TimestreamRejects>, OUT> {
        private static final long serialVersionUID = 1L;
        private final RejectedRecordConverter<OUT> converter;

        RejectsToOutput(RejectedRecordConverter<OUT> converter) {
            this.converter = converter;
        }

        @Override
        public void flatMap(CommittableMessage<TimestreamRejects> message, Collector<OUT> out) {
            if (message instanceof CommittableWithLineage) {
                for (RejectedRecord r : ((CommittableWithLineage<TimestreamRejects>) message).getCommittable()
                        .records()) {
                    out.collect(converter.convert(r));
                }
            }
        }
    }
}
