package io.fleetlake.connectors.lake;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.sink.compactor.OutputStreamBasedFileCompactor;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Merges a partition's small Parquet files into one for FileSink's compaction. Parquet files cannot
 * be concatenated byte-wise (each has its own footer), but their row groups can: when every input
 * has the table's current schema (the normal case: the files of one table share one schema and
 * codec), the column chunks are copied as they are, without decoding a value ({@link
 * ParquetFileWriter#appendRowGroups}), and one new footer lists them all. The output keeps one row
 * group per input row group, so its rows keep their order.
 *
 * <p>An input written before a column was added has another schema; then the whole merge falls back
 * to reading the rows back and writing them again with Parquet's schema-generic {@link Group}
 * records (the lake's records are written from Java fields and have no way back), the missing
 * column getting null.
 */
public final class ParquetFileCompactor extends OutputStreamBasedFileCompactor {
    private static final long serialVersionUID = 1L;

    private final String tableName;
    private final String schema;
    private final CompressionCodecName codec;

    public ParquetFileCompactor(LakeTableSchema<?> table, CompressionCodecName codec) {
        this.tableName = table.tableName();
        // MessageType is not Serializable; its text form is, and parses back to the same schema.
        this.schema = table.parquetSchema().toString();
        this.codec = codec;
    }

    @Override
    protected void doCompact(List<Path> inputFiles, OutputStream out) throws Exception {
        MessageType target = MessageTypeParser.parseMessageType(schema);
        List<ParquetMetadata> footers = new ArrayList<>(inputFiles.size());
        boolean sameSchema = true;
        for (Path input : inputFiles) {
            try (ParquetFileReader reader = ParquetFileReader.open(inputFile(input))) {
                ParquetMetadata footer = reader.getFooter();
                footers.add(footer);
                sameSchema &= footer.getFileMetaData().getSchema().equals(target);
            }
        }
        if (sameSchema) {
            copyRowGroups(inputFiles, footers, target, out);
        } else {
            rewriteRows(inputFiles, target, out);
        }
    }

    /**
     * Copies every input's row groups (compressed column chunks, dictionaries, indexes) into one
     * file.
     */
    private void copyRowGroups(
            List<Path> inputFiles,
            List<ParquetMetadata> footers,
            MessageType target,
            OutputStream out)
            throws IOException {
        ParquetFileWriter writer =
                new ParquetFileWriter(
                        new StreamOutputFile(out),
                        target,
                        ParquetFileWriter.Mode.CREATE,
                        ParquetWriter.DEFAULT_BLOCK_SIZE,
                        ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                        ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                        ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
                        ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED);
        writer.start();
        for (int i = 0; i < inputFiles.size(); i++) {
            try (SeekableInputStream in = inputFile(inputFiles.get(i)).newStream()) {
                writer.appendRowGroups(in, footers.get(i).getBlocks(), false);
            }
        }
        writer.end(Map.of("fleetlake.table", tableName));
    }

    /**
     * Reads every row back and writes it again in the target schema (inputs of an older schema).
     */
    private void rewriteRows(List<Path> inputFiles, MessageType target, OutputStream out)
            throws IOException {
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new StreamOutputFile(out))
                        .withType(target)
                        .withCompressionCodec(codec)
                        .withConf(new Configuration(false))
                        .withExtraMetaData(Map.of("fleetlake.table", tableName))
                        .build()) {
            for (Path input : inputFiles) {
                try (ParquetReader<Group> reader =
                        new GroupReaderBuilder(inputFile(input)).build()) {
                    Group row;
                    while ((row = reader.read()) != null) {
                        writer.write(row.getType().equals(target) ? row : convert(row, target));
                    }
                }
            }
        }
    }

    private static InputFile inputFile(Path input) throws IOException {
        FileSystem fs = input.getFileSystem();
        long length = fs.getFileStatus(input).getLen();
        return new FlinkInputFile(fs, input, length);
    }

    /**
     * An input file whose every {@link #newStream()} opens the file again (Parquet opens one per
     * reader).
     */
    private static final class FlinkInputFile implements InputFile {
        private final FileSystem fs;
        private final Path path;
        private final long length;

        FlinkInputFile(FileSystem fs, Path path, long length) {
            this.fs = fs;
            this.path = path;
            this.length = length;
        }

        @Override
        public long getLength() {
            return length;
        }

        @Override
        public SeekableInputStream newStream() throws IOException {
            FSDataInputStream in = fs.open(path);
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() throws IOException {
                    return in.getPos();
                }

                @Override
                public void seek(long newPos) throws IOException {
                    in.seek(newPos);
                }
            };
        }
    }

    /** Copies a row into another group type, field by field by name (missing fields stay null). */
    static Group convert(Group from, GroupType to) {
        SimpleGroup result = new SimpleGroup(to);
        GroupType fromType = from.getType();
        for (int i = 0; i < to.getFieldCount(); i++) {
            Type field = to.getType(i);
            if (!fromType.containsField(field.getName())) {
                continue;
            }
            int src = fromType.getFieldIndex(field.getName());
            int repetitions = from.getFieldRepetitionCount(src);
            for (int r = 0; r < repetitions; r++) {
                if (field.isPrimitive()) {
                    copyPrimitive(
                            from,
                            src,
                            r,
                            result,
                            i,
                            field.asPrimitiveType().getPrimitiveTypeName());
                } else {
                    result.add(i, convert(from.getGroup(src, r), field.asGroupType()));
                }
            }
        }
        return result;
    }

    private static void copyPrimitive(
            Group from, int src, int r, Group to, int i, PrimitiveTypeName type) {
        // Lake columns are never retyped (the lake contract), so both sides have the same physical
        // type.
        switch (type) {
            case INT32:
                to.add(i, from.getInteger(src, r));
                break;
            case INT64:
                to.add(i, from.getLong(src, r));
                break;
            case DOUBLE:
                to.add(i, from.getDouble(src, r));
                break;
            case FLOAT:
                to.add(i, from.getFloat(src, r));
                break;
            case BOOLEAN:
                to.add(i, from.getBoolean(src, r));
                break;
            case INT96:
                to.add(i, from.getInt96(src, r));
                break;
            default:
                to.add(i, from.getBinary(src, r));
        }
    }

    /** Parquet reader of generic groups over any {@link InputFile}. */
    private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
        GroupReaderBuilder(InputFile file) {
            super(file);
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
