package io.fleetlake.connectors.lake;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The options of the Parquet lake (property group {@code Lake}, together with the S3 options of
 * {@code io.fleetlake.connectors.s3.S3Options}), read by {@link LakeSinkFactory#fromConfiguration}.
 * The declaration order is the configuration reference's.
 */
public final class LakeOptions {
    private LakeOptions() {}

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .defaultValue("./lake")
                    .withDescription(
                            "Lake root: a local directory, file:///..., or s3://bucket/prefix.");
    public static final ConfigOption<CompressionCodecName> CODEC =
            ConfigOptions.key("codec")
                    .enumType(CompressionCodecName.class)
                    .defaultValue(CompressionCodecName.SNAPPY)
                    .withDescription("Parquet compression: SNAPPY, ZSTD, GZIP or UNCOMPRESSED.");
    public static final ConfigOption<Boolean> COMPACTION =
            ConfigOptions.key("compaction")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Merge each partition's small checkpoint files (FileSink compaction). New data then "
                                    + "becomes visible when its files are merged, at most compaction-interval later.");
    public static final ConfigOption<MemorySize> COMPACTION_TARGET_SIZE =
            ConfigOptions.key("compaction-target-size")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(128))
                    .withDescription(
                            "A partition's pending files are merged as soon as they add up to this.");
    public static final ConfigOption<Duration> COMPACTION_INTERVAL =
            ConfigOptions.key("compaction-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "At the latest, pending files are merged this often (rounded up to whole checkpoint "
                                    + "intervals): the longest extra delay before new rows are visible.");
    public static final ConfigOption<Integer> MAX_OPEN_FILES =
            ConfigOptions.key("max-open-files")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Most Parquet files one subtask keeps open per table between checkpoints: beyond it the "
                                    + "least recently written are closed (and committed at the next checkpoint) within "
                                    + "a second. Bounds the heap of a backfill whose input is not in time order; input "
                                    + "in time order never reaches it.");
}
