package io.fleetlake.connectors.lake;

import java.util.Locale;

/**
 * Athena/Hive DDL for a lake table, from its {@link LakeTableSchema}: the same definition that
 * writes the Parquet files, so the catalog and the files cannot disagree.
 */
public final class HiveDdl {
    private HiveDdl() {}

    /**
     * {@code CREATE EXTERNAL TABLE} with Parquet SerDe, Hive partitions and partition projection
     * off.
     */
    public static String createTable(String database, LakeTableSchema<?> schema, String location) {
        StringBuilder sb = new StringBuilder();
        sb.append("CREATE EXTERNAL TABLE IF NOT EXISTS ");
        if (database != null && !database.isEmpty()) {
            sb.append('`').append(database).append("`.");
        }
        sb.append('`').append(schema.tableName()).append("` (\n");
        for (int i = 0; i < schema.columns().size(); i++) {
            LakeColumn<?> c = schema.columns().get(i);
            sb.append(String.format(Locale.ROOT, "  `%s` %s", c.name(), c.type().hiveType()));
            if (c.comment() != null && !c.comment().isEmpty()) {
                sb.append(" COMMENT '").append(c.comment().replace("'", "''")).append('\'');
            }
            sb.append(i < schema.columns().size() - 1 ? ",\n" : "\n");
        }
        sb.append(")\nPARTITIONED BY (");
        for (int i = 0; i < LakeTableSchema.PARTITION_KEYS.size(); i++) {
            sb.append('`').append(LakeTableSchema.PARTITION_KEYS.get(i)).append("` int");
            if (i < LakeTableSchema.PARTITION_KEYS.size() - 1) {
                sb.append(", ");
            }
        }
        sb.append(")\nSTORED AS PARQUET\n");
        sb.append("LOCATION '").append(location).append("'\n");
        sb.append(
                "TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');\n");
        return sb.toString();
    }
}
