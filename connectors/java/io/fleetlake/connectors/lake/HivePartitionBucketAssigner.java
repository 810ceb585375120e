package io.fleetlake.connectors.lake;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Places each record in the Hive partition of its own event time, UTC: {@code
 * year=YYYY/month=MM/day=DD/hour=HH}. Unlike Flink's {@code DateTimeBucketAssigner} (processing
 * time) a late or replayed record lands in the hour it happened, so a backfill fills the same
 * partitions as the live stream did.
 *
 * @param <T> the record type
 */
public final class HivePartitionBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private static final long HOUR_MS = 3_600_000L;

    private final LakeTableSchema<T> schema;
    // One-entry cache: consecutive records are almost always in the same hour.
    private transient long cachedHour = Long.MIN_VALUE;
    private transient String cachedBucket;

    public HivePartitionBucketAssigner(LakeTableSchema<T> schema) {
        this.schema = schema;
    }

    @Override
    public String getBucketId(T element, Context context) {
        long hour = Math.floorDiv(schema.partitionTimeOf(element), HOUR_MS);
        if (hour != cachedHour || cachedBucket == null) {
            cachedBucket = partitionPath(hour * HOUR_MS);
            cachedHour = hour;
        }
        return cachedBucket;
    }

    /**
     * The partition path for an epoch-millisecond time, e.g. {@code
     * year=2024/month=03/day=09/hour=07}.
     */
    public static String partitionPath(long epochMillis) {
        java.time.LocalDateTime t =
                java.time.LocalDateTime.ofEpochSecond(
                        Math.floorDiv(epochMillis, 1000L), 0, java.time.ZoneOffset.UTC);
        return String.format(
                java.util.Locale.ROOT,
                "year=%04d/month=%02d/day=%02d/hour=%02d",
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour());
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "HivePartitionBucketAssigner{" + schema.tableName() + "}";
    }
}
