package io.fleetlake.connectors.glue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a lake table's committed partitions in Glue. Its input comes from behind the table's
 * committer (see {@code LakeFileSink}), so a partition arrives only once its files are committed;
 * the committer re-emits what it re-commits after a restore, so nothing is missed.
 *
 * <p>State: only the partitions not yet registered (a catalog error keeps them here until a later
 * attempt succeeds; they survive restores and the end of a bounded job). The recently registered
 * partitions are a bounded in-memory cache, not state: Glue is the truth, and registering again
 * after a restore is harmless (AlreadyExists). When the table is dropped, or dropped and created
 * again by someone else (another creation time, checked at most once per {@code retry-interval}
 * while commits arrive, and when a bounded job finishes), the table is created again if missing and
 * every remembered partition is registered again, so the new table lists the partitions this
 * subtask committed (up to {@value #REMEMBERED}; beyond that, or for partitions committed before
 * the last restore and not since, {@code MSCK REPAIR TABLE}). Older snapshots'
 * registered-partitions union state is read once into the cache and not written any more. It runs
 * chained to each committer subtask (see {@code GlueCatalogFactory}); Glue calls then happen on the
 * committer's task thread, in a timer, bounded by the client's timeouts and retry count.
 *
 * <p>A catalog error never fails the job: it is logged, counted in {@code glueErrors}, and the
 * partitions are tried again with the next commit or after the retry interval. The table itself is
 * created (or its new columns added) on start, and again before the next attempt if that failed or
 * Glue reports the table missing.
 */
public final class GluePartitionRegistrar extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<String, Void>,
                BoundedOneInput,
                ProcessingTimeService.ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GluePartitionRegistrar.class);

    /**
     * Commits of several files (subtasks, tables' buckets) arrive together: wait this long to batch
     * them.
     */
    private static final long BATCH_DELAY_MS = 200;

    /**
     * Registered partitions remembered; older ones are simply registered again (AlreadyExists) if
     * seen.
     */
    static final int REMEMBERED = 20_000;

    /** Retries of the partitions still pending when a bounded job finishes. */
    static final int FINISH_ATTEMPTS = 3;

    private final GlueSettings settings;
    private final GlueTableDefinition table;

    private transient GlueCatalog catalog;
    private transient LinkedHashSet<String> pending;
    private transient LinkedHashSet<String> registered;
    private transient ListState<String> pendingState;
    private transient ListState<String> registeredState;
    private transient boolean tableReady;

    /** Creation time of the table the remembered partitions are in; null: not known yet. */
    private transient Instant tableCreated;

    private transient long nextTableCheck;
    private transient boolean finished;
    private transient long timerAt;
    private transient Counter partitionsRegistered;
    private transient Counter glueErrors;

    public GluePartitionRegistrar(GlueSettings settings, GlueTableDefinition table) {
        this.settings = settings;
        this.table = table;
        // Chained to the committer (see GlueCatalogFactory); a plain AbstractStreamOperator would
        // start a task.
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Union state: whatever the parallelism on restore, every instance sees every partition.
        pendingState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("pending-partitions", Types.STRING));
        registeredState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("registered-partitions", Types.STRING));
        pending = new LinkedHashSet<>();
        registered = new LinkedHashSet<>();
        for (String p : registeredState.get()) {
            registered.add(p);
        }
        for (String p : pendingState.get()) {
            if (!registered.contains(p)) {
                pending.add(p);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        partitionsRegistered = getMetricGroup().counter("gluePartitionsRegistered");
        glueErrors = getMetricGroup().counter("glueErrors");
        catalog = GlueCatalogFactory.catalog(settings);
        timerAt = Long.MIN_VALUE;
        // The table is created on start even before any data: Athena can see it at once.
        ensureTable();
        if (!pending.isEmpty()) {
            scheduleFlush(BATCH_DELAY_MS);
        }
    }

    @Override
    public void processElement(StreamRecord<String> element) {
        String partition = element.getValue();
        if (registered.contains(partition) || pending.contains(partition)) {
            long now = getProcessingTimeService().getCurrentProcessingTime();
            if (now >= nextTableCheck) {
                nextTableCheck = now + settings.retryInterval().toMillis();
                checkTableIdentity();
            }
            return;
        }
        try {
            table.partitionValues(partition);
        } catch (IllegalArgumentException e) {
            // Not a Hive partition of this table (cannot happen with the lake's bucket assigner):
            // count, skip.
            glueErrors.inc();
            LOG.warn("Not registering {}: {}", partition, e.getMessage());
            return;
        }
        if (pending.add(partition)) {
            if (finished) {
                // After finish() no timer fires any more; the committer's last commit can still
                // arrive here.
                flush();
            } else {
                scheduleFlush(BATCH_DELAY_MS);
            }
        }
    }

    @Override
    public void onProcessingTime(long time) {
        timerAt = Long.MIN_VALUE;
        flush();
    }

    @Override
    public void endInput() {
        // Nothing yet: the committer commits (and emits) the last files only when the final
        // checkpoint
        // completes, which is after the end of input reached this operator. finish() comes after
        // those.
    }

    @Override
    public void finish() throws Exception {
        // A bounded job: no timer fires after this, so register what is left now (and from now on
        // at once).
        finished = true;
        checkTableIdentity();
        flush();
        // No timer fires after this: retry here, a few times, before the job ends.
        for (int attempt = 1; !pending.isEmpty() && attempt <= FINISH_ATTEMPTS; attempt++) {
            Thread.sleep(settings.retryInterval().toMillis());
            flush();
        }
        if (!pending.isEmpty()) {
            // Still in the pending state of the final checkpoint/savepoint: a job resumed from it
            // registers them; otherwise MSCK REPAIR TABLE does.
            LOG.error(
                    "Job ends with {} partitions of {} not registered in Glue after {} attempts (kept in "
                            + "the operator state; or run MSCK REPAIR TABLE): {}",
                    pending.size(),
                    table.name(),
                    FINISH_ATTEMPTS + 1,
                    pending);
        }
        super.finish();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        pendingState.update(new ArrayList<>(pending));
        // Not state any more (see the class comment): p x REMEMBERED union entries read by every
        // subtask on restore.
        registeredState.clear();
    }

    private void scheduleFlush(long delayMs) {
        long at = getProcessingTimeService().getCurrentProcessingTime() + delayMs;
        if (timerAt != Long.MIN_VALUE && timerAt <= at) {
            return;
        }
        timerAt = at;
        getProcessingTimeService().registerTimer(at, this);
    }

    private boolean ensureTable() {
        if (tableReady) {
            return true;
        }
        try {
            catalog.ensureTable(table);
            tableCreated = catalog.tableCreateTime(table);
            tableReady = true;
        } catch (RuntimeException e) {
            glueErrors.inc();
            LOG.warn(
                    "Glue table {}.{} could not be created or updated; retrying in {}: {}",
                    settings.database(),
                    table.name(),
                    settings.retryInterval(),
                    e.toString());
        }
        return tableReady;
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        if (!ensureTable()) {
            scheduleFlush(settings.retryInterval().toMillis());
            return;
        }
        List<String> batch = new ArrayList<>(pending);
        GlueCatalog.Registration result = catalog.registerPartitions(table, batch);
        for (String p : result.registered) {
            pending.remove(p);
            remember(p);
            partitionsRegistered.inc();
        }
        if (!result.failed.isEmpty()) {
            glueErrors.inc(result.failed.size());
            Map.Entry<String, String> first = result.failed.entrySet().iterator().next();
            LOG.warn(
                    "{} partitions of {} not registered in Glue (retrying with the next commit or in {}); "
                            + "first: {} ({})",
                    result.failed.size(),
                    table.name(),
                    settings.retryInterval(),
                    first.getKey(),
                    first.getValue());
            if (result.tableMissing) {
                // Dropped: what we remember registered went with it.
                forgetTable();
            }
            scheduleFlush(settings.retryInterval().toMillis());
        }
        LOG.debug("Registered {} partitions of {} in Glue", result.registered.size(), table.name());
    }

    /**
     * Compares the table's creation time with the one the remembered partitions were registered in;
     * a missing or recreated table makes them pending again.
     */
    private void checkTableIdentity() {
        if (!tableReady || registered.isEmpty()) {
            return;
        }
        Instant now;
        try {
            now = catalog.tableCreateTime(table);
        } catch (RuntimeException e) {
            glueErrors.inc();
            LOG.warn("Glue table {} could not be read: {}", table.name(), e.toString());
            return;
        }
        if (now != null && now.equals(tableCreated)) {
            return;
        }
        LOG.warn(
                "Glue table {}.{} was {}: registering its {} known partitions again",
                settings.database(),
                table.name(),
                now == null ? "dropped" : "dropped and created again",
                registered.size());
        forgetTable();
        if (finished) {
            flush();
        } else {
            scheduleFlush(BATCH_DELAY_MS);
        }
    }

    private void forgetTable() {
        tableReady = false;
        tableCreated = null;
        pending.addAll(registered);
        registered.clear();
    }

    private void remember(String partition) {
        registered.add(partition);
        if (registered.size() > REMEMBERED) {
            Iterator<String> oldest = registered.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (catalog != null) {
                catalog.close();
            }
        } finally {
            super.close();
        }
    }
}
