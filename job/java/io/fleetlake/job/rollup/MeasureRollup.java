package io.fleetlake.job.rollup;

import java.util.Arrays;
import java.util.Objects;

/**
 * Statistics of one measure of one device over one event-time window: a row of the lake tables
 * {@code readings_1m} and {@code readings_1h}. A single sample is a rollup too (a window of one
 * millisecond), so the minute and the hour rollups merge the same type.
 *
 * <p>The sum is kept as Shewchuk's non-overlapping partials ({@link ExactSum}): its value is the
 * correctly rounded sum of the samples whatever their arrival order, so a replay after a restore
 * writes the same number, and the hour's sum of the minutes' partials equals the sum of its raw
 * samples.
 */
public class MeasureRollup {
    public String deviceId;
    public String thingName;
    public String measure;

    /** Window start, epoch ms UTC (inclusive). */
    public long windowStart;

    /** Window end, epoch ms UTC (exclusive). */
    public long windowEnd;

    public long samples;
    public double min;
    public double max;

    /** The correctly rounded sum, set from {@link #sumParts} when the window is emitted. */
    public double sum;

    /** The exact sum as non-overlapping partials (see {@link ExactSum}). */
    public double[] sumParts = new double[0];

    public double firstValue;
    public double lastValue;

    /** Event time of the first and last sample, epoch ms UTC. */
    public long firstTime;

    public long lastTime;

    public MeasureRollup() {}

    /** A rollup of one sample, in the window [time, time + 1). */
    public static MeasureRollup ofSample(
            String deviceId, String thingName, String measure, long time, double value) {
        MeasureRollup r = new MeasureRollup();
        r.deviceId = deviceId;
        r.thingName = thingName;
        r.measure = measure;
        r.windowStart = time;
        r.windowEnd = time + 1;
        r.samples = 1;
        r.min = value;
        r.max = value;
        r.sum = value;
        r.sumParts = new double[] {value};
        r.firstValue = value;
        r.lastValue = value;
        r.firstTime = time;
        r.lastTime = time;
        return r;
    }

    /** An empty accumulator for the window [start, end) of this rollup's series. */
    MeasureRollup emptyWindow(long start, long end) {
        MeasureRollup w = new MeasureRollup();
        w.deviceId = deviceId;
        w.measure = measure;
        w.windowStart = start;
        w.windowEnd = end;
        w.min = Double.POSITIVE_INFINITY;
        w.max = Double.NEGATIVE_INFINITY;
        w.firstTime = Long.MAX_VALUE;
        w.lastTime = Long.MIN_VALUE;
        return w;
    }

    /**
     * Adds {@code o} to this window. First and last values are those of the earliest and latest
     * event time; on a tie, the smaller first and the larger last value win, so the result does not
     * depend on arrival order.
     */
    void merge(MeasureRollup o) {
        samples += o.samples;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        sumParts = ExactSum.addAll(sumParts, o.sumParts);
        if (o.firstTime < firstTime || (o.firstTime == firstTime && o.firstValue < firstValue)) {
            firstTime = o.firstTime;
            firstValue = o.firstValue;
        }
        if (o.lastTime > lastTime || (o.lastTime == lastTime && o.lastValue > lastValue)) {
            lastTime = o.lastTime;
            lastValue = o.lastValue;
        }
        if (o.thingName != null) {
            thingName = o.thingName;
        }
    }

    /** The window's sum and mean, computed once when it is final. */
    void seal() {
        sum = ExactSum.value(sumParts);
        sumParts = ExactSum.compact(sumParts);
    }

    /** Mean of the samples. */
    public double avg() {
        return samples == 0 ? Double.NaN : sum / samples;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MeasureRollup)) {
            return false;
        }
        MeasureRollup r = (MeasureRollup) o;
        return windowStart == r.windowStart
                && windowEnd == r.windowEnd
                && samples == r.samples
                && Double.compare(min, r.min) == 0
                && Double.compare(max, r.max) == 0
                && Double.compare(sum, r.sum) == 0
                && Double.compare(firstValue, r.firstValue) == 0
                && Double.compare(lastValue, r.lastValue) == 0
                && firstTime == r.firstTime
                && lastTime == r.lastTime
                && Objects.equals(deviceId, r.deviceId)
                && Objects.equals(thingName, r.thingName)
                && Objects.equals(measure, r.measure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, measure, windowStart);
    }

    @Override
    public String toString() {
        return "MeasureRollup{"
                + deviceId
                + "/"
                + measure
                + " ["
                + windowStart
                + ","
                + windowEnd
                + ") n="
                + samples
                + " min="
                + min
                + " max="
                + max
                + " sum="
                + sum
                + " parts="
                + Arrays.toString(sumParts)
                + " first="
                + firstValue
                + "@"
                + firstTime
                + " last="
                + lastValue
                + "@"
                + lastTime
                + "}";
    }
}
