package io.fleetlake.connectors.influx;

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
 * A Sink V2 on {@link AsyncSinkBase} writing InfluxDB line protocol to InfluxDB 1.x ({@code
 * /write}), 2.x and Amazon Timestream for InfluxDB ({@code /api/v2/write}) or InfluxDB 3 ({@code
 * /api/v3/write_lp}). Build it with {@link InfluxSinkFactory}.
 *
 * <p><b>Client.</b> The JDK's {@link java.net.http.HttpClient}: {@code sendAsync} returns a {@code
 * CompletableFuture}, which is what {@code AsyncSinkWriter.submitRequestEntries} needs, and the
 * body (line protocol, gzip-compressed with {@link java.util.zip.GZIPOutputStream}) is simple to
 * build. InfluxData's Java clients resolve from Maven Central but do not fit: {@code
 * influxdb-client-java} 7.x writes through blocking calls or its own RxJava batching, buffering and
 * retrying layer (which would duplicate AsyncSinkBase's and sit outside Flink's checkpoints) and
 * brings OkHttp, Retrofit, RxJava, Gson and the Kotlin standard library; {@code influxdb3-java}
 * speaks only to InfluxDB 3, writes synchronously, and brings Arrow Flight, gRPC and Netty for its
 * query side. Neither reports which lines of a batch a 400 refused.
 *
 * <p><b>Delivery.</b> At-least-once: lines still buffered at a checkpoint are in the writer state
 * ({@link InfluxWriterStateSerializer}), and in-flight requests finish before every checkpoint.
 * InfluxDB keeps one point per measurement, tag set and timestamp, and a line re-sent after a
 * restore overwrites the point with the same values: a replay does not duplicate. See {@link
 * InfluxSinkWriter} for what each answer means.
 *
 * <p><b>Rejected lines</b> come back from {@link #writeTo} as a stream, with the checkpoint of
 * their write ({@link RejectedOutput}, as for the Timestream sink).
 *
 * @param <T> the input element type, turned into an {@link InfluxLine} by the element converter
 */
public final class InfluxSink<T> extends RejectingAsyncSink<T, InfluxLine, InfluxRejects> {
    private static final long serialVersionUID = 1L;

    private final InfluxSettings settings;

    InfluxSink(
            ElementConverter<T, InfluxLine> converter,
            InfluxSettings settings,
            int maxBatchSize,
            long maxBatchBytes,
            long maxBufferTimeMs,
            long requestTimeoutMs) {
        // A single line may fill a whole request: a line over the byte cap would fail the job in
        // AsyncSinkWriter.
        super(
                "Influx",
                converter,
                maxBatchSize,
                settings.maxInFlightRequests(),
                settings.maxBufferedRequests(),
                maxBatchBytes,
                maxBufferTimeMs,
                maxBatchBytes,
                requestTimeoutMs);
        this.settings = settings;
    }

    public InfluxSettings settings() {
        return settings;
    }

    @Override
    public InfluxSinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public InfluxSinkWriter<T> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<InfluxLine>> recoveredState)
            throws IOException {
        AsyncSinkWriterConfiguration configuration = writerConfiguration();
        return new InfluxSinkWriter<>(
                getElementConverter(), context, configuration, recoveredState, settings);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<InfluxLine>> getWriterStateSerializer() {
        return new InfluxWriterStateSerializer();
    }

    @Override
    public SimpleVersionedSerializer<InfluxRejects> getCommittableSerializer() {
        return new InfluxRejects.Serializer();
    }

    /**
     * Adds this sink to {@code input} as the operator {@code name}/{@code uid} and returns the
     * lines InfluxDB rejected, converted by {@code converter} (operator {@code name + ": rejected
     * lines"}, uid {@code uid + "-rejected-lines"}).
     */
    public <OUT> SingleOutputStreamOperator<OUT> writeTo(
            DataStream<T> input,
            String name,
            String uid,
            InfluxRejectConverter<OUT> converter,
            TypeInformation<OUT> type) {
        return RejectedOutput.attach(
                input,
                this,
                InfluxRejects.Serializer::new,
                name,
                uid,
                "rejected lines",
                rejects ->
                        rejects.lines().stream()
                                .map(converter::convert)
                                .collect(Collectors.toList()),
                type);
    }
}
