package io.fleetlake.job.rollup;

/** Great-circle distance on a sphere of the IUGG mean Earth radius. */
public final class Haversine {
    /** Mean Earth radius, km (IUGG). */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    private Haversine() {}

    /**
     * Kilometres between two WGS84 positions (degrees): {@code 2 R asin(sqrt(sin²(Δφ/2) + cos φ1
     * cos φ2 sin²(Δλ/2)))}, the formula the docs give for SQL too.
     */
    public static double km(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = Math.toRadians(lat2 - lat1);
        double dl = Math.toRadians(lon2 - lon1);
        double a =
                Math.pow(Math.sin(dp / 2), 2)
                        + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
    }
}
