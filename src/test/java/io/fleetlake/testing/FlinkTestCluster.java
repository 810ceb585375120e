package io.fleetlake.testing;

import io.fleetlake.tools.local.LoopbackConfiguration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The MiniCluster every end-to-end test runs on: loopback only, enough slots, failures fail the
 * test.
 */
public final class FlinkTestCluster {
    private FlinkTestCluster() {}

    /** A MiniClusterExtension with one TaskManager of {@code slots} slots. */
    public static MiniClusterExtension extension(int slots) {
        return extension(slots, new Configuration());
    }

    /** The same, with extra settings (e.g. a metric reporter). */
    public static MiniClusterExtension extension(int slots, Configuration extra) {
        Configuration c = configuration();
        c.addAll(extra);
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .setConfiguration(c)
                        .build());
    }

    /**
     * Settings that make the job's fleetlake.* counters readable through {@code ProgressMetrics}.
     */
    public static Configuration withProgressMetrics() {
        Configuration c = new Configuration();
        c.setString(
                "metrics.reporter.progress.factory.class",
                io.fleetlake.tools.local.ProgressMetricsFactory.class.getName());
        return c;
    }

    /** Loopback binding, and no restarts unless a test asks for them. */
    public static Configuration configuration() {
        Configuration c = LoopbackConfiguration.create();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }
}
