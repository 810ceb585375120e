package io.fleetlake.job.alerts;

import java.io.PrintStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints alerts as they open and close (local runs), e.g. {@code alert OPEN speeding
 * iotfleet_thc_103 …}.
 */
public class AlertConsoleSink implements Sink<Alert> {
    private static final long serialVersionUID = 1L;

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
        private final PrintStream out;

        Writer(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(Alert a, Context context) {
            out.println("alert " + AlertJson.summary(a));
        }

        @Override
        public void flush(boolean endOfInput) {
            out.flush();
        }

        @Override
        public void close() {}
    }
}
