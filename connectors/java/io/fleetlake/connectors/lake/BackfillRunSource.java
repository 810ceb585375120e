package io.fleetlake.connectors.lake;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * The source of a replacing backfill: any bounded {@link Source} (Flink's FileSource) whose split
 * enumerator also owns the backfill run ({@link LakeBackfill}). The enumerator is the one place
 * that knows whether the job starts fresh ({@link #createEnumerator}: a new run that empties the
 * input's staging folder) or restored ({@link #restoreEnumerator}: the run id is in its checkpoint,
 * the staged files stay), and it decides before it hands out the first split, so before any file is
 * written. It renews the run's lease every {@link LakeBackfill#LEASE_RENEWAL} and fails the job if
 * another run took the input over.
 *
 * <p>Readers and splits are the wrapped source's own (their state is unchanged); the enumerator's
 * checkpoint is the wrapped one plus the run id ({@link BackfillRunCheckpointSerializer}).
 *
 * @param <T> the record type
 * @param <SplitT> the wrapped source's split type
 * @param <EnumChkT> the wrapped source's enumerator checkpoint type
 */
public final class BackfillRunSource<T, SplitT extends SourceSplit, EnumChkT>
        implements Source<T, SplitT, BackfillRunCheckpoint<EnumChkT>> {
    private static final long serialVersionUID = 1L;

    private final Source<T, SplitT, EnumChkT> delegate;
    private final LakeBackfill backfill;

    /**
     * The run this job's enumerator started, kept while the JobManager keeps this source instance:
     * a failover before the first checkpoint creates the enumerator afresh, and must not take its
     * own lease for another run's.
     */
    private transient String startedRun;

    /**
     * @param delegate a bounded source
     * @param backfill the backfill the job's lake sinks stage into
     */
    public BackfillRunSource(Source<T, SplitT, EnumChkT> delegate, LakeBackfill backfill) {
        if (delegate.getBoundedness() != Boundedness.BOUNDED) {
            throw new IllegalArgumentException("a replacing backfill reads a bounded source");
        }
        this.delegate = delegate;
        this.backfill = backfill;
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
        return delegate.createReader(context);
    }

    @Override
    public SplitEnumerator<SplitT, BackfillRunCheckpoint<EnumChkT>> createEnumerator(
            SplitEnumeratorContext<SplitT> context) throws Exception {
        String run = backfill.begin(startedRun);
        startedRun = run;
        return new RunEnumerator<>(delegate.createEnumerator(context), context, backfill, run);
    }

    @Override
    public SplitEnumerator<SplitT, BackfillRunCheckpoint<EnumChkT>> restoreEnumerator(
            SplitEnumeratorContext<SplitT> context, BackfillRunCheckpoint<EnumChkT> checkpoint)
            throws Exception {
        backfill.resume(checkpoint.runId());
        startedRun = checkpoint.runId();
        return new RunEnumerator<>(
                delegate.restoreEnumerator(context, checkpoint.enumeratorState()),
                context,
                backfill,
                checkpoint.runId());
    }

    @Override
    public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<BackfillRunCheckpoint<EnumChkT>>
            getEnumeratorCheckpointSerializer() {
        return new BackfillRunCheckpointSerializer<>(delegate.getEnumeratorCheckpointSerializer());
    }

    /** The wrapped enumerator, with the run id in its checkpoints and the lease renewed. */
    private static final class RunEnumerator<SplitT extends SourceSplit, EnumChkT>
            implements SplitEnumerator<SplitT, BackfillRunCheckpoint<EnumChkT>> {
        private final SplitEnumerator<SplitT, EnumChkT> delegate;
        private final SplitEnumeratorContext<SplitT> context;
        private final LakeBackfill backfill;
        private final String run;

        RunEnumerator(
                SplitEnumerator<SplitT, EnumChkT> delegate,
                SplitEnumeratorContext<SplitT> context,
                LakeBackfill backfill,
                String run) {
            this.delegate = delegate;
            this.context = context;
            this.backfill = backfill;
            this.run = run;
        }

        @Override
        public void start() {
            long period = LakeBackfill.LEASE_RENEWAL.toMillis();
            context.callAsync(
                    () -> {
                        if (!backfill.isPublished()) {
                            backfill.renew(run);
                        }
                        return null;
                    },
                    (ignored, error) -> {
                        if (error != null) {
                            // Fails the job: its staging folder may be another run's now.
                            throw new FlinkRuntimeException(
                                    "Backfill run " + run + " could not renew its lease", error);
                        }
                    },
                    period,
                    period);
            delegate.start();
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            delegate.handleSplitRequest(subtaskId, requesterHostname);
        }

        @Override
        public void addSplitsBack(List<SplitT> splits, int subtaskId) {
            delegate.addSplitsBack(splits, subtaskId);
        }

        @Override
        public void addReader(int subtaskId) {
            delegate.addReader(subtaskId);
        }

        @Override
        public BackfillRunCheckpoint<EnumChkT> snapshotState(long checkpointId) throws Exception {
            return new BackfillRunCheckpoint<>(run, delegate.snapshotState(checkpointId));
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            delegate.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            delegate.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
            delegate.handleSourceEvent(subtaskId, sourceEvent);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
