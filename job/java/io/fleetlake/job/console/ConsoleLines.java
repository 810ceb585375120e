package io.fleetlake.job.console;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Lines a local run prints to the console (alerts, TOP-K rows), at most {@code perInterval} in each
 * interval of processing time; the others are counted and summed up in one line when the interval
 * is over and at the end of the input. A backfill closes thousands of alert episodes and windows in
 * seconds: printing every one costs CPU (formatting, a synchronised stream, a terminal that
 * scrolls) and nobody reads them; every one of them is in the lake.
 */
public final class ConsoleLines {
    private final PrintStream out;
    private final String what;
    private final int perInterval;
    private final long intervalMillis;
    private final LongSupplier clock;
    private long intervalStart = Long.MIN_VALUE;
    private int printed;
    private long suppressed;

    /**
     * @param what what the lines are, and where all of them are, for the summary line (e.g. "alerts
     *     (all in the lake table alerts)")
     */
    public ConsoleLines(
            PrintStream out,
            String what,
            int perInterval,
            long intervalMillis,
            LongSupplier clock) {
        this.out = out;
        this.what = what;
        this.perInterval = perInterval;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** Prints the line unless this interval's lines are used up; builds it only to print it. */
    public void println(Supplier<String> line) {
        long now = clock.getAsLong();
        if (intervalStart == Long.MIN_VALUE || now - intervalStart >= intervalMillis) {
            summary();
            intervalStart = now;
            printed = 0;
        }
        if (printed < perInterval) {
            printed++;
            out.println(line.get());
        } else {
            suppressed++;
        }
    }

    /** Prints the count of lines left out since the last summary, if any. */
    public void summary() {
        if (suppressed > 0) {
            out.printf(
                    Locale.ROOT,
                    "... %,d more %s not printed (at most %d lines per %d s)%n",
                    suppressed,
                    what,
                    perInterval,
                    intervalMillis / 1000);
            suppressed = 0;
        }
    }

    public void flush() {
        out.flush();
    }
}
