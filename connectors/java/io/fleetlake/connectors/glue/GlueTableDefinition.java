package io.fleetlake.connectors.glue;

import io.fleetlake.connectors.lake.LakeColumn;
import io.fleetlake.connectors.lake.LakeTableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A lake table as the Glue catalog sees it: columns with Hive types, the Hive partition keys, and
 * the S3 location of its folder. Built from the same {@link LakeTableSchema} that writes the files.
 */
public final class GlueTableDefinition implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One column: name, Hive type, comment. */
    public static final class Column implements Serializable {
        private static final long serialVersionUID = 1L;
        public final String name;
        public final String hiveType;
        public final String comment;

        public Column(String name, String hiveType, String comment) {
            this.name = name;
            this.hiveType = hiveType;
            this.comment = comment;
        }
    }

    private final String name;
    private final List<Column> columns;
    private final List<String> partitionKeys;
    private final String location;
    private final String compression;

    public GlueTableDefinition(
            String name,
            List<Column> columns,
            List<String> partitionKeys,
            String location,
            String compression) {
        this.name = name;
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.partitionKeys = List.copyOf(partitionKeys);
        this.location = location.endsWith("/") ? location : location + "/";
        this.compression = compression;
    }

    /** The definition of a lake table stored under {@code lakeRoot/<table>/}. */
    public static GlueTableDefinition of(
            LakeTableSchema<?> schema, String lakeRoot, String compression) {
        List<Column> cols = new ArrayList<>();
        for (LakeColumn<?> c : schema.columns()) {
            cols.add(new Column(c.name(), c.type().hiveType(), c.comment()));
        }
        String root =
                lakeRoot.endsWith("/") ? lakeRoot.substring(0, lakeRoot.length() - 1) : lakeRoot;
        return new GlueTableDefinition(
                schema.tableName(),
                cols,
                LakeTableSchema.PARTITION_KEYS,
                root + "/" + schema.tableName() + "/",
                compression);
    }

    public String name() {
        return name;
    }

    public List<Column> columns() {
        return columns;
    }

    /** Partition keys, all of Hive type {@code int}, in path order. */
    public List<String> partitionKeys() {
        return partitionKeys;
    }

    /** The table folder, ending with '/'. */
    public String location() {
        return location;
    }

    public String compression() {
        return compression;
    }

    /**
     * The partition values of a Hive partition path such as {@code
     * year=2024/month=04/day=18/hour=09}: exactly as in the path ({@code "04"}), as {@code MSCK
     * REPAIR TABLE} registers them, so the catalog never holds the same folder twice under "4" and
     * "04".
     *
     * @throws IllegalArgumentException if the path does not name exactly this table's partition
     *     keys in order
     */
    public List<String> partitionValues(String partitionPath) {
        String[] parts = partitionPath.split("/");
        if (parts.length != partitionKeys.size()) {
            throw new IllegalArgumentException(
                    "not a partition path of " + name + ": " + partitionPath);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String prefix = partitionKeys.get(i) + "=";
            if (!parts[i].startsWith(prefix) || parts[i].length() == prefix.length()) {
                throw new IllegalArgumentException(
                        "not a partition path of " + name + ": " + partitionPath);
            }
            values.add(parts[i].substring(prefix.length()));
        }
        return values;
    }

    /** The S3 location of a partition folder, ending with '/'. */
    public String partitionLocation(String partitionPath) {
        return location + partitionPath + "/";
    }
}
