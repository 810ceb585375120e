package io.fleetlake.connectors.kinesis;

import java.util.Properties;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's consumer, saying loudly where it starts when it has no source state: {@code
 * initial-position} applies only then (a first start, {@code --fresh}, a snapshot without this
 * source's uid, MSF without restore), and {@code LATEST} then skips everything already in the
 * stream. With state it resumes at the checkpointed sequence numbers, which it logs at INFO.
 */
final class StartPositionLoggingConsumer<T> extends FlinkKinesisConsumer<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StartPositionLoggingConsumer.class);

    private final String stream;
    private final String initialPosition;

    StartPositionLoggingConsumer(
            String initialPosition,
            String stream,
            KinesisDeserializationSchema<T> schema,
            Properties properties) {
        super(stream, schema, properties);
        this.stream = stream;
        this.initialPosition = initialPosition;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        super.initializeState(context);
        if (!context.isRestored()) {
            LOG.warn(
                    "Kinesis source on stream '{}': NO SOURCE STATE (first start, --fresh, or a snapshot "
                            + "without this source): reading from {} (Source.Kinesis.initial-position){}",
                    stream,
                    initialPosition,
                    initialPosition.startsWith("LATEST")
                            ? "; records already in the stream are SKIPPED"
                            : "");
        } else {
            LOG.info(
                    "Kinesis source on stream '{}': resuming at the checkpointed sequence numbers",
                    stream);
        }
    }
}
