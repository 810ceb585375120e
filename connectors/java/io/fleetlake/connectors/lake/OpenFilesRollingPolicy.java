package io.fleetlake.connectors.lake;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Rolls every part file on checkpoint (what makes a bulk format's commit exactly-once) and, in
 * between, keeps at most {@code maxOpenFiles} part files open per sink subtask: when more are open,
 * the least recently written ones are rolled at the next bucket inspection (FileSink's
 * processing-time check, every bucket-check interval).
 *
 * <p>Why: each open Parquet part file holds a writer with its column buffers and all its pages
 * since the last checkpoint in memory. Input in event-time order touches a few hour partitions per
 * checkpoint; a backfill of input in random order touches every partition of its range in every
 * checkpoint, so without a cap a subtask holds one writer per hour of history per table (500 hours,
 * several tables: thousands of writers) and the heap runs out. A rolled file is pending like a file
 * rolled on checkpoint and is committed by the next checkpoint: the guarantee is unchanged, the
 * cost is more, smaller files for partitions written rarely.
 *
 * <p>FileSink gives one policy instance to all buckets of a subtask's writer, and calls it from the
 * task thread only, which is what lets it count the subtask's open files. It sees a part file from
 * its second record on (the bucket opens a file for the first without asking): a file with a single
 * record is at most one record's memory.
 *
 * @param <IN> the record type
 * @param <B> the bucket id type
 */
public final class OpenFilesRollingPolicy<IN, B> extends CheckpointRollingPolicy<IN, B> {
    private static final long serialVersionUID = 1L;

    private final int maxOpenFiles;

    /** Open part files, least recently written first. */
    private transient LinkedHashMap<PartFileInfo<B>, Boolean> open;

    /** The files to roll in the inspection running at {@link #sweepAt}. */
    private transient Set<PartFileInfo<B>> victims;

    private transient long sweepAt = Long.MIN_VALUE;

    public OpenFilesRollingPolicy(int maxOpenFiles) {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException(
                    "max open files must be at least 1, got " + maxOpenFiles);
        }
        this.maxOpenFiles = maxOpenFiles;
    }

    public int maxOpenFiles() {
        return maxOpenFiles;
    }

    private Map<PartFileInfo<B>, Boolean> open() {
        if (open == null) {
            // Access order: a write moves the file to the end. Part files have identity equality.
            open = new LinkedHashMap<>(64, 0.75f, true);
            victims = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        return open;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<B> partFile, IN element) {
        open().put(partFile, Boolean.TRUE);
        return false;
    }

    @Override
    public boolean shouldRollOnCheckpoint(PartFileInfo<B> partFile) {
        open().remove(partFile);
        victims.remove(partFile);
        return true;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<B> partFile, long currentTime) {
        Map<PartFileInfo<B>, Boolean> files = open();
        if (!files.containsKey(partFile)) {
            // Opened for one record and not written since: rolled when the cap is reached (it is
            // as cold as the coldest), else counted from now on.
            if (files.size() >= maxOpenFiles) {
                return true;
            }
            files.put(partFile, Boolean.TRUE);
            return false;
        }
        if (currentTime != sweepAt) {
            // One inspection calls this for every bucket with the same time: choose its victims
            // once, the least recently written beyond the cap.
            sweepAt = currentTime;
            victims.clear();
            int excess = files.size() - maxOpenFiles;
            Iterator<PartFileInfo<B>> eldest = files.keySet().iterator();
            while (excess-- > 0 && eldest.hasNext()) {
                victims.add(eldest.next());
            }
        }
        if (victims.remove(partFile)) {
            files.remove(partFile);
            return true;
        }
        return false;
    }

    /** How many part files this subtask has open (as far as the policy has seen them). */
    int openFiles() {
        return open().size();
    }

    @Override
    public String toString() {
        return "OpenFilesRollingPolicy{maxOpenFiles=" + maxOpenFiles + "}";
    }
}
