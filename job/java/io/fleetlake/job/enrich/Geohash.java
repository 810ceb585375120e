package io.fleetlake.job.enrich;

/**
 * Geohash encoding (Niemeyer's base-32 interleaved latitude/longitude bits), as Athena/Presto's
 * geohash.
 */
public final class Geohash {
    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();

    private Geohash() {}

    /** The geohash of a position with {@code precision} characters (1..12). */
    public static String encode(double lat, double lon, int precision) {
        if (precision < 1 || precision > 12) {
            throw new IllegalArgumentException("geohash precision must be 1..12, got " + precision);
        }
        double latMin = -90;
        double latMax = 90;
        double lonMin = -180;
        double lonMax = 180;
        char[] out = new char[precision];
        boolean evenBit = true;
        int bit = 0;
        int ch = 0;
        int i = 0;
        while (i < precision) {
            if (evenBit) {
                double mid = (lonMin + lonMax) / 2;
                if (lon >= mid) {
                    ch = (ch << 1) | 1;
                    lonMin = mid;
                } else {
                    ch <<= 1;
                    lonMax = mid;
                }
            } else {
                double mid = (latMin + latMax) / 2;
                if (lat >= mid) {
                    ch = (ch << 1) | 1;
                    latMin = mid;
                } else {
                    ch <<= 1;
                    latMax = mid;
                }
            }
            evenBit = !evenBit;
            if (++bit == 5) {
                out[i++] = BASE32[ch];
                bit = 0;
                ch = 0;
            }
        }
        return new String(out);
    }
}
