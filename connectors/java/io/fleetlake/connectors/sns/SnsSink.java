package io.fleetlake.connectors.sns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.util.Collector;

/**
 * Publishes to one Amazon SNS topic with {@code PublishBatch} (up to 10 messages a call), on
 * {@link AsyncSinkBase}: buffered messages are in the checkpoint and in-flight calls finish before it, so delivery
 * is at-least-once (messages carry their de-duplication id; FIFO topics de-duplicate on it).
 *
 * <p>It never fails the job. A message SNS refuses (sender fault), or one still failing after
 * {@code max-attempts} (throttling, 5xx, network, missing topic, denied access), is handed back as a
 * {@link SnsFailures.Failure}: attach the sink with {@link #writeTo} and the failures come out as a stream, emitted
 * ahead of the checkpoint barrier that follows them (the same committing-sink arrangement as the Timestream sink,
 * see TimestreamSink), so they can go to a transactional dead-letter table exactly once.
 *
 * @param <T> the input type, turned into an {@link SnsEntry} by the element converter
 */
public final class SnsSink<T> extends AsyncSinkBase<T, SnsEntry> implements SupportsCommitter<SnsFailures> {
    private static final long serialVersionUID = 1L;

    private final SnsSettings settings;

    public SnsSink(ElementConverter<T, SnsEntry> converter, SnsSettings settings) {
        super(converter, settings.maxBatchSize, settings.maxInFlight, 10_000, 256L * 1024, settings.maxBufferTime
                .toMillis(), 256L * 1024, 60_000L, false);
        this.settings = settings;
    }

    public SnsSettings settings() {
        return settings;
    }

    @Override
    public SnsSinkWriter<T> createWriter(WriterInitContext context) {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public SnsSinkWriter<T> restoreWriter(WriterInitContext context,
            Collection<BufferedRequestState<SnsEntry>> recoveredState) {
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
        return new SnsSinkWriter<>(getElementConverter(), context, configuration, recoveredState, settings);
    }

    /** Flink 1.20 creates writers with a {@link WriterInitContext}; the older context is not supported. */
    @Override
    @SuppressWarnings("deprecation")
    public SnsSinkWriter<T> createWriter(InitContext context) {
        throw new UnsupportedOperationException("the SNS sink needs Flink 1.20's WriterInitContext");
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<SnsEntry>> getWriterStateSerializer() {
        return new StateSerializer();
    }

    @Override
    public Committer<SnsFailures> createCommitter(CommitterInitContext context) {
        return new NoOpCommitter();
    }

    @Override
    public SimpleVersionedSerializer<SnsFailures> getCommittableSerializer() {
        return new SnsFailures.Serializer();
    }

    /**
     * Adds this sink to {@code input} as operator {@code name}/{@code uid} and returns the undeliverable messages,
     * converted by {@code converter} (operator {@code name + ": failed"}, uid {@code uid + "-failed"}).
     */
    public <OUT> SingleOutputStreamOperator<OUT> writeTo(DataStream<T> input, String name, String uid,
            FailureConverter<OUT> converter, TypeInformation<OUT> type) {
        // SinkWriterOperatorFactory is @Internal: it is what DataStream.sinkTo itself uses for the writer, and the
        // only way in Flink 1.20 to get a sink's committables as an ordinary stream (see TimestreamSink).
        return input
                .transform(name, CommittableMessageTypeInfo.of(SnsFailures.Serializer::new),
                        new SinkWriterOperatorFactory<T, SnsFailures>(this))
                .name(name)
                .uid(uid)
                .flatMap(new FailuresToOutput<>(converter))
                .returns(type)
                .name(name + ": failed")
                .uid(uid + "-failed");
    }

    /** Turns an undeliverable message into the application's record (a dead letter). */
    @FunctionalInterface
    public interface FailureConverter<OUT> extends java.io.Serializable {
        OUT convert(SnsFailures.Failure failure, String topicArn);
    }

    /** Nothing to commit: messages are already published (or failed). */
    private static final class NoOpCommitter implements Committer<SnsFailures> {
        @Override
        public void commit(Collection<CommitRequest<SnsFailures>> requests) {}

        @Override
        public void close() {}
    }

    private final class FailuresToOutput<OUT> implements FlatMapFunction<CommittableMessage<SnsFailures>, OUT> {
        private static final long serialVersionUID = 1L;
        private final FailureConverter<OUT> converter;

        FailuresToOutput(FailureConverter<OUT> converter) {
            this.converter = converter;
        }

        @Override
        public void flatMap(CommittableMessage<SnsFailures> message, Collector<OUT> out) {
            if (message instanceof CommittableWithLineage) {
                for (SnsFailures.Failure f : ((CommittableWithLineage<SnsFailures>) message).getCommittable()
                        .failures()) {
                    out.collect(converter.convert(f, settings.topicArn));
                }
            }
        }
    }

    /** The writer's buffered messages in checkpoints. */
    static final class StateSerializer extends AsyncSinkWriterStateSerializer<SnsEntry> {
        @Override
        protected void serializeRequestToStream(SnsEntry request, DataOutputStream out) throws IOException {
            request.write(out);
        }

        @Override
        protected SnsEntry deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
            return SnsEntry.read(in);
        }

        @Override
        public int getVersion() {
            return 1;
        }
    }
}
