package io.fleetlake.connectors.registry;

import io.fleetlake.connectors.aws.AwsClientOptions;
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

    public static final ConfigOption<String> SOURCE =
            ConfigOptions.key("source")
                    .stringType()
                    .defaultValue(RegistrySettings.SOURCE_FILE)
                    .withDescription(
                            "Where the registry comes from: 'file' (Registry.path) or 'iot' (the AWS IoT "
                                    + "registry: things with their thing type, attributes and thing groups).");
    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Device registry file, local or s3://: JSON lines or CSV (by extension), one device "
                                    + "per row. Required with source 'file'.");
    public static final ConfigOption<List<String>> KEY_COLUMNS =
            ConfigOptions.key("key-columns")
                    .stringType()
                    .asList()
                    .defaultValues("thing_name", "device_id")
                    .withDescription(
                            "';'-separated columns that identify a device; a row is found by any of them. "
                                    + "With source 'iot' a thing is found by its name and by these attributes.");
    public static final ConfigOption<Duration> RELOAD_INTERVAL =
            ConfigOptions.key("reload-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "How often to re-read the file if it changed, or the IoT registry (0: never). A "
                                    + "broken new version, an error or an empty answer after a non-empty one keeps "
                                    + "the previous one.");
    public static final ConfigOption<String> REGION =
            AwsClientOptions.region(
                    "AWS region of the IoT registry (source 'iot'). Unset: the default region chain "
                            + "(AWS_REGION, ...).");
    public static final ConfigOption<String> ENDPOINT =
            AwsClientOptions.endpoint(
                    "IoT control-plane endpoint override (a local stand-in). Unset: the region's.");
    public static final ConfigOption<String> ACCESS_KEY_ID =
            AwsClientOptions.accessKeyId(
                    "Access key for a local stand-in only; unset: the default AWS credential chain.");
    public static final ConfigOption<String> SECRET_ACCESS_KEY =
            AwsClientOptions.secretAccessKey(
                    "Secret key for a local stand-in only (never logged).");
}
