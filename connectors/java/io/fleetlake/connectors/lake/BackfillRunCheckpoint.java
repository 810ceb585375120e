package io.fleetlake.connectors.lake;

import java.util.Objects;

/**
 * The checkpoint of a {@link BackfillRunSource}'s enumerator: the backfill run it continues and the
 * wrapped enumerator's own checkpoint.
 *
 * @param <EnumChkT> the wrapped enumerator's checkpoint type
 */
public final class BackfillRunCheckpoint<EnumChkT> {
    private final String runId;
    private final EnumChkT enumeratorState;

    public BackfillRunCheckpoint(String runId, EnumChkT enumeratorState) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.enumeratorState = enumeratorState;
    }

    /** The backfill run ({@link LakeBackfill#begin}) the job writes. */
    public String runId() {
        return runId;
    }

    /** The wrapped enumerator's checkpoint. */
    public EnumChkT enumeratorState() {
        return enumeratorState;
    }

    @Override
    public String toString() {
        return "BackfillRunCheckpoint{run=" + runId + ", " + enumeratorState + "}";
    }
}
