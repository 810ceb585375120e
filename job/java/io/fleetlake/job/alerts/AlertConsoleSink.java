package io.fleetlake.job.alerts;

import io.fleetlake.job.console.ConsoleLines;
import java.io.PrintStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints alerts as they open and close (local runs), e.g. {@code alert OPEN speeding
 * iotfleet_thc_103 …}, at most {@link #LINES_PER_INTERVAL} lines every {@link #INTERVAL_MILLIS} ms;
 * the others are counted in a summary line (they are all in the lake's alerts table).
 */
public class AlertConsoleSink implements Sink<Alert> {
    private static final long serialVersionUID = 1L;

    static final int LINES_PER_INTERVAL = 20;
    static final long INTERVAL_MILLIS = 5_000;

    // Flink 1.20's Sink still declares this deprecated variant abstract; the WriterInitContext one
    // below is current.
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<Alert> createWriter(InitContext context) {
        return new Writer(System.out);
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        return new Writer(System.out);
    }

    static final class Writer implements SinkWriter<Alert> {
        private final ConsoleLines out;

        Writer(PrintStream out) {
            this.out =
                    new ConsoleLines(
                            out,
                            "alerts (all are in the lake table alerts)",
                            LINES_PER_INTERVAL,
                            INTERVAL_MILLIS,
                            System::currentTimeMillis);
        }

        @Override
        public void write(Alert a, Context context) {
            out.println(() -> "alert " + AlertJson.summary(a));
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
