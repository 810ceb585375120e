package io.fleetlake.tools.local;

import io.fleetlake.connectors.sink.RetryBudget;
import io.fleetlake.job.decode.DecodeAndRoute;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
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
    private static final Map<String, List<Gauge<?>>> GAUGES = new ConcurrentHashMap<>();

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String[] scope = group.getScopeComponents();
        if (scope.length == 0 || !DecodeAndRoute.METRIC_GROUP.equals(scope[scope.length - 1])) {
            return;
        }
        if (metric instanceof Counter) {
            COUNTERS.computeIfAbsent(metricName, k -> new CopyOnWriteArrayList<>())
                    .add((Counter) metric);
        } else if (metric instanceof Gauge) {
            GAUGES.computeIfAbsent(metricName, k -> new CopyOnWriteArrayList<>())
                    .add((Gauge<?>) metric);
        }
    }

    /** The largest value of a numeric gauge over all subtasks seen so far (0 when none). */
    public static long max(String metricName) {
        List<Gauge<?>> gs = GAUGES.get(metricName);
        long max = 0;
        if (gs != null) {
            for (Gauge<?> g : gs) {
                Object v = g.getValue();
                if (v instanceof Number) {
                    max = Math.max(max, ((Number) v).longValue());
                }
            }
        }
        return max;
    }

    /**
     * The secondary systems in trouble, as {@code RetryBudget} reports them: "influx DOWN 42 s,
     * 1,200 to dead_letter" when records are given up, "influx retrying 5 s" while retried. Empty
     * when every sink writes.
     */
    public static List<String> outages() {
        List<String> out = new java.util.ArrayList<>();
        for (String name : new java.util.TreeSet<>(GAUGES.keySet())) {
            if (!name.endsWith(RetryBudget.RETRY_MILLIS)) {
                continue;
            }
            String system = name.substring(0, name.length() - RetryBudget.RETRY_MILLIS.length());
            long secs = max(name) / 1000;
            if (max(system + RetryBudget.UNAVAILABLE) > 0) {
                out.add(
                        String.format(
                                java.util.Locale.ROOT,
                                "%s DOWN %d s, %,d to dead_letter",
                                system,
                                secs,
                                total(system + RetryBudget.GIVEN_UP)));
            } else if (secs > 0) {
                out.add(String.format(java.util.Locale.ROOT, "%s retrying %d s", system, secs));
            }
        }
        return out;
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Keep finished subtasks' counters: the final summary still needs their counts. A gauge
        // of a
        // finished (or failed) writer says nothing any more.
        if (metric instanceof Gauge) {
            List<Gauge<?>> gs = GAUGES.get(metricName);
            if (gs != null) {
                gs.remove(metric);
            }
        }
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
        GAUGES.clear();
    }
}
