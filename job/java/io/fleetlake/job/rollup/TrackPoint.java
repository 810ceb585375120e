package io.fleetlake.job.rollup;

/** A position kept in state until its window is final: what a trip rollup needs of a breadcrumb. */
public class TrackPoint implements Comparable<TrackPoint> {
    public long time;
    public double lat;
    public double lon;

    /** km/h as reported; null when the breadcrumb had none. */
    public Double speed;

    /** The vehicle's own speed limit (registry attribute), null when it has none. */
    public Double limitKmh;

    public String deviceId;

    public TrackPoint() {}

    /** Event-time order; equal times by position, so every run orders them the same way. */
    @Override
    public int compareTo(TrackPoint o) {
        int c = Long.compare(time, o.time);
        if (c == 0) {
            c = Double.compare(lat, o.lat);
        }
        return c != 0 ? c : Double.compare(lon, o.lon);
    }
}
