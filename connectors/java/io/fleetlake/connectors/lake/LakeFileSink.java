package io.fleetlake.connectors.lake;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.common.SupportsConcurrentExecutionAttempts;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * A lake table's sink: Flink's {@link FileSink} unchanged (writer, compaction, committer and their
 * state are the FileSink's own, so savepoints of a plain FileSink stay compatible), plus — when a
 * {@link CommittedPartitionListener} is given — a post-commit topology that reports the partition
 * of every committed file.
 *
 * <p>Why the post-commit topology and not a pass-through operator that remembers partitions per
 * checkpoint: Flink's committer emits a committable downstream only after it has committed it, and
 * commits (and emits) restored committables again after a recovery. The listener thus sees a
 * partition exactly when its first file became visible, with no bookkeeping of checkpoint ids that
 * could drift from the committer's own.
 *
 * @param <IN> the record type
 */
public class LakeFileSink<IN>
        implements Sink<IN>,
                SupportsWriterState<IN, FileWriterBucketState>,
                SupportsWriterState.WithCompatibleState,
                SupportsCommitter<FileSinkCommittable>,
                SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable>,
                SupportsConcurrentExecutionAttempts {
    private static final long serialVersionUID = 1L;

    private final FileSink<IN> delegate;

    LakeFileSink(FileSink<IN> delegate) {
        this.delegate = delegate;
    }

    /**
     * A lake sink reporting committed partitions to {@code listener} and, for a replacing backfill,
     * publishing it when every table's committer is done ({@code publisher}); either may be null.
     */
    static <IN> LakeFileSink<IN> of(
            FileSink<IN> fileSink,
            LakeTableSchema<IN> table,
            CommittedPartitionListener listener,
            BackfillPublisher publisher) {
        return listener == null && publisher == null
                ? new LakeFileSink<>(fileSink)
                : new WithPostCommit<>(fileSink, table, listener, publisher);
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<IN> createWriter(InitContext context) throws IOException {
        return delegate.createWriter(context);
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        return delegate.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<IN, FileWriterBucketState> restoreWriter(
            WriterInitContext context, Collection<FileWriterBucketState> recoveredState)
            throws IOException {
        return delegate.restoreWriter(context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Collection<String> getCompatibleWriterStateNames() {
        return delegate.getCompatibleWriterStateNames();
    }

    @Override
    public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context)
            throws IOException {
        return delegate.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    @Override
    public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<FileSinkCommittable>> committables) {
        // The FileSink's compaction (when enabled) lives here.
        return delegate.addPreCommitTopology(committables);
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
        return delegate.getWriteResultSerializer();
    }

    /** The variant with a post-commit topology. */
    static final class WithPostCommit<IN> extends LakeFileSink<IN>
            implements SupportsPostCommitTopology<FileSinkCommittable> {
        private static final long serialVersionUID = 1L;

        private final LakeTableSchema<IN> table;
        private final CommittedPartitionListener listener;
        private final BackfillPublisher publisher;

        WithPostCommit(
                FileSink<IN> delegate,
                LakeTableSchema<IN> table,
                CommittedPartitionListener listener,
                BackfillPublisher publisher) {
            super(delegate);
            this.table = table;
            this.listener = listener;
            this.publisher = publisher;
        }

        @Override
        public void addPostCommitTopology(
                DataStream<CommittableMessage<FileSinkCommittable>> committed) {
            if (listener != null) {
                DataStream<String> partitions =
                        committed
                                .flatMap(new CommittedPartitions())
                                .returns(Types.STRING)
                                .name("lake: " + table.tableName() + " committed partitions")
                                .uid("lake-" + table.tableName() + "-committed-partitions");
                listener.attach(partitions, table);
            }
            if (publisher != null) {
                // Left at the committer's parallelism so it is chained to it (see
                // BackfillPublisher).
                committed
                        .flatMap(publisher)
                        .returns(Types.VOID)
                        .name("lake: " + table.tableName() + " backfill publisher")
                        .uid("lake-" + table.tableName() + "-backfill-publisher");
            }
        }
    }

    /** The bucket (Hive partition path) of each committed data file. */
    static final class CommittedPartitions
            implements FlatMapFunction<CommittableMessage<FileSinkCommittable>, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(
                CommittableMessage<FileSinkCommittable> message, Collector<String> out) {
            if (message instanceof CommittableWithLineage) {
                FileSinkCommittable c =
                        ((CommittableWithLineage<FileSinkCommittable>) message).getCommittable();
                // Clean-up committables (compacted-away inputs, abandoned in-progress files) add no
                // data.
                if (c.hasPendingFile() && c.getBucketId() != null) {
                    out.collect(c.getBucketId());
                }
            }
        }
    }
}
