package io.fleetlake.testing;

import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.sources.MessageSource;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A pass-through map that holds each subtask to a rate (records per second), so a bounded input is
 * still running when a test takes a savepoint. Stateless (uid {@code test-throttle}).
 */
public final class Throttle<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final double perSecond;
    private transient long startNanos;
    private transient long seen;

    public Throttle(double perSecond) {
        this.perSecond = perSecond;
    }

    /** {@code source} with a throttle of {@code perSecond} records per subtask after it. */
    public static MessageSource after(MessageSource source, double perSecond) {
        return new MessageSource() {
            @Override
            public DataStream<RawMessage> attach(StreamExecutionEnvironment env) {
                return source.attach(env)
                        .map(new Throttle<RawMessage>(perSecond))
                        .returns(TypeInformation.of(RawMessage.class))
                        .name("test: throttle")
                        .uid("test-throttle");
            }

            @Override
            public boolean isBounded() {
                return source.isBounded();
            }
        };
    }

    @Override
    public void open(OpenContext openContext) {
        startNanos = System.nanoTime();
        seen = 0;
    }

    @Override
    public T map(T value) {
        seen++;
        long due = startNanos + (long) (seen / perSecond * 1e9);
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            LockSupport.parkNanos(ahead);
        }
        return value;
    }
}
