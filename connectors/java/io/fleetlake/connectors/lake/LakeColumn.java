package io.fleetlake.connectors.lake;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.util.function.SerializableFunction;

/**
 * One column of a lake table: its name, type and how to read its value from a record.
 *
 * @param <T> the record type
 */
public final class LakeColumn<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final ColumnType type;
    private final SerializableFunction<T, ?> extractor;
    private final String comment;

    public LakeColumn(
            String name, ColumnType type, SerializableFunction<T, ?> extractor, String comment) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.extractor = Objects.requireNonNull(extractor);
        this.comment = comment;
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public String comment() {
        return comment;
    }

    /** The column's value in {@code record}; null means the column is null in that row. */
    public Object valueOf(T record) {
        return extractor.apply(record);
    }
}
