package io.fleetlake.tools.local;

import io.fleetlake.job.decode.DecodeAndRoute;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A metric reporter for in-process (MiniCluster) runs: it keeps every counter of the {@code
 * fleetlake} metric group, so the launcher can sum them across subtasks for its progress line. It
 * reads the same metrics MSF exports to CloudWatch; nothing is counted twice or separately.
 */
public class ProgressMetrics implements MetricReporter {
    private static final Map<String, List<Counter>> COUNTERS = new ConcurrentHashMap<>();

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String[] scope = group.getScopeComponents();
        if (metric instanceof Counter
                && scope.length > 0
                && DecodeAndRoute.METRIC_GROUP.equals(scope[scope.length - 1])) {
            COUNTERS.computeIfAbsent(metricName, k -> new CopyOnWriteArrayList<>())
                    .add((Counter) metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Keep finished subtasks' counters: the final summary still needs their counts.
    }

    /** The sum of a counter over all subtasks seen so far. */
    public static long total(String metricName) {
        List<Counter> cs = COUNTERS.get(metricName);
        if (cs == null) {
            return 0;
        }
        long sum = 0;
        for (Counter c : cs) {
            sum += c.getCount();
        }
        return sum;
    }

    /** All counter names with their totals. */
    public static Map<String, Long> totals() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String name : COUNTERS.keySet()) {
            out.put(name, total(name));
        }
        return out;
    }

    /** Forgets all counters (before a new run in the same JVM). */
    public static void reset() {
        COUNTERS.clear();
    }
}
