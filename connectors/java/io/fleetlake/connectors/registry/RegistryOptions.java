package io.fleetlake.connectors.registry;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the device registry (property group {@code Registry}), read by {@link
 * RegistrySettings#fromConfiguration}. The declaration order is the configuration reference's.
 */
public final class RegistryOptions {
    private RegistryOptions() {}

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Device registry file, local or s3://: JSON lines or CSV (by extension), one device "
                                    + "per row.");
    public static final ConfigOption<List<String>> KEY_COLUMNS =
            ConfigOptions.key("key-columns")
                    .stringType()
                    .asList()
                    .defaultValues("thing_name", "device_id")
                    .withDescription(
                            "';'-separated columns that identify a device; a row is found by any of them.");
    public static final ConfigOption<Duration> RELOAD_INTERVAL =
            ConfigOptions.key("reload-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "How often to re-read the file if it changed (0: never). A broken new version keeps "
                                    + "the previous one.");
}
