package io.fleetlake.connectors.sns;

import io.fleetlake.connectors.sink.RejectedOutput;
import io.fleetlake.connectors.sink.RejectingAsyncSink;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Publishes to one Amazon SNS topic with {@code PublishBatch} (up to 10 messages a call), on {@link
 * AsyncSinkBase}: buffered messages are in the checkpoint and in-flight calls finish before it, so
 * delivery is at-least-once (messages carry their de-duplication id; FIFO topics de-duplicate on
 * it).
 *
 * <p>It never fails the job. A message SNS refuses (sender fault), or one still failing after
 * {@code max-attempts} (throttling, 5xx, network, missing topic, denied access), is handed back as
 * a {@link SnsFailures.Failure}: attach the sink with {@link #writeTo} and the failures come out as
 * a stream, emitted ahead of the checkpoint barrier that follows them (the same committing-sink
 * arrangement as the Timestream sink, see TimestreamSink), so they can go to a transactional
 * dead-letter table exactly once.
 *
 * @param <T> the input type, turned into an {@link SnsEntry} by the element converter
 */
public final class SnsSink<T> extends RejectingAsyncSink<T, SnsEntry, SnsFailures> {
    private static final long serialVersionUID = 1L;

    private final SnsSettings settings;

    public SnsSink(ElementConverter<T, SnsEntry> converter, SnsSettings settings) {
        super(
                "SNS",
                converter,
                settings.maxBatchSize,
                settings.maxInFlight,
                10_000,
                256L * 1024,
                settings.maxBufferTime.toMillis(),
                256L * 1024,
                60_000L);
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
    public SnsSinkWriter<T> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<SnsEntry>> recoveredState) {
        AsyncSinkWriterConfiguration configuration = writerConfiguration();
        return new SnsSinkWriter<>(
                getElementConverter(), context, configuration, recoveredState, settings);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<SnsEntry>> getWriterStateSerializer() {
        return new StateSerializer();
    }

    @Override
    public SimpleVersionedSerializer<SnsFailures> getCommittableSerializer() {
        return new SnsFailures.Serializer();
    }

    /**
     * Adds this sink to {@code input} as operator {@code name}/{@code uid} and returns the
     * undeliverable messages, converted by {@code converter} (operator {@code name + ": failed"},
     * uid {@code uid + "-failed"}).
     */
    public <OUT> SingleOutputStreamOperator<OUT> writeTo(
            DataStream<T> input,
            String name,
            String uid,
            FailureConverter<OUT> converter,
            TypeInformation<OUT> type) {
        String topicArn = settings.topicArn;
        return RejectedOutput.attach(
                input,
                this,
                SnsFailures.Serializer::new,
                name,
                uid,
                "failed",
                failures ->
                        failures.failures().stream()
                                .map(f -> converter.convert(f, topicArn))
                                .collect(Collectors.toList()),
                type);
    }

    /** Turns an undeliverable message into the application's record (a dead letter). */
    @FunctionalInterface
    public interface FailureConverter<OUT> extends java.io.Serializable {
        OUT convert(SnsFailures.Failure failure, String topicArn);
    }

    /** The writer's buffered messages in checkpoints. */
    static final class StateSerializer extends AsyncSinkWriterStateSerializer<SnsEntry> {
        @Override
        protected void serializeRequestToStream(SnsEntry request, DataOutputStream out)
                throws IOException {
            request.write(out);
        }

        @Override
        protected SnsEntry deserializeRequestFromStream(long requestSize, DataInputStream in)
                throws IOException {
            return SnsEntry.read(in);
        }

        @Override
        public int getVersion() {
            return 1;
        }
    }
}
