package io.fleetlake.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFileCompactorTest {

    /** A record with every column type the lake uses. */
    public static final class Row implements java.io.Serializable {
        public String name;
        public long time;
        public Double value;
        public Map<String, Double> measures;
        public Map<String, String> attributes;
        public Boolean flag;
        public Integer small;

        Row(String name, long time, Double value, boolean withMaps) {
            this.name = name;
            this.time = time;
            this.value = value;
            this.flag = value != null;
            this.small = (int) (time % 100);
            if (withMaps) {
                measures = new LinkedHashMap<>(Map.of("a", 1.5, "b", 2.5));
                attributes = new LinkedHashMap<>(Map.of("site", "x"));
            }
        }
    }

    static LakeTableSchema<Row> schema(boolean withLastColumn) {
        LakeTableSchema.Builder<Row> b =
                LakeTableSchema.<Row>builder("t")
                        .column("name", ColumnType.STRING, r -> r.name, null)
                        .column("event_time", ColumnType.TIMESTAMP_MILLIS, r -> r.time, null)
                        .column("value", ColumnType.DOUBLE, r -> r.value, null)
                        .column("measures", ColumnType.MAP_STRING_DOUBLE, r -> r.measures, null)
                        .column("attributes", ColumnType.MAP_STRING_STRING, r -> r.attributes, null)
                        .column("flag", ColumnType.BOOLEAN, r -> r.flag, null);
        if (withLastColumn) {
            b.column("small", ColumnType.INT, r -> r.small, null);
        }
        return b.partitionedBy(r -> r.time).build();
    }

    static Path write(Path file, LakeTableSchema<Row> schema, List<Row> rows) throws Exception {
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(file.toUri());
        try (FSDataOutputStream out = p.getFileSystem().create(p, FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<Row> w =
                    LakeSinkFactory.writerFactory(schema, CompressionCodecName.SNAPPY).create(out);
            for (Row r : rows) {
                w.addElement(r);
            }
            w.finish();
        }
        return file;
    }

    @Test
    void mergesFilesKeepingEveryRowAndValueAndFillsNewColumnsWithNull(@TempDir Path dir)
            throws Exception {
        List<Row> a = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            a.add(
                    new Row(
                            "a" + i,
                            1_700_000_000_000L + i,
                            i % 3 == 0 ? null : i * 0.5,
                            i % 2 == 0));
        }
        List<Row> b = List.of(new Row("b0", 1_700_000_100_000L, 7.0, true));
        // The older file predates the "small" column.
        write(dir.resolve("a.parquet"), schema(false), a);
        write(dir.resolve("b.parquet"), schema(true), b);
        Path merged = dir.resolve("merged.parquet");
        try (OutputStream out = Files.newOutputStream(merged)) {
            new ParquetFileCompactor(schema(true), CompressionCodecName.SNAPPY)
                    .compact(
                            List.of(
                                    new org.apache.flink.core.fs.Path(
                                            dir.resolve("a.parquet").toUri()),
                                    new org.apache.flink.core.fs.Path(
                                            dir.resolve("b.parquet").toUri())),
                            out);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            String t = "read_parquet('" + merged + "')";
            String both =
                    "(SELECT * FROM read_parquet('"
                            + dir.resolve("a.parquet")
                            + "') UNION ALL BY NAME "
                            + "SELECT * FROM read_parquet('"
                            + dir.resolve("b.parquet")
                            + "'))";
            assertThat(scalar(s, "SELECT count(*) FROM " + t)).isEqualTo(1001L);
            // Row for row the same values as the inputs (EXCEPT ALL keeps multiplicities).
            assertThat(
                            scalar(
                                    s,
                                    "SELECT count(*) FROM (SELECT name, event_time, value, measures, attributes, flag, small FROM "
                                            + t
                                            + " EXCEPT ALL SELECT name, event_time, value, measures, attributes, flag, small FROM "
                                            + both
                                            + ")"))
                    .isEqualTo(0L);
            assertThat(scalar(s, "SELECT count(*) FROM " + t + " WHERE small IS NULL"))
                    .isEqualTo(1000L);
            assertThat(scalar(s, "SELECT count(*) FROM " + t + " WHERE value IS NULL"))
                    .isEqualTo(334L);
            assertThat(scalar(s, "SELECT typeof(event_time) FROM " + t + " LIMIT 1"))
                    .isEqualTo("TIMESTAMP");
        }
    }

    @Test
    void filesOfOneSchemaAreMergedByCopyingRowGroupsAndKeepEveryRow(@TempDir Path dir)
            throws Exception {
        List<org.apache.flink.core.fs.Path> inputs = new ArrayList<>();
        int rows = 0;
        for (int f = 0; f < 3; f++) {
            List<Row> part = new ArrayList<>();
            for (int i = 0; i < 500 + f * 250; i++) {
                part.add(
                        new Row(
                                "f" + f + "-" + i,
                                1_700_000_000_000L + f * 10_000 + i,
                                i % 5 == 0 ? null : i * 0.25,
                                i % 3 != 0));
            }
            rows += part.size();
            inputs.add(
                    new org.apache.flink.core.fs.Path(
                            write(dir.resolve(f + ".parquet"), schema(true), part).toUri()));
        }
        Path merged = dir.resolve("merged.parquet");
        try (OutputStream out = Files.newOutputStream(merged)) {
            new ParquetFileCompactor(schema(true), CompressionCodecName.SNAPPY)
                    .compact(inputs, out);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            String t = "read_parquet('" + merged + "')";
            String all =
                    "read_parquet(['"
                            + dir.resolve("0.parquet")
                            + "', '"
                            + dir.resolve("1.parquet")
                            + "', '"
                            + dir.resolve("2.parquet")
                            + "'])";
            String cols = "name, event_time, value, measures, attributes, flag, small";
            assertThat(scalar(s, "SELECT count(*) FROM " + t)).isEqualTo((long) rows);
            // Both directions with multiplicities: the merged rows are exactly the inputs' rows.
            assertThat(
                            scalar(
                                    s,
                                    "SELECT count(*) FROM (SELECT "
                                            + cols
                                            + " FROM "
                                            + t
                                            + " EXCEPT ALL SELECT "
                                            + cols
                                            + " FROM "
                                            + all
                                            + ")"))
                    .isEqualTo(0L);
            assertThat(
                            scalar(
                                    s,
                                    "SELECT count(*) FROM (SELECT "
                                            + cols
                                            + " FROM "
                                            + all
                                            + " EXCEPT ALL SELECT "
                                            + cols
                                            + " FROM "
                                            + t
                                            + ")"))
                    .isEqualTo(0L);
            // Copied, not re-encoded: one row group per input, and the table name in the footer.
            assertThat(
                            scalar(
                                    s,
                                    "SELECT count(DISTINCT row_group_id) FROM parquet_metadata('"
                                            + merged
                                            + "')"))
                    .isEqualTo(3L);
            assertThat(
                            scalar(
                                    s,
                                    "SELECT decode(value) FROM parquet_kv_metadata('"
                                            + merged
                                            + "') "
                                            + "WHERE decode(key) = 'fleetlake.table'"))
                    .isEqualTo("t");
        }
    }

    private static Object scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }
}
