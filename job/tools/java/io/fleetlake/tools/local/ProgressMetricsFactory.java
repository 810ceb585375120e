package io.fleetlake.tools.local;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates {@link ProgressMetrics} (configured as {@code metrics.reporter.progress.factory.class}).
 */
public class ProgressMetricsFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new ProgressMetrics();
    }
}
