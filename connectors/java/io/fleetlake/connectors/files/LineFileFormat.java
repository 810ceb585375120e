package io.fleetlake.connectors.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A line-oriented {@link BulkFormat} for Flink's {@code FileSource} that, unlike {@code
 * TextLineInputFormat}, tells each record which file and line it came from (for dead-letter origins
 * and idempotent backfills) and hands CSV files' header row to every line. Empty lines are skipped
 * (they are not messages).
 *
 * <p>A file is one split (not splittable: a CSV header and line numbers need the whole file). The
 * checkpointed position is the number of lines already emitted, so a restore skips exactly those
 * and nothing is read twice.
 *
 * @param <T> the record type
 */
public final class LineFileFormat<T> implements BulkFormat<T, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 512;

    private final LineConverter<T> converter;
    private final SerializableFunction<String, Boolean> hasHeader;
    private final TypeInformation<T> producedType;

    /**
     * @param converter builds a record from a line
     * @param hasHeader true for files whose first line is a header (given the file path)
     * @param producedType the record type information
     */
    public LineFileFormat(
            LineConverter<T> converter,
            SerializableFunction<String, Boolean> hasHeader,
            TypeInformation<T> producedType) {
        this.converter = converter;
        this.hasHeader = hasHeader;
        this.producedType = producedType;
    }

    @Override
    public Reader<T> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, 0);
    }

    @Override
    public Reader<T> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return open(split, skip);
    }

    private LineReader<T> open(FileSourceSplit split, long recordsToSkip) throws IOException {
        String file = split.path().toString();
        FileSystem fs = split.path().getFileSystem();
        FSDataInputStream raw = fs.open(split.path());
        InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        LineReader<T> r =
                new LineReader<>(new ByteLines(in), file, hasHeader.apply(file), converter);
        r.skip(recordsToSkip);
        return r;
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return producedType;
    }

    /** Reads one file, a batch of lines at a time. */
    private static final class LineReader<T> implements BulkFormat.Reader<T> {
        private final ByteLines reader;
        private final String file;
        private final LineConverter<T> converter;
        private final String header;
        private long lineNumber;
        private long recordsEmitted;

        LineReader(ByteLines reader, String file, boolean hasHeader, LineConverter<T> converter)
                throws IOException {
            this.reader = reader;
            this.file = file;
            this.converter = converter;
            if (hasHeader) {
                byte[] hb = reader.readLine();
                String h = hb == null ? null : new String(hb, StandardCharsets.UTF_8);
                lineNumber = h == null ? 0 : 1;
                // A UTF-8 byte order mark would otherwise become part of the first column's name.
                this.header = h != null && h.startsWith("\uFEFF") ? h.substring(1) : h;
            } else {
                this.header = null;
            }
        }

        void skip(long records) throws IOException {
            while (recordsEmitted < records && nextLine() != null) {
                recordsEmitted++;
            }
        }

        /** The next non-blank line, or null at the end of the file. */
        private byte[] nextLine() throws IOException {
            byte[] line;
            do {
                line = reader.readLine();
                if (line == null) {
                    return null;
                }
                lineNumber++;
            } while (ByteLines.isBlank(line));
            return line;
        }

        @Nullable
        @Override
        public RecordIterator<T> readBatch() throws IOException {
            long readTime = System.currentTimeMillis();
            @SuppressWarnings("unchecked")
            RecordAndPosition<T>[] batch = new RecordAndPosition[BATCH_SIZE];
            int n = 0;
            byte[] line;
            while (n < BATCH_SIZE && (line = nextLine()) != null) {
                T record = converter.convert(file, lineNumber, line, header, readTime);
                recordsEmitted++;
                batch[n++] =
                        new RecordAndPosition<>(
                                record, CheckpointedPosition.NO_OFFSET, recordsEmitted);
            }
            return n == 0 ? null : new BatchIterator<>(batch, n);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /**
     * Iterates a batch; each record carries the count of records emitted up to and including it.
     */
    private static final class BatchIterator<T> implements BulkFormat.RecordIterator<T> {
        private final RecordAndPosition<T>[] records;
        private final int size;
        private final MutableRecordAndPosition<T> current = new MutableRecordAndPosition<>();
        private int next;

        BatchIterator(RecordAndPosition<T>[] records, int size) {
            this.records = records;
            this.size = size;
        }

        @Nullable
        @Override
        public RecordAndPosition<T> next() {
            if (next >= size) {
                return null;
            }
            RecordAndPosition<T> r = records[next++];
            current.set(r.getRecord(), r.getOffset(), r.getRecordSkipCount());
            return current;
        }

        @Override
        public void releaseBatch() {}
    }
}
