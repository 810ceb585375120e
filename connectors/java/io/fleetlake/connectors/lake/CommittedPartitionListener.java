package io.fleetlake.connectors.lake;

import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Consumes the partitions of a lake table whose files have just been committed (made visible).
 * Attached by {@link LakeFileSink} behind the sink's committer, so nothing reaches it before the
 * checkpoint that commits the files has completed and the committer has committed them; after a
 * restore the committer commits and emits the restored files again, so a listener sees every
 * committed partition at least once and must be idempotent.
 */
public interface CommittedPartitionListener extends Serializable {
    /**
     * Adds the operators that consume {@code committedPartitions}.
     *
     * @param committedPartitions Hive partition paths relative to the table folder, e.g. {@code
     *     year=2024/month=04/day=18/hour=09}; one per committed file, so repeats are normal
     * @param table the table the files belong to
     */
    void attach(DataStream<String> committedPartitions, LakeTableSchema<?> table);
}
