package io.fleetlake.job.topk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The local half of TOP-K's local-global counting: chained to the breadcrumb or reading stream, it
 * evaluates each spec's filter and item on every record and counts per (spec, window, item) in a
 * hash map, so that one record per distinct item and window crosses the shuffle instead of one per
 * event. Partial counts are sent on when the watermark closes their window, when the map holds
 * {@code maxEntries} counts (bounding the heap), and before every checkpoint barrier: the operator
 * keeps no state, so exactly-once needs nothing from it. Records whose window the watermark has
 * already closed are left out, as a window operator drops them (they are counted as {@code
 * lateEvents} before this operator).
 *
 * @param <T> the record type of the spec's table
 */
public class TopKLocalCounter<T> extends AbstractStreamOperator<TopKCount>
        implements OneInputStreamOperator<T, TopKCount> {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final List<TopKSpec> specs;
    private final int maxEntries;

    private transient List<TopKExpression<T>> items;
    private transient List<TopKExpression<T>> filters;
    private transient long[] windowMillis;

    /** Per spec: window start → item → count. */
    private transient List<Map<Long, Map<String, long[]>>> open;

    private transient int entries;
    private transient long watermark;

    /**
     * @param table the table of the records ({@code breadcrumbs} or {@code readings})
     * @param specs the specs on that table
     * @param maxEntries counts held before they are sent on early
     */
    public TopKLocalCounter(String table, List<TopKSpec> specs, int maxEntries) {
        this.table = table;
        this.specs = new ArrayList<>(specs);
        this.maxEntries = maxEntries;
        for (TopKSpec s : specs) {
            if (!s.table.equals(table)) {
                throw new IllegalArgumentException(
                        "spec " + s.name + " is on " + s.table + ", not " + table);
            }
        }
        // A plain function of its input (like map): runs in the task of the stream it counts,
        // before any shuffle.
        chainingStrategy = ChainingStrategy.ALWAYS;
    }

    @Override
    public void open() throws Exception {
        super.open();
        items = new ArrayList<>();
        filters = new ArrayList<>();
        open = new ArrayList<>();
        windowMillis = new long[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            TopKSpec s = specs.get(i);
            items.add(TopKExpression.parse(s.item, TopKColumns.of(table)));
            filters.add(TopKExpression.parse(s.filter, TopKColumns.of(table)));
            open.add(new HashMap<>());
            windowMillis[i] = s.windowSeconds * 1000;
        }
        watermark = Long.MIN_VALUE;
        entries = 0;
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        if (!element.hasTimestamp()) {
            throw new IllegalStateException("TOP-K input without an event-time timestamp");
        }
        long ts = element.getTimestamp();
        T record = element.getValue();
        for (int i = 0; i < windowMillis.length; i++) {
            if (!filters.get(i).test(record)) {
                continue;
            }
            String item = items.get(i).item(record);
            if (item == null) {
                continue;
            }
            long size = windowMillis[i];
            long start = ts - Math.floorMod(ts, size);
            if (start + size - 1 <= watermark) {
                continue;
            }
            Map<String, long[]> window = open.get(i).computeIfAbsent(start, w -> new HashMap<>());
            long[] count = window.get(item);
            if (count == null) {
                window.put(item, new long[] {1});
                entries++;
            } else {
                count[0]++;
            }
        }
        if (entries >= maxEntries) {
            flush(Long.MAX_VALUE);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        // Counts of the windows this watermark closes go out before it, so downstream they are on
        // time.
        flush(watermark);
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush(Long.MAX_VALUE);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush(Long.MAX_VALUE);
        super.finish();
    }

    /** Sends on the counts of every window whose last millisecond is at or before {@code upTo}. */
    private void flush(long upTo) {
        for (int i = 0; i < windowMillis.length; i++) {
            long size = windowMillis[i];
            String spec = specs.get(i).name;
            Iterator<Map.Entry<Long, Map<String, long[]>>> windows =
                    open.get(i).entrySet().iterator();
            while (windows.hasNext()) {
                Map.Entry<Long, Map<String, long[]>> w = windows.next();
                long start = w.getKey();
                if (upTo != Long.MAX_VALUE && start + size - 1 > upTo) {
                    continue;
                }
                for (Map.Entry<String, long[]> e : w.getValue().entrySet()) {
                    output.collect(
                            new StreamRecord<>(
                                    new TopKCount(
                                            spec, start, start + size, e.getKey(), e.getValue()[0]),
                                    start + size - 1));
                }
                entries -= w.getValue().size();
                windows.remove();
            }
        }
    }
}
