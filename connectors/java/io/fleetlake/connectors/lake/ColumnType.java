package io.fleetlake.connectors.lake;

/**
 * The column types a lake table can have, each with its Parquet physical/logical type and the type
 * names Athena/Glue (Hive DDL) use for it. Chosen so Athena, Glue, DuckDB and Spark all read them
 * natively.
 */
public enum ColumnType {
    STRING("string"),
    DOUBLE("double"),
    BIGINT("bigint"),
    INT("int"),
    BOOLEAN("boolean"),
    /**
     * INT64 timestamp in milliseconds, UTC wall-clock (isAdjustedToUTC=false): Athena's {@code
     * timestamp}.
     */
    TIMESTAMP_MILLIS("timestamp"),
    MAP_STRING_DOUBLE("map<string,double>"),
    MAP_STRING_STRING("map<string,string>");

    private final String hiveType;

    ColumnType(String hiveType) {
        this.hiveType = hiveType;
    }

    /** The type as written in Hive/Athena DDL and in a Glue table's column list. */
    public String hiveType() {
        return hiveType;
    }
}
