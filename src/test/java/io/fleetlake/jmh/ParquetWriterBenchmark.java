package io.fleetlake.jmh;

import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.MessageOutput;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.simulator.FleetSimulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lake's Parquet row writer: readings (maps included) through {@code LakeRecordWriteSupport}
 * into an in-memory stream, with the lake's codec. Run: {@code ./fleetlake jmh ParquetWriter}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ParquetWriterBenchmark {
    @Param({"SNAPPY", "UNCOMPRESSED"})
    public String codec;

    private Reading[] readings;
    private BulkWriter<Reading> writer;
    private CountingStream out;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        FleetSimulator sim = new FleetSimulator(1, 1_767_225_600_000L, 20, 600, 300, 0.0);
        MessageNormalizer normalizer =
                new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS));
        List<Reading> list = new ArrayList<>();
        MessageOutput collect =
                new MessageOutput() {
                    @Override
                    public void reading(Reading reading) {
                        list.add(reading);
                    }

                    @Override
                    public void breadcrumb(Breadcrumb breadcrumb) {}

                    @Override
                    public void deadLetter(DeadLetter deadLetter) {}
                };
        for (int i = 0; list.size() < 10_000; i++) {
            normalizer.normalize(sim.event(i), collect);
        }
        readings = list.toArray(new Reading[0]);
        out = new CountingStream();
        writer =
                LakeSinkFactory.writerFactory(
                                LakeTables.READINGS_SCHEMA, CompressionCodecName.valueOf(codec))
                        .create(out);
    }

    /** One reading appended to an open Parquet file; operations/s = rows/s on one core. */
    @Benchmark
    public void writeOneReading() throws IOException {
        writer.addElement(readings[next]);
        next = next + 1 == readings.length ? 0 : next + 1;
    }

    @TearDown(Level.Trial)
    public void finish() throws IOException {
        writer.finish();
        System.out.printf("%n%s: %,d bytes written%n", codec, out.getPos());
    }

    /** Discards bytes, counting them (the benchmark measures encoding, not disk). */
    static final class CountingStream extends FSDataOutputStream {
        private long pos;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void write(int b) {
            pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pos += len;
        }

        @Override
        public void flush() {}

        @Override
        public void sync() {}

        @Override
        public void close() {}
    }
}
