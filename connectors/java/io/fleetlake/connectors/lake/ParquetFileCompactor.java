package io.fleetlake.connectors.lake;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.sink.compactor.OutputStreamBasedFileCompactor;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Merges a partition's small Parquet files into one for FileSink's compaction. Parquet files cannot be
 * concatenated byte-wise (each has its own footer), so the rows are read back and written again: with Parquet's
 * schema-generic {@link Group} records, because the lake's records are written from Java fields and have no way
 * back. The output uses the table's current schema; rows of older files that lack a column (one added since) get
 * null there. Rows keep their order; the output gets full-size row groups instead of one per checkpoint.
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
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new StreamOutputFile(out))
                .withType(target)
                .withCompressionCodec(codec)
                .withConf(new Configuration(false))
                .withExtraMetaData(Map.of("fleetlake.table", tableName))
                .build()) {
            for (Path input : inputFiles) {
                FileSystem fs = input.getFileSystem();
                long length = fs.getFileStatus(input).getLen();
                try (FSDataInputStream in = fs.open(input);
                        ParquetReader<Group> reader = new GroupReaderBuilder(new ParquetInputFile(in, length)).build()) {
                    Group row;
                    while ((row = reader.read()) != null) {
                        writer.write(row.getType().equals(target) ? row : convert(row, target));
                    }
                }
            }
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
                    copyPrimitive(from, src, r, result, i, field.asPrimitiveType().getPrimitiveTypeName());
                } else {
                    result.add(i, convert(from.getGroup(src, r), field.asGroupType()));
                }
            }
        }
        return result;
    }

    private static void copyPrimitive(Group from, int src, int r, Group to, int i, PrimitiveTypeName type) {
        // Lake columns are never retyped (the lake contract), so both sides have the same physical type.
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
