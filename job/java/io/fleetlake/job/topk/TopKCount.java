package io.fleetlake.job.topk;

import java.util.Objects;

/**
 * A count of one item in one window of one TOP-K spec: partial (from one subtask's pre-aggregation)
 * on the way to the item counter, final on the way to the ranking.
 */
public class TopKCount {
    public String spec;

    /** Window start, epoch ms UTC (inclusive). */
    public long windowStart;

    /** Window end, epoch ms UTC (exclusive). */
    public long windowEnd;

    public String item;
    public long count;

    public TopKCount() {}

    public TopKCount(String spec, long windowStart, long windowEnd, String item, long count) {
        this.spec = spec;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.item = item;
        this.count = count;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TopKCount)) {
            return false;
        }
        TopKCount c = (TopKCount) o;
        return windowStart == c.windowStart
                && windowEnd == c.windowEnd
                && count == c.count
                && Objects.equals(spec, c.spec)
                && Objects.equals(item, c.item);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, windowStart, item, count);
    }

    @Override
    public String toString() {
        return spec + "@" + windowStart + " " + item + " (" + count + ")";
    }
}
