package io.fleetlake.connectors.lake;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Builds the lake's sinks: one Flink {@link FileSink} per table writing Parquet bulk files under
 * {@code <root>/<table>/year=/month=/day=/hour=/part-….parquet}. Files become visible only when the checkpoint
 * that closes them completes (two-phase commit), so a reader never sees a partial file and a restart never
 * duplicates a committed one. Works on any Flink file system: local disk, {@code s3://} with flink-s3-fs-hadoop.
 */
public final class LakeSinkFactory {

    /** Suffix of every data file; nothing else in a table folder ends with it. */
    public static final String FILE_SUFFIX = ".parquet";
    /** Prefix of every data file. */
    public static final String FILE_PREFIX = "part";

    private final String lakeRoot;
    private final CompressionCodecName codec;

    /**
     * @param lakeRoot lake root URI or path ({@code /data/lake}, {@code file:///data/lake}, {@code s3://bucket/prefix})
     * @param codec Parquet compression codec name (SNAPPY, ZSTD, GZIP, UNCOMPRESSED)
     */
    public LakeSinkFactory(String lakeRoot, String codec) {
        this.lakeRoot = stripTrailingSlash(lakeRoot);
        this.codec = codecNamed(codec);
    }

    /** The folder of a table. */
    public Path tablePath(String tableName) {
        return new Path(lakeRoot + "/" + tableName);
    }

    /** A file sink for one table. */
    public <T> FileSink<T> create(LakeTableSchema<T> schema) {
        return FileSink.forBulkFormat(tablePath(schema.tableName()), writerFactory(schema, codec))
                .withBucketAssigner(new HivePartitionBucketAssigner<>(schema))
                // Bulk formats can only roll on checkpoint: that is what makes the commit exactly-once.
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(FILE_PREFIX)
                        .withPartSuffix(FILE_SUFFIX)
                        .build())
                .build();
    }

    /** The Parquet writer factory for a table: the same writer the sink uses, for benchmarks and tools. */
    public static <T> ParquetWriterFactory<T> writerFactory(LakeTableSchema<T> schema, CompressionCodecName codec) {
        ParquetBuilder<T> builder = out -> {
            RecordParquetWriterBuilder<T> b = new RecordParquetWriterBuilder<>(out, schema)
                    .withCompressionCodec(codec)
                    .withConf(parquetConfiguration());
            for (String column : schema.plainEncodedColumns()) {
                b = b.withDictionaryEncoding(column, false);
            }
            return b.build();
        };
        return new ParquetWriterFactory<>(builder);
    }

    /** The codec of that name, or an error naming the allowed values. */
    public static CompressionCodecName codecNamed(String codec) {
        try {
            return CompressionCodecName.valueOf(codec.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown Parquet codec '" + codec + "'; use one of "
                    + java.util.Arrays.toString(CompressionCodecName.values()), e);
        }
    }

    private static Configuration parquetConfiguration() {
        // Don't read Hadoop's XML defaults from the classpath: nothing in them applies to writing a stream.
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
