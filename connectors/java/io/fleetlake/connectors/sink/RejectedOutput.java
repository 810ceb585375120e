package io.fleetlake.connectors.sink;

import java.io.Serializable;
import java.util.Collection;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Returns what a sink refused for good as an ordinary stream, with the checkpoint of the write that
 * refused it (the Timestream and Influx sinks use it). The sink is a committing sink whose
 * "committables" are its rejections: its writer hands them out in {@code prepareCommit}, which
 * Flink calls right after {@code flush(false)} in {@code prepareSnapshotPreBarrier} (and at end of
 * input), so the writer operator emits them <em>ahead of the barrier</em>. A failure before that
 * checkpoint completes restores the previous one, where the record is still buffered in the writer
 * state or still to be replayed by the source, and it is rejected again; with a transactional
 * downstream sink every rejection lands exactly once.
 *
 * <p>Why not a post-commit or pre-commit topology inside the sink: in Flink 1.20 a post-commit
 * topology emits when a checkpoint completes, which for the final checkpoint of a bounded input is
 * after the downstream operators saw end of input (the rejections were lost); a pre-commit topology
 * may not contain another Sink V2 (SinkTransformationTranslator throws a
 * ConcurrentModificationException). Attaching the writer operator directly with {@link
 * SinkWriterOperatorFactory}, as the translator itself does, keeps the rejections an ordinary
 * stream. Used with {@code sinkTo} instead, the rejections end at {@link NoCommit}.
 */
public final class RejectedOutput {
    private RejectedOutput() {}

    /** Turns one committable (a checkpoint's rejections) into the application's records. */
    @FunctionalInterface
    public interface Unpacker<C, OUT> extends Serializable {
        Iterable<OUT> unpack(C committable);
    }

    /**
     * Adds {@code sink}'s writer to {@code input} as operator {@code name}/{@code uid} and returns
     * its rejections, unpacked, as operator {@code name + ": " + what}/{@code uid + "-" +
     * what.replace(' ', '-')}.
     */
    public static <IN, C, S extends Sink<IN> & SupportsCommitter<C>, OUT>
            SingleOutputStreamOperator<OUT> attach(
                    DataStream<IN> input,
                    S sink,
                    SerializableSupplier<SimpleVersionedSerializer<C>> serializer,
                    String name,
                    String uid,
                    String what,
                    Unpacker<C, OUT> unpacker,
                    TypeInformation<OUT> type) {
        return input.transform(
                        name,
                        CommittableMessageTypeInfo.of(serializer),
                        new SinkWriterOperatorFactory<IN, C>(sink))
                .name(name)
                .uid(uid)
                .flatMap(new Unpack<>(unpacker))
                .returns(type)
                .name(name + ": " + what)
                .uid(uid + "-" + what.replace(' ', '-'));
    }

    /**
     * Nothing to commit: the records are written (or refused) already. Reached only when the sink
     * is used with {@code sinkTo}; the writer has logged and counted the rejections.
     */
    public static final class NoCommit<C> implements Committer<C> {
        @Override
        public void commit(Collection<CommitRequest<C>> requests) {
            // Every request succeeds as is (no signal = committed).
        }

        @Override
        public void close() {}
    }

    private static final class Unpack<C, OUT>
            implements FlatMapFunction<CommittableMessage<C>, OUT> {
        private static final long serialVersionUID = 1L;
        private final Unpacker<C, OUT> unpacker;

        Unpack(Unpacker<C, OUT> unpacker) {
            this.unpacker = unpacker;
        }

        @Override
        public void flatMap(CommittableMessage<C> message, Collector<OUT> out) {
            if (message instanceof CommittableWithLineage) {
                for (OUT o :
                        unpacker.unpack(((CommittableWithLineage<C>) message).getCommittable())) {
                    out.collect(o);
                }
            }
        }
    }
}
