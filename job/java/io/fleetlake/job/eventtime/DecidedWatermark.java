package io.fleetlake.job.eventtime;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * The highest watermark an event-time operator has acted on, kept in operator state so that what it
 * decided stays decided across restores.
 *
 * <p>After a restore, Flink starts every operator's watermark at {@code Long.MIN_VALUE} until the
 * first watermark arrives from upstream, so input behind the windows or episodes that were already
 * closed before the snapshot would look on time and re-open them. This floor is snapshotted as
 * union list state: every subtask restores the maximum over all old subtasks, which is the same
 * value at any parallelism (with aligned checkpoints every subtask has seen the same watermarks
 * before the barrier), and input at or behind it is late.
 */
public final class DecidedWatermark implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient ListState<Long> state;
    private long decided = Long.MIN_VALUE;

    /** Registers (or restores) the union list state {@code name}. */
    public void initialize(FunctionInitializationContext context, String name) throws Exception {
        state =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>(name, Types.LONG));
        decided = Long.MIN_VALUE;
        if (context.isRestored()) {
            for (Long w : state.get()) {
                if (w != null && w > decided) {
                    decided = w;
                }
            }
        }
    }

    /** Writes the floor into the snapshot. */
    public void snapshot() throws Exception {
        state.update(List.of(decided));
    }

    /** Raises the floor to {@code watermark} (the operator's current one) and returns the floor. */
    public long advance(long watermark) {
        if (watermark > decided) {
            decided = watermark;
        }
        return decided;
    }

    /** The floor: every event time at or before it has been decided. */
    public long get() {
        return decided;
    }
}
