package io.fleetlake.tools.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Flink settings that keep an in-process cluster on the loopback interface: nothing listens
 * elsewhere.
 */
public final class LoopbackConfiguration {
    private LoopbackConfiguration() {}

    /** A new configuration bound to 127.0.0.1. */
    public static Configuration create() {
        Configuration c = new Configuration();
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        c.set(RestOptions.ADDRESS, "127.0.0.1");
        c.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        c.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(TaskManagerOptions.HOST, "127.0.0.1");
        return c;
    }
}
