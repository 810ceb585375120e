package io.fleetlake.connectors.lake;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a replacing backfill ({@link LakeBackfill#publish()}) from inside the job, once every
 * subtask of every lake table's committer has committed the end of the input — so a job submitted
 * detached to a cluster (REST {@code /jars/:id/run}, {@code flink run -d}, MSF) publishes exactly
 * as a local run does, and {@code main} only builds and executes the job.
 *
 * <p>Chained behind each table's committer in the sink's post-commit topology (like the Glue
 * registrar): a committer commits the files of a bounded job's last checkpoint only after the end
 * of input, and what it emits then reaches a chained operator but not a separate downstream task.
 * The committer emits a {@link CommittableSummary} for each checkpoint after committing it; the one
 * of the end of input ({@link CommittableMessage#EOI}) tells that this subtask's files are all
 * committed. Each such subtask leaves a marker in the run's staging area ({@link
 * LakeBackfill#markCommitted}); the one that finds every table's markers complete publishes.
 *
 * <p>Restarts, restores and rescaling: the run, its staging folder and its markers outlive a
 * restore ({@link BackfillRunSource} keeps the run id in the source's checkpoint). A table's set of
 * markers counts only at one parallelism: when its committer starts again (restored at another
 * parallelism), its markers of other parallelisms are forgotten, since the restored subtasks may
 * have committables left; a table whose committer had finished before the savepoint is not run
 * again and keeps its complete set. After a failover the committers commit and emit their restored
 * end-of-input committables again, so the markers are written again and the publish is repeated;
 * {@link LakeBackfill#publish()} finishes an interrupted publish of the same run and does nothing
 * once the run is published. Two subtasks that complete the set at the same moment both publish the
 * same manifest, which is harmless: each step skips what is already done.
 */
public final class BackfillPublisher
        extends RichFlatMapFunction<CommittableMessage<FileSinkCommittable>, Void> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BackfillPublisher.class);

    private final LakeBackfill backfill;
    private final String table;
    private final List<String> tables;

    /**
     * @param backfill the run being written
     * @param table the table whose committer this follows
     * @param tables every table the job writes (the publish waits for all of them)
     */
    public BackfillPublisher(LakeBackfill backfill, String table, List<String> tables) {
        if (!tables.contains(table)) {
            throw new IllegalArgumentException(
                    "table " + table + " is not among the backfill's tables " + tables);
        }
        this.backfill = backfill;
        this.table = table;
        this.tables = new ArrayList<>(tables);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        backfill.forgetOtherParallelisms(
                table, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }

    @Override
    public void flatMap(CommittableMessage<FileSinkCommittable> message, Collector<Void> out)
            throws Exception {
        if (!(message instanceof CommittableSummary)
                || message.getCheckpointIdOrEOI() != CommittableMessage.EOI) {
            return;
        }
        if (backfill.isPublished()) {
            return;
        }
        CommittableSummary<FileSinkCommittable> summary =
                (CommittableSummary<FileSinkCommittable>) message;
        backfill.markCommitted(table, summary.getSubtaskId(), summary.getNumberOfSubtasks());
        if (backfill.allCommitted(tables)) {
            LOG.info(
                    "Every lake committer of backfill run {} has committed its input; publishing",
                    backfill.currentRun());
            LOG.info("Backfill of input {} published: {}", backfill.inputId(), backfill.publish());
        }
    }
}
