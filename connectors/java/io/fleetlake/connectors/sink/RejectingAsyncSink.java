package io.fleetlake.connectors.sink;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;

/**
 * An {@link AsyncSinkBase} whose writer hands the records its service refused downstream as
 * committables (see {@link RejectedOutput}): the part the Timestream, InfluxDB and SNS sinks share.
 * Subclasses build their writer from {@link #writerConfiguration()} and serialize their own
 * rejections.
 *
 * @param <IN> the sink's input type
 * @param <REQ> the request entry the element converter makes of an input
 * @param <C> one checkpoint's rejections
 */
public abstract class RejectingAsyncSink<IN, REQ extends java.io.Serializable, C>
        extends AsyncSinkBase<IN, REQ> implements SupportsCommitter<C> {
    private static final long serialVersionUID = 1L;

    private final String serviceName;

    protected RejectingAsyncSink(
            String serviceName,
            ElementConverter<IN, REQ> converter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes,
            long requestTimeoutMs) {
        // failOnTimeout=false: a request that times out is retried like any other transient
        // failure.
        super(
                converter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                requestTimeoutMs,
                false);
        this.serviceName = serviceName;
    }

    /**
     * The writer configuration this sink was built with (AsyncSinkBase keeps its getters
     * protected).
     */
    protected final AsyncSinkWriterConfiguration writerConfiguration() {
        return AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .build();
    }

    /**
     * Flink 1.20 creates writers with a {@code WriterInitContext}; the older context is not
     * supported.
     */
    @Override
    @SuppressWarnings("deprecation")
    public final StatefulSinkWriter<IN, BufferedRequestState<REQ>> createWriter(
            InitContext context) {
        throw new UnsupportedOperationException(
                "the " + serviceName + " sink needs Flink 1.20's WriterInitContext");
    }

    /**
     * Nothing to commit: the rejections reach the job through {@link RejectedOutput}, not a
     * committer.
     */
    @Override
    public final Committer<C> createCommitter(CommitterInitContext context) {
        return new RejectedOutput.NoCommit<>();
    }
}
