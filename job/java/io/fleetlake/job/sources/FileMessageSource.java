package io.fleetlake.job.sources;

import io.fleetlake.connectors.files.FileSourceFactory;
import io.fleetlake.connectors.files.LineConverter;
import io.fleetlake.connectors.lake.BackfillRunSource;
import io.fleetlake.connectors.lake.LakeBackfill;
import io.fleetlake.job.model.RawMessage;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
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

    private final LakeBackfill backfill;

    public FileMessageSource(String path, Duration monitorInterval) {
        this(path, monitorInterval, null);
    }

    /**
     * @param backfill when not null (a bounded replacing backfill), the source's enumerator owns
     *     that backfill's runs ({@link BackfillRunSource}): a fresh start begins a run, a restore
     *     continues the restored one
     */
    public FileMessageSource(String path, Duration monitorInterval, LakeBackfill backfill) {
        if (backfill != null && monitorInterval != null) {
            throw new IllegalArgumentException("a replacing backfill reads its input once");
        }
        this.path = path;
        this.monitorInterval = monitorInterval;
        this.backfill = backfill;
    }

    @Override
    public DataStream<RawMessage> attach(StreamExecutionEnvironment env) {
        TypeInformation<RawMessage> type = TypeInformation.of(RawMessage.class);
        FileSource<RawMessage> files =
                FileSourceFactory.create(path, new LineToRawMessage(), type, monitorInterval);
        Source<RawMessage, ?, ?> source =
                backfill == null ? files : new BackfillRunSource<>(files, backfill);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "source: files", type)
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
