package io.fleetlake.job.rollup;

import io.fleetlake.job.model.Reading;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Splits a reading into one single-sample {@link MeasureRollup} per numeric measure (every entry of
 * {@code measures}, plus {@code temperature_fahrenheit}), the input of the minute rollup. A reading
 * without a device id belongs to no series and gives none (it is in the readings table as it came);
 * nor do non-finite values, which no statistic can hold.
 */
public class MeasureSamples implements FlatMapFunction<Reading, MeasureRollup> {
    private static final long serialVersionUID = 1L;

    /** The measure name of {@link Reading#temperatureFahrenheit}, as its readings column. */
    public static final String FAHRENHEIT = "temperature_fahrenheit";

    private final Set<String> measures;

    /**
     * @param measures the measures to roll up; empty: every one
     */
    public MeasureSamples(List<String> measures) {
        this.measures = new HashSet<>(measures);
    }

    @Override
    public void flatMap(Reading r, Collector<MeasureRollup> out) {
        if (r.deviceId == null) {
            return;
        }
        if (r.measures != null) {
            for (Map.Entry<String, Double> m : r.measures.entrySet()) {
                emit(r, m.getKey(), m.getValue(), out);
            }
        }
        if (r.temperatureFahrenheit != null
                && (r.measures == null || !r.measures.containsKey(FAHRENHEIT))) {
            emit(r, FAHRENHEIT, r.temperatureFahrenheit, out);
        }
    }

    private void emit(Reading r, String measure, Double value, Collector<MeasureRollup> out) {
        if (measure == null || value == null || !Double.isFinite(value)) {
            return;
        }
        if (!measures.isEmpty() && !measures.contains(measure)) {
            return;
        }
        out.collect(MeasureRollup.ofSample(r.deviceId, r.thingName, measure, r.eventTime, value));
    }
}
