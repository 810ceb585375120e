package io.fleetlake.job.rollup;

import java.util.Arrays;

/**
 * Exact floating-point summation with Shewchuk's non-overlapping partials (the algorithm of
 * Python's {@code math.fsum}): the partials represent the sum of every added double exactly, and
 * {@link #value} rounds it once, correctly. A window's sum so does not depend on the order its
 * samples arrived in, and merging two windows' partials is exact too. A window usually needs one to
 * three partials.
 */
final class ExactSum {
    private ExactSum() {}

    /** The partials of {@code parts} plus {@code x}. */
    static double[] add(double[] parts, double x) {
        double[] out = new double[parts.length + 1];
        int n = 0;
        for (double y : parts) {
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                out[n++] = lo;
            }
            x = hi;
        }
        out[n++] = x;
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The partials of both sums. */
    static double[] addAll(double[] parts, double[] more) {
        double[] out = parts;
        for (double x : more) {
            out = add(out, x);
        }
        return out;
    }

    /** The correctly rounded value of the exact sum (round-half-even, as fsum). */
    static double value(double[] parts) {
        int n = parts.length;
        if (n == 0) {
            return 0.0;
        }
        double hi = parts[--n];
        double lo = 0.0;
        while (n > 0) {
            double x = hi;
            double y = parts[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        // Correct the rounding when the remaining partials push a half-way case over.
        if (n > 0 && ((lo < 0.0 && parts[n - 1] < 0.0) || (lo > 0.0 && parts[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
        return hi;
    }

    /** The same sum with no zero partials. */
    static double[] compact(double[] parts) {
        return Arrays.stream(parts).filter(p -> p != 0.0).toArray();
    }
}
