package io.fleetlake.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster every end-to-end test runs on: loopback only, enough slots, failures fail the test. */
public final class FlinkTestCluster {
    private FlinkTestCluster() {}

    /** A MiniClusterExtension with one TaskManager of {@code slots} slots. */
    public static MiniClusterExtension extension(int slots) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .setConfiguration(configuration())
                .build());
    }

    /** Loopback binding, and no restarts unless a test asks for them. */
    public static Configuration configuration() {
        Configuration c = new Configuration();
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        c.set(RestOptions.ADDRESS, "127.0.0.1");
        c.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        c.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(TaskManagerOptions.HOST, "127.0.0.1");
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }
}
