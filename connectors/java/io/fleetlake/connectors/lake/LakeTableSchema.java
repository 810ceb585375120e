package io.fleetlake.connectors.lake;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A lake table's definition: name, data columns, and the event time that places each row in its
 * Hive partition ({@code year=/month=/day=/hour=}, UTC). One definition drives the Parquet schema,
 * the files' partition paths, and the DDL/Glue column list, so they cannot disagree.
 *
 * @param <T> the record type stored in the table
 */
public final class LakeTableSchema<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Hive partition keys of every lake table, in path order. */
    public static final List<String> PARTITION_KEYS = List.of("year", "month", "day", "hour");

    private final String tableName;
    private final List<LakeColumn<T>> columns;
    private final SerializableFunction<T, Long> partitionTime;
    private final java.util.Set<String> plainEncoded;

    private LakeTableSchema(
            String tableName,
            List<LakeColumn<T>> columns,
            SerializableFunction<T, Long> partitionTime,
            java.util.Set<String> plainEncoded) {
        this.tableName = tableName;
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.partitionTime = partitionTime;
        this.plainEncoded =
                Collections.unmodifiableSet(new java.util.LinkedHashSet<>(plainEncoded));
    }

    /**
     * Columns written without dictionary encoding: nearly unique per row (times, coordinates,
     * origins), where a dictionary only costs a hash lookup per value before Parquet falls back to
     * plain encoding anyway.
     */
    public java.util.Set<String> plainEncodedColumns() {
        return plainEncoded;
    }

    /** Starts a table definition. */
    public static <T> Builder<T> builder(String tableName) {
        return new Builder<>(tableName);
    }

    public String tableName() {
        return tableName;
    }

    public List<LakeColumn<T>> columns() {
        return columns;
    }

    /** Epoch milliseconds that decide the row's partition. */
    public long partitionTimeOf(T record) {
        return partitionTime.apply(record);
    }

    /** The Parquet schema of the table's files; every column is optional (nullable). */
    public MessageType parquetSchema() {
        List<Type> fields = new ArrayList<>();
        for (LakeColumn<T> c : columns) {
            fields.add(parquetType(c));
        }
        return new MessageType(tableName, fields);
    }

    private static Type parquetType(LakeColumn<?> c) {
        switch (c.type()) {
            case STRING:
                return Types.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
            case DOUBLE:
                return Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
            case BIGINT:
                return Types.optional(PrimitiveTypeName.INT64).named(c.name());
            case INT:
                return Types.optional(PrimitiveTypeName.INT32).named(c.name());
            case BOOLEAN:
                return Types.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
            case TIMESTAMP_MILLIS:
                return Types.optional(PrimitiveTypeName.INT64)
                        .as(
                                LogicalTypeAnnotation.timestampType(
                                        false, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(c.name());
            case MAP_STRING_DOUBLE:
                return Types.optionalMap()
                        .key(
                                Types.required(PrimitiveTypeName.BINARY)
                                        .as(LogicalTypeAnnotation.stringType())
                                        .named("key"))
                        .optionalValue(PrimitiveTypeName.DOUBLE)
                        .named(c.name());
            case MAP_STRING_STRING:
                return Types.optionalMap()
                        .key(
                                Types.required(PrimitiveTypeName.BINARY)
                                        .as(LogicalTypeAnnotation.stringType())
                                        .named("key"))
                        .value(
                                Types.optional(PrimitiveTypeName.BINARY)
                                        .as(LogicalTypeAnnotation.stringType())
                                        .named("value"))
                        .named(c.name());
            default:
                throw new IllegalStateException("unhandled column type " + c.type());
        }
    }

    /** Builds a {@link LakeTableSchema}. */
    public static final class Builder<T> {
        private final String tableName;
        private final List<LakeColumn<T>> columns = new ArrayList<>();
        private SerializableFunction<T, Long> partitionTime;
        private final java.util.Set<String> plainEncoded = new java.util.LinkedHashSet<>();

        private Builder(String tableName) {
            this.tableName = tableName;
        }

        public Builder<T> column(
                String name,
                ColumnType type,
                SerializableFunction<T, ?> extractor,
                String comment) {
            for (LakeColumn<T> c : columns) {
                if (c.name().equals(name)) {
                    throw new IllegalArgumentException(
                            "duplicate column " + name + " in table " + tableName);
                }
            }
            columns.add(new LakeColumn<>(name, type, extractor, comment));
            return this;
        }

        /** Columns to write without a dictionary (values nearly unique per row). */
        public Builder<T> plainEncoded(String... names) {
            for (String n : names) {
                if (columns.stream().noneMatch(c -> c.name().equals(n))) {
                    throw new IllegalArgumentException("no column " + n + " in table " + tableName);
                }
                plainEncoded.add(n);
            }
            return this;
        }

        /** The epoch-millisecond time that decides each row's Hive partition. */
        public Builder<T> partitionedBy(SerializableFunction<T, Long> partitionTime) {
            this.partitionTime = partitionTime;
            return this;
        }

        public LakeTableSchema<T> build() {
            if (partitionTime == null) {
                throw new IllegalStateException("table " + tableName + " needs a partition time");
            }
            if (columns.isEmpty()) {
                throw new IllegalStateException("table " + tableName + " has no columns");
            }
            return new LakeTableSchema<>(tableName, columns, partitionTime, plainEncoded);
        }
    }
}
