package io.fleetlake.connectors.files;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out file splits in the natural order of their paths ({@code part-2} before {@code part-10};
 * {@code 2026-01-02.jsonl} before {@code 2026-01-03.jsonl}), then by offset.
 *
 * <p>Why: a backfill's files usually each hold a slice of event time, named in time order. Flink's
 * default assigner hands them out in the order the file system lists them, which differs from run
 * to run; a file started after a later one was read is then behind the watermark as a whole, and
 * every event-time operator (alerts, rollups, TOP-K) counts all of it as late. In path order a
 * reader only ever moves forward in time, and at parallelism p at most the p files being read at
 * once wait for one another.
 */
public final class PathOrderSplitAssigner implements FileSplitAssigner {
    /** Natural path order, then offset: the order splits are handed out. */
    static final Comparator<FileSourceSplit> ORDER =
            Comparator.<FileSourceSplit, String>comparing(
                            s -> s.path().toString(), PathOrderSplitAssigner::compareNatural)
                    .thenComparingLong(FileSourceSplit::offset)
                    .thenComparing(FileSourceSplit::splitId);

    private final PriorityQueue<FileSourceSplit> pending = new PriorityQueue<>(ORDER);

    /** An assigner holding {@code initial}. */
    public PathOrderSplitAssigner(Collection<FileSourceSplit> initial) {
        pending.addAll(initial);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(pending.poll());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> splits) {
        // New files of a monitored directory, and splits a failed reader gave back.
        pending.addAll(splits);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        ArrayList<FileSourceSplit> remaining = new ArrayList<>(pending);
        remaining.sort(ORDER);
        return remaining;
    }

    /**
     * Compares runs of digits by their value and everything else by character, so numbered files
     * sort as people number them.
     */
    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String da = stripZeros(a.substring(i, ei));
                String db = stripZeros(b.substring(j, ej));
                int c =
                        da.length() != db.length()
                                ? Integer.compare(da.length(), db.length())
                                : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        // Equal up to leading zeros ("part-01" vs "part-1"): fall back to plain order, so the
        // order stays total.
        return c != 0 ? c : a.compareTo(b);
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
