package io.fleetlake.job.topk;

import java.util.Objects;

/** One ranked item of one closed window of one TOP-K spec. A row of the lake table {@code topk}. */
public class TopKRow {
    /** Window start, epoch ms UTC (inclusive). */
    public long windowStart;

    /** Window end, epoch ms UTC (exclusive). */
    public long windowEnd;

    public String spec;

    /** 1 = most frequent. */
    public int rank;

    public String item;
    public long itemCount;

    public TopKRow() {}

    public TopKRow(
            long windowStart, long windowEnd, String spec, int rank, String item, long itemCount) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.spec = spec;
        this.rank = rank;
        this.item = item;
        this.itemCount = itemCount;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TopKRow)) {
            return false;
        }
        TopKRow r = (TopKRow) o;
        return windowStart == r.windowStart
                && windowEnd == r.windowEnd
                && rank == r.rank
                && itemCount == r.itemCount
                && Objects.equals(spec, r.spec)
                && Objects.equals(item, r.item);
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowStart, spec, rank, item);
    }

    @Override
    public String toString() {
        return spec + "@" + windowStart + " #" + rank + " " + item + " (" + itemCount + ")";
    }
}
