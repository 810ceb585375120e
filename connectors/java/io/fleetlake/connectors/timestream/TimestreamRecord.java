package io.fleetlake.connectors.timestream;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Timestream multi-measure record as the sink buffers, checkpoints and sends it: dimensions,
 * one measure name holding several typed measures ({@code MeasureValueType.MULTI}), a time in epoch
 * milliseconds and a {@code Version}. Immutable and {@link Serializable} (the request entry type of
 * the async sink).
 *
 * <p>The version must be a pure function of the input element (for example its event time or its
 * position in the source), never of the wall clock or of the attempt: a retry, or a replay after
 * restoring a checkpoint, then re-sends exactly the same record and Timestream treats it as an
 * idempotent upsert.
 *
 * <p>{@link #context()} carries opaque key/values about where the record came from (for example a
 * source and an origin). It is never sent to Timestream; it is handed back with a rejected record
 * so the application can say which input failed.
 */
public final class TimestreamRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The value type of one measure inside the multi-measure record. */
    public enum MeasureType {
        DOUBLE,
        BIGINT,
        VARCHAR,
        BOOLEAN,
        TIMESTAMP
    }

    /** One named, typed measure of the record. */
    public static final class Measure implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String value;
        private final MeasureType type;

        public Measure(String name, String value, MeasureType type) {
            this.name = Objects.requireNonNull(name, "measure name");
            this.value = Objects.requireNonNull(value, "measure value");
            this.type = Objects.requireNonNull(type, "measure type");
        }

        public String name() {
            return name;
        }

        public String value() {
            return value;
        }

        public MeasureType type() {
            return type;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Measure)) {
                return false;
            }
            Measure m = (Measure) o;
            return name.equals(m.name) && value.equals(m.value) && type == m.type;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, value, type);
        }

        @Override
        public String toString() {
            return name + "=" + value + ":" + type;
        }
    }

    private final Map<String, String> dimensions;
    private final String measureName;
    private final List<Measure> measures;
    private final long timeMillis;
    private final long version;
    private final Map<String, String> context;

    private TimestreamRecord(
            Map<String, String> dimensions,
            String measureName,
            List<Measure> measures,
            long timeMillis,
            long version,
            Map<String, String> context) {
        this.dimensions = Collections.unmodifiableMap(dimensions);
        this.measureName = measureName;
        this.measures = Collections.unmodifiableList(measures);
        this.timeMillis = timeMillis;
        this.version = version;
        this.context = Collections.unmodifiableMap(context);
    }

    public static Builder builder(String measureName, long timeMillis, long version) {
        return new Builder(measureName, timeMillis, version);
    }

    /** Dimension name to value, in insertion order. */
    public Map<String, String> dimensions() {
        return dimensions;
    }

    /** The name of the multi-measure record (Timestream's {@code measure_name} column). */
    public String measureName() {
        return measureName;
    }

    public List<Measure> measures() {
        return measures;
    }

    /** Time, epoch milliseconds. */
    public long timeMillis() {
        return timeMillis;
    }

    /** Timestream's record version: deterministic per input element. */
    public long version() {
        return version;
    }

    /** Opaque key/values about the input, never sent to Timestream. */
    public Map<String, String> context() {
        return context;
    }

    /** Approximate bytes sent for this record: names and values as text, plus fixed fields. */
    public long sizeInBytes() {
        long size = measureName.length() + 16 + 8;
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            size += d.getKey().length() + d.getValue().length();
        }
        for (Measure m : measures) {
            size += m.name.length() + m.value.length() + 1;
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TimestreamRecord)) {
            return false;
        }
        TimestreamRecord r = (TimestreamRecord) o;
        return timeMillis == r.timeMillis
                && version == r.version
                && dimensions.equals(r.dimensions)
                && measureName.equals(r.measureName)
                && measures.equals(r.measures)
                && context.equals(r.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dimensions, measureName, timeMillis, version);
    }

    @Override
    public String toString() {
        return "TimestreamRecord{"
                + measureName
                + " t="
                + timeMillis
                + " v="
                + version
                + " dims="
                + dimensions
                + " measures="
                + measures
                + "}";
    }

    /**
     * Builds a {@link TimestreamRecord}. Null or empty dimension values are skipped (Timestream
     * rejects them).
     */
    public static final class Builder {
        private final String measureName;
        private final long timeMillis;
        private final long version;
        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final List<Measure> measures = new ArrayList<>();
        private final Map<String, String> context = new LinkedHashMap<>();

        private Builder(String measureName, long timeMillis, long version) {
            this.measureName = Objects.requireNonNull(measureName, "measure name");
            this.timeMillis = timeMillis;
            this.version = version;
        }

        public Builder dimension(String name, String value) {
            if (name != null && value != null && !value.isEmpty()) {
                dimensions.put(name, value);
            }
            return this;
        }

        public Builder measure(String name, String value, MeasureType type) {
            measures.add(new Measure(name, value, type));
            return this;
        }

        /**
         * A DOUBLE measure; null values are skipped (a multi-measure record simply lacks that
         * measure).
         */
        public Builder measure(String name, Double value) {
            if (value != null) {
                // Plain decimal text: no exponent form. A non-finite value is sent as is;
                // Timestream rejects
                // it and the record goes to the rejected-record output, with the reason.
                String text =
                        Double.isFinite(value)
                                ? java.math.BigDecimal.valueOf(value).toPlainString()
                                : Double.toString(value);
                measures.add(new Measure(name, text, MeasureType.DOUBLE));
            }
            return this;
        }

        public Builder context(String key, String value) {
            if (key != null && value != null) {
                context.put(key, value);
            }
            return this;
        }

        public TimestreamRecord build() {
            return new TimestreamRecord(
                    new LinkedHashMap<>(dimensions),
                    measureName,
                    new ArrayList<>(measures),
                    timeMillis,
                    version,
                    new LinkedHashMap<>(context));
        }
    }
}
