package io.fleetlake.job.sources;

import io.fleetlake.connectors.files.FileSourceFactory;
import io.fleetlake.connectors.files.LineConverter;
import io.fleetlake.job.model.RawMessage;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Backfill from files (local or S3): each line of a JSON-lines file, or each row of a CSV file, is
 * one message whose origin is {@code path:line}.
 */
public final class FileMessageSource implements MessageSource {
    public static final String UID = "source-files";

    private final String path;
    private final Duration monitorInterval;

    public FileMessageSource(String path, Duration monitorInterval) {
        this.path = path;
        this.monitorInterval = monitorInterval;
    }

    @Override
    public DataStream<RawMessage> attach(StreamExecutionEnvironment env) {
        return env.fromSource(
                        FileSourceFactory.create(
                                path,
                                new LineToRawMessage(),
                                TypeInformation.of(RawMessage.class),
                                monitorInterval),
                        WatermarkStrategy.noWatermarks(),
                        "source: files")
                .uid(UID);
    }

    @Override
    public boolean isBounded() {
        return monitorInterval == null;
    }

    /** A file line as a raw message: CSV rows keep their file's header for the decoder. */
    static final class LineToRawMessage implements LineConverter<RawMessage> {
        private static final long serialVersionUID = 1L;

        @Override
        public RawMessage convert(
                String file, long lineNumber, byte[] line, String header, long readTime) {
            return RawMessage.fromFile(
                    file + ":" + lineNumber,
                    readTime,
                    header == null ? RawMessage.FORMAT_JSON : RawMessage.FORMAT_CSV,
                    header,
                    line);
        }
    }
}
