package io.fleetlake.connectors.lake;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Builds the lake's sinks: one Flink {@link FileSink} per table writing Parquet bulk files under
 * {@code <root>/<table>/year=/month=/day=/hour=/part-….parquet}. Files become visible only when the
 * checkpoint that closes them completes (two-phase commit), so a reader never sees a partial file
 * and a restart never duplicates a committed one. Works on any Flink file system: local disk,
 * {@code s3://} with flink-s3-fs-hadoop.
 */
public final class LakeSinkFactory {

    /** Suffix of every data file; nothing else in a table folder ends with it. */
    public static final String FILE_SUFFIX = ".parquet";

    /** Prefix of every data file. */
    public static final String FILE_PREFIX = "part";

    /** How often FileSink asks the rolling policy about every open file (its default: 60 s). */
    static final long BUCKET_CHECK_INTERVAL_MS = 1_000;

    private final String lakeRoot;
    private final CompressionCodecName codec;
    private String partPrefix = FILE_PREFIX;
    private long compactionTargetBytes;
    private int checkpointsPerCompaction;
    private int maxOpenFiles = LakeOptions.MAX_OPEN_FILES.defaultValue();
    private CommittedPartitionListener partitionListener;
    private LakeBackfill backfill;
    private java.util.List<String> backfillTables;

    /**
     * @param lakeRoot lake root URI or path ({@code /data/lake}, {@code file:///data/lake}, {@code
     *     s3://bucket/prefix})
     * @param codec Parquet compression codec name (SNAPPY, ZSTD, GZIP, UNCOMPRESSED)
     */
    public LakeSinkFactory(String lakeRoot, String codec) {
        this(lakeRoot, codecNamed(codec));
    }

    /**
     * @param lakeRoot lake root URI or path ({@code /data/lake}, {@code file:///data/lake}, {@code
     *     s3://bucket/prefix})
     * @param codec Parquet compression codec
     */
    public LakeSinkFactory(String lakeRoot, CompressionCodecName codec) {
        this.lakeRoot = stripTrailingSlash(lakeRoot);
        this.codec = java.util.Objects.requireNonNull(codec, "codec");
    }

    /** The lake's root, {@code path} of the {@link LakeOptions} in {@code config}. */
    public static String lakePath(ReadableConfig config) {
        return config.get(LakeOptions.PATH);
    }

    /** The Parquet compression codec of the files this factory's sinks write. */
    public CompressionCodecName codec() {
        return codec;
    }

    /**
     * The factory the {@link LakeOptions} in {@code config} describe: codec and compaction.
     *
     * @param root where to write: the lake's {@code path}, or a backfill's staging area under it
     * @param checkpointInterval the job's checkpoint interval (compaction runs every whole number
     *     of them)
     */
    public static LakeSinkFactory fromConfiguration(
            ReadableConfig config, String root, Duration checkpointInterval) {
        LakeSinkFactory lake = new LakeSinkFactory(root, config.get(LakeOptions.CODEC));
        lake.withMaxOpenFiles(config.get(LakeOptions.MAX_OPEN_FILES));
        if (config.get(LakeOptions.COMPACTION)) {
            Duration interval = config.get(LakeOptions.COMPACTION_INTERVAL);
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException(
                        "'"
                                + LakeOptions.COMPACTION_INTERVAL.key()
                                + "' must be positive, got "
                                + interval);
            }
            long target = config.get(LakeOptions.COMPACTION_TARGET_SIZE).getBytes();
            if (target <= 0) {
                throw new IllegalArgumentException(
                        "'" + LakeOptions.COMPACTION_TARGET_SIZE.key() + "' must be positive");
            }
            int checkpoints =
                    (int)
                            Math.max(
                                    1,
                                    -Math.floorDiv(
                                            -interval.toMillis(),
                                            Math.max(1, checkpointInterval.toMillis())));
            lake.withCompaction(target, checkpoints);
        }
        return lake;
    }

    /**
     * Merges each partition's small checkpoint files with FileSink's own compaction: a partition's
     * new files are merged into one once they add up to {@code targetBytes}, or at the latest every
     * {@code checkpointsPerCompaction} checkpoints. Until then they stay hidden ({@code
     * .part-...}), so they add that much latency to the data's visibility. Compacted files are
     * named {@code compacted-part-....parquet}.
     */
    public LakeSinkFactory withCompaction(long targetBytes, int checkpointsPerCompaction) {
        if (targetBytes <= 0 || checkpointsPerCompaction <= 0) {
            throw new IllegalArgumentException(
                    "compaction needs a positive target size and checkpoint count");
        }
        this.compactionTargetBytes = targetBytes;
        this.checkpointsPerCompaction = checkpointsPerCompaction;
        return this;
    }

    /**
     * Keeps at most {@code maxOpenFiles} part files open per table and subtask between checkpoints
     * ({@link OpenFilesRollingPolicy}); 0: no cap (files roll on checkpoint only).
     */
    public LakeSinkFactory withMaxOpenFiles(int maxOpenFiles) {
        if (maxOpenFiles < 0) {
            throw new IllegalArgumentException(
                    "'"
                            + LakeOptions.MAX_OPEN_FILES.key()
                            + "' must be 0 (no cap) or positive, got "
                            + maxOpenFiles);
        }
        this.maxOpenFiles = maxOpenFiles;
        return this;
    }

    /**
     * Reports every partition whose files were committed to {@code listener} (e.g. the Glue
     * catalog).
     */
    public LakeSinkFactory withPartitionListener(CommittedPartitionListener listener) {
        this.partitionListener = listener;
        return this;
    }

    /**
     * Makes the sinks publish {@code backfill} from inside the job once the committers of all of
     * {@code tables} (every table the job writes; each must be {@link #create created}) have
     * committed the end of the input. The factory's root must be the backfill's {@linkplain
     * LakeBackfill#stagingRoot() staging root}. Turns compaction off.
     */
    public LakeSinkFactory withBackfill(LakeBackfill backfill, java.util.List<String> tables) {
        if (!lakeRoot.equals(stripTrailingSlash(backfill.stagingRoot()))) {
            throw new IllegalArgumentException(
                    "a backfill's sinks write to its staging root "
                            + backfill.stagingRoot()
                            + ", not "
                            + lakeRoot);
        }
        this.backfill = backfill;
        this.backfillTables = java.util.List.copyOf(tables);
        // No compaction for a backfill: FileSink's compactor forwards no end-of-input summary for a
        // table with
        // nothing left to compact at the end, so that table's committer would never tell
        // BackfillPublisher it is
        // done. A backfill's files are written once, one per checkpoint, partition and subtask, and
        // published together.
        this.checkpointsPerCompaction = 0;
        return withPartPrefix(backfill.partPrefix());
    }

    /**
     * Data file name prefix instead of {@value #FILE_PREFIX} (a backfill marks its files with it).
     */
    public LakeSinkFactory withPartPrefix(String prefix) {
        if (prefix == null
                || prefix.isEmpty()
                || prefix.startsWith(".")
                || prefix.startsWith("_")
                || prefix.contains("/")) {
            throw new IllegalArgumentException("bad part prefix '" + prefix + "'");
        }
        this.partPrefix = prefix;
        return this;
    }

    /** The lake root this factory writes under. */
    public String lakeRoot() {
        return lakeRoot;
    }

    /** The folder of a table. */
    public Path tablePath(String tableName) {
        return new Path(lakeRoot + "/" + tableName);
    }

    /**
     * The sink of one table: a FileSink, with compaction and a partition listener when configured.
     */
    public <T> LakeFileSink<T> create(LakeTableSchema<T> schema) {
        FileSink.DefaultBulkFormatBuilder<T> builder =
                FileSink.forBulkFormat(tablePath(schema.tableName()), writerFactory(schema, codec));
        builder.withBucketAssigner(new HivePartitionBucketAssigner<>(schema))
                // Bulk formats must roll on checkpoint: that is what makes the commit
                // exactly-once. The cap on open files rolls more in between, at the bucket
                // inspections (every second).
                .withRollingPolicy(
                        maxOpenFiles > 0
                                ? new OpenFilesRollingPolicy<>(maxOpenFiles)
                                : OnCheckpointRollingPolicy.build())
                .withBucketCheckInterval(BUCKET_CHECK_INTERVAL_MS)
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix(partPrefix)
                                .withPartSuffix(FILE_SUFFIX)
                                .build());
        if (checkpointsPerCompaction > 0) {
            builder.enableCompact(
                    FileCompactStrategy.Builder.newBuilder()
                            .setSizeThreshold(compactionTargetBytes)
                            .enableCompactionOnCheckpoint(checkpointsPerCompaction)
                            .build(),
                    new ParquetFileCompactor(schema, codec));
        }
        BackfillPublisher publisher =
                backfill == null
                        ? null
                        : new BackfillPublisher(backfill, schema.tableName(), backfillTables);
        return LakeFileSink.of(builder.build(), schema, partitionListener, publisher);
    }

    /**
     * The Parquet writer factory for a table: the same writer the sink uses, for benchmarks and
     * tools. The file is started at the first record, not when the factory opens the stream:
     * FileSink's compaction opens the compacting file through this factory too and then writes the
     * merged Parquet file into the raw stream itself ({@link ParquetFileCompactor}), which must not
     * get a second header and an empty footer around it.
     */
    public static <T> BulkWriter.Factory<T> writerFactory(
            LakeTableSchema<T> schema, CompressionCodecName codec) {
        return new LazyParquetWriterFactory<>(schema, codec);
    }

    /** Opens the Parquet writer on the first element. */
    private static final class LazyParquetWriterFactory<T> implements BulkWriter.Factory<T> {
        private static final long serialVersionUID = 1L;
        private final LakeTableSchema<T> schema;
        private final CompressionCodecName codec;

        LazyParquetWriterFactory(LakeTableSchema<T> schema, CompressionCodecName codec) {
            this.schema = schema;
            this.codec = codec;
        }

        @Override
        public BulkWriter<T> create(FSDataOutputStream out) {
            return new BulkWriter<T>() {
                private ParquetWriter<T> writer;

                @Override
                public void addElement(T element) throws IOException {
                    if (writer == null) {
                        RecordParquetWriterBuilder<T> b =
                                new RecordParquetWriterBuilder<>(new StreamOutputFile(out), schema)
                                        .withCompressionCodec(codec)
                                        .withConf(parquetConfiguration());
                        for (String column : schema.plainEncodedColumns()) {
                            b = b.withDictionaryEncoding(column, false);
                        }
                        writer = b.build();
                    }
                    writer.write(element);
                }

                @Override
                public void flush() {
                    // Parquet buffers a row group in memory; there is nothing meaningful to flush
                    // mid-file.
                }

                @Override
                public void finish() throws IOException {
                    if (writer != null) {
                        writer.close();
                    }
                }
            };
        }
    }

    /** The codec of that name, or an error naming the allowed values. */
    public static CompressionCodecName codecNamed(String codec) {
        try {
            return CompressionCodecName.valueOf(codec.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown Parquet codec '"
                            + codec
                            + "'; use one of "
                            + java.util.Arrays.toString(CompressionCodecName.values()),
                    e);
        }
    }

    private static Configuration parquetConfiguration() {
        // Don't read Hadoop's XML defaults from the classpath: nothing in them applies to writing a
        // stream.
        return new Configuration(false);
    }

    private static String stripTrailingSlash(String s) {
        String t = s.trim();
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /** Parquet's builder bound to our write support. */
    private static final class RecordParquetWriterBuilder<T>
            extends ParquetWriter.Builder<T, RecordParquetWriterBuilder<T>> {
        private final LakeTableSchema<T> schema;

        RecordParquetWriterBuilder(OutputFile out, LakeTableSchema<T> schema) {
            super(out);
            this.schema = schema;
        }

        @Override
        protected RecordParquetWriterBuilder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new LakeRecordWriteSupport<>(schema);
        }
    }

    @Override
    public String toString() {
        return "LakeSinkFactory{" + lakeRoot + ", " + codec + "}";
    }
}
