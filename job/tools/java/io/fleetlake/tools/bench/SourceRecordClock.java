package io.fleetlake.tools.bench;

import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Times a bench run's steady state: a metric reporter (configured as {@code
 * metrics.reporter.bench.factory.class}) that keeps the {@code numRecordsOut} counters of every
 * source operator, and a sampler thread that notes when the first record left a source and when the
 * count last grew. Start-up (cluster, planning, deployment) comes before the first record; the
 * final checkpoint and commit after the last, so neither is in the steady state.
 */
public final class SourceRecordClock implements MetricReporter {
    private static final List<Counter> SOURCE_COUNTERS = new CopyOnWriteArrayList<>();

    private volatile boolean running;
    private volatile long firstNanos;
    private volatile long lastNanos;
    private volatile long lastCount;
    private Thread sampler;

    /** Creates {@link SourceRecordClock} reporters for Flink's metric system. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new SourceRecordClock();
        }
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String operator = group.getAllVariables().getOrDefault("<operator_name>", "");
        if (metric instanceof Counter
                && metricName.equals("numRecordsOut")
                && operator.toLowerCase(Locale.ROOT).startsWith("source")) {
            SOURCE_COUNTERS.add((Counter) metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Finished sources keep their counts until the run is measured.
    }

    /** Forgets the previous run's counters and starts sampling. */
    static SourceRecordClock start() {
        SOURCE_COUNTERS.clear();
        SourceRecordClock clock = new SourceRecordClock();
        clock.running = true;
        clock.sampler = new Thread(clock::sample, "bench-source-clock");
        clock.sampler.setDaemon(true);
        clock.sampler.start();
        return clock;
    }

    /**
     * Stops sampling; returns the seconds from the first to the last source record (0 if none was
     * seen).
     */
    double stop() throws InterruptedException {
        running = false;
        sampler.join();
        sampleOnce();
        return firstNanos == 0 ? 0 : (lastNanos - firstNanos) / 1e9;
    }

    private void sample() {
        while (running) {
            sampleOnce();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        long n = 0;
        for (Counter c : SOURCE_COUNTERS) {
            n += c.getCount();
        }
        if (n > lastCount) {
            long now = System.nanoTime();
            if (firstNanos == 0) {
                firstNanos = now;
            }
            lastNanos = now;
            lastCount = n;
        }
    }
}
