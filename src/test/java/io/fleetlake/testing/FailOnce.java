package io.fleetlake.testing;

import io.fleetlake.job.model.RawMessage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A pass-through map that throws once in the middle of the stream: after {@code afterCheckpoints}
 * checkpoints completed and more than {@code afterRecords} records went through one subtask. State
 * is static (the MiniCluster runs in the test's JVM): {@link #reset()} before each job.
 */
public final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener {
    public static final AtomicBoolean FAILED = new AtomicBoolean();
    public static final AtomicInteger CHECKPOINTS = new AtomicInteger();
    public static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();

    private final int afterCheckpoints;
    private final long afterRecords;
    private transient long seen;

    public FailOnce(int afterCheckpoints, long afterRecords) {
        this.afterCheckpoints = afterCheckpoints;
        this.afterRecords = afterRecords;
    }

    /**
     * {@code source} with a FailOnce after it (operator "test: fail once"): fails once after two
     * checkpoints and 500 messages.
     */
    public static io.fleetlake.job.sources.MessageSource after(
            io.fleetlake.job.sources.MessageSource source) {
        return new io.fleetlake.job.sources.MessageSource() {
            @Override
            public org.apache.flink.streaming.api.datastream.DataStream<RawMessage> attach(
                    org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env) {
                return source.attach(env)
                        .map(new FailOnce<RawMessage>(2, 500))
                        .returns(TypeInformation.of(RawMessage.class))
                        .name("test: fail once")
                        .uid("test-fail-once");
            }

            @Override
            public boolean isBounded() {
                return source.isBounded();
            }
        };
    }

    public static void reset() {
        FAILED.set(false);
        CHECKPOINTS.set(0);
        CHECKPOINTS_BEFORE_FAILURE.set(0);
    }

    @Override
    public void open(OpenContext openContext) {
        seen = 0;
    }

    @Override
    public T map(T value) {
        seen++;
        if (seen > afterRecords
                && CHECKPOINTS.get() >= afterCheckpoints
                && FAILED.compareAndSet(false, true)) {
            CHECKPOINTS_BEFORE_FAILURE.set(CHECKPOINTS.get());
            throw new IllegalStateException("injected failure in the middle of the stream");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTS.incrementAndGet();
    }
}
