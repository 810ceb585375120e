package io.fleetlake.tools.bench;

import io.fleetlake.connectors.lake.HivePartitionBucketAssigner;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.decode.FahrenheitConversion;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.MessageOutput;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FileSystem;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The "limit" contender: what one thread can do with no Flink at all — decode with Jackson, route,
 * Fahrenheit, and write the same Parquet rows with the same writer and codec, one file per table
 * and partition.
 */
final class LimitLoop {
    private LimitLoop() {}

    static long run(BenchInput input, Path out, String codec) throws IOException {
        MessageNormalizer normalizer =
                new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS));
        FahrenheitConversion fahrenheit = new FahrenheitConversion();
        CompressionCodecName c = LakeSinkFactory.codecNamed(codec);
        Writers<Reading> readings = new Writers<>(out, LakeTables.READINGS_SCHEMA, c);
        Writers<Breadcrumb> breadcrumbs = new Writers<>(out, LakeTables.BREADCRUMBS_SCHEMA, c);
        Writers<DeadLetter> deadLetters = new Writers<>(out, LakeTables.DEAD_LETTER_SCHEMA, c);
        MessageOutput sink =
                new MessageOutput() {
                    @Override
                    public void reading(Reading r) {
                        readings.write(fahrenheit.map(r));
                    }

                    @Override
                    public void breadcrumb(Breadcrumb b) {
                        breadcrumbs.write(b);
                    }

                    @Override
                    public void deadLetter(DeadLetter d) {
                        deadLetters.write(d);
                    }
                };
        long now = System.currentTimeMillis();
        for (Path file : input.files) {
            String name = file.getFileName().toString();
            long line = 0;
            // Streamed from disk (the page cache after generation), as the Flink contenders read
            // it.
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String text;
                while ((text = in.readLine()) != null) {
                    line++;
                    normalizer.normalize(
                            RawMessage.fromFile(
                                    name + ":" + line,
                                    now,
                                    RawMessage.FORMAT_JSON,
                                    null,
                                    text.getBytes(StandardCharsets.UTF_8)),
                            sink);
                }
            }
        }
        return readings.close() + breadcrumbs.close() + deadLetters.close();
    }

    /** One open Parquet writer per partition of a table. */
    private static final class Writers<T> {
        private final Path root;
        private final LakeTableSchema<T> schema;
        private final BulkWriter.Factory<T> factory;
        private final HivePartitionBucketAssigner<T> assigner;
        private final Map<String, BulkWriter<T>> open = new HashMap<>();
        private final Map<String, org.apache.flink.core.fs.FSDataOutputStream> streams =
                new HashMap<>();

        Writers(Path root, LakeTableSchema<T> schema, CompressionCodecName codec) {
            this.root = root;
            this.schema = schema;
            this.factory = LakeSinkFactory.writerFactory(schema, codec);
            this.assigner = new HivePartitionBucketAssigner<>(schema);
        }

        void write(T record) {
            try {
                String bucket = assigner.getBucketId(record, null);
                BulkWriter<T> w = open.get(bucket);
                if (w == null) {
                    org.apache.flink.core.fs.Path p =
                            new org.apache.flink.core.fs.Path(
                                    root.resolve(schema.tableName())
                                            .resolve(bucket)
                                            .resolve("part-0.parquet")
                                            .toUri());
                    org.apache.flink.core.fs.FSDataOutputStream stream =
                            FileSystem.getLocalFileSystem()
                                    .create(p, FileSystem.WriteMode.OVERWRITE);
                    w = factory.create(stream);
                    open.put(bucket, w);
                    streams.put(bucket, stream);
                }
                w.addElement(record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long close() throws IOException {
            for (Map.Entry<String, BulkWriter<T>> e : open.entrySet()) {
                e.getValue().finish();
                // The Parquet writer leaves its stream open (FileSink closes it on commit): close
                // it here.
                streams.get(e.getKey()).close();
            }
            return open.size();
        }
    }
}
