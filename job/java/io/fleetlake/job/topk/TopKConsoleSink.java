package io.fleetlake.job.topk;

import io.fleetlake.job.console.ConsoleLines;
import java.io.PrintStream;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints the top rows of each closed TOP-K window (local runs), e.g. {@code topk speeders [10:00,
 * 10:01) #1 …}, at most {@link #LINES_PER_INTERVAL} lines every {@link #INTERVAL_MILLIS} ms (a
 * backfill closes hundreds of windows a second); the others are counted in a summary line.
 */
public class TopKConsoleSink implements Sink<TopKRow> {
    private static final long serialVersionUID = 1L;

    static final int LINES_PER_INTERVAL = 30;
    static final long INTERVAL_MILLIS = 5_000;

    private final int maxRank;

    public TopKConsoleSink(int maxRank) {
        this.maxRank = maxRank;
    }

    // Flink 1.20's Sink still declares this deprecated variant abstract; the WriterInitContext one
    // below is current.
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<TopKRow> createWriter(InitContext context) {
        return new Writer(System.out, maxRank);
    }

    @Override
    public SinkWriter<TopKRow> createWriter(WriterInitContext context) {
        return new Writer(System.out, maxRank);
    }

    static final class Writer implements SinkWriter<TopKRow> {
        private final ConsoleLines out;
        private final int maxRank;

        Writer(PrintStream out, int maxRank) {
            this.out =
                    new ConsoleLines(
                            out,
                            "TOP-K rows (all are in the lake table topk)",
                            LINES_PER_INTERVAL,
                            INTERVAL_MILLIS,
                            System::currentTimeMillis);
            this.maxRank = maxRank;
        }

        @Override
        public void write(TopKRow r, Context context) {
            if (r.rank <= maxRank) {
                out.println(
                        () ->
                                String.format(
                                        "topk %-16s [%s, %s) #%d %s (%d)",
                                        r.spec,
                                        Instant.ofEpochMilli(r.windowStart),
                                        Instant.ofEpochMilli(r.windowEnd),
                                        r.rank,
                                        r.item,
                                        r.itemCount));
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            if (endOfInput) {
                out.summary();
            }
            out.flush();
        }

        @Override
        public void close() {}
    }
}
