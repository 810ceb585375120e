package io.fleetlake.job.rollup;

import java.util.Objects;

/**
 * One vehicle's movement over one event-time window: a row of the lake table {@code
 * breadcrumbs_1m}. Each segment between two consecutive positions (event-time order) belongs to the
 * window of its later point.
 */
public class TripRollup {
    public String thingName;
    public String deviceId;

    /** Window start, epoch ms UTC (inclusive). */
    public long windowStart;

    /** Window end, epoch ms UTC (exclusive). */
    public long windowEnd;

    /** Positions in the window. */
    public long samples;

    /** Haversine length of the window's segments, km (Earth radius 6,371.0088 km). */
    public double distanceKm;

    /** Highest and mean reported speed (km/h); null when no position had a speed. */
    public Double maxSpeed;

    public Double avgSpeed;

    /**
     * Seconds of the window's segments whose later point was moving (speed at least 1 km/h, or,
     * with no speed, a changed position), counted from the window start at the earliest.
     */
    public double movingS;

    /** The same for speed above the speeding rule's limit; null without a speeding rule. */
    public Double speedingS;

    public double firstLat;
    public double firstLon;
    public double lastLat;
    public double lastLon;

    public TripRollup() {}

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TripRollup)) {
            return false;
        }
        TripRollup r = (TripRollup) o;
        return windowStart == r.windowStart
                && windowEnd == r.windowEnd
                && samples == r.samples
                && Double.compare(distanceKm, r.distanceKm) == 0
                && Objects.equals(maxSpeed, r.maxSpeed)
                && Objects.equals(avgSpeed, r.avgSpeed)
                && Double.compare(movingS, r.movingS) == 0
                && Objects.equals(speedingS, r.speedingS)
                && Double.compare(firstLat, r.firstLat) == 0
                && Double.compare(firstLon, r.firstLon) == 0
                && Double.compare(lastLat, r.lastLat) == 0
                && Double.compare(lastLon, r.lastLon) == 0
                && Objects.equals(thingName, r.thingName)
                && Objects.equals(deviceId, r.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(thingName, windowStart);
    }

    @Override
    public String toString() {
        return "TripRollup{"
                + thingName
                + " ["
                + windowStart
                + ","
                + windowEnd
                + ") n="
                + samples
                + " km="
                + distanceKm
                + " max="
                + maxSpeed
                + " avg="
                + avgSpeed
                + " moving="
                + movingS
                + " speeding="
                + speedingS
                + "}";
    }
}
