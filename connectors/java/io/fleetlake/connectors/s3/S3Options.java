package io.fleetlake.connectors.s3;

import io.fleetlake.connectors.aws.AwsClientOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * S3 settings for this JVM (part of property group {@code Lake}), read by {@link
 * S3FileSystems.Settings#fromConfiguration}. The declaration order is the configuration
 * reference's.
 */
public final class S3Options {
    private S3Options() {}

    public static final ConfigOption<String> ENDPOINT =
            AwsClientOptions.prefixed(
                    "s3-",
                    AwsClientOptions.ENDPOINT,
                    "S3 endpoint override for a local S3 server (./fleetlake and tests only; a Flink "
                            + "cluster takes s3.endpoint from its own configuration, MSF configures S3 itself).");
    public static final ConfigOption<Boolean> PATH_STYLE_ACCESS =
            ConfigOptions.key("s3-path-style-access")
                    .booleanType()
                    .noDefaultValue()
                    .withDescription(
                            "Path-style S3 requests, as local S3 servers need (./fleetlake and tests only).");
    public static final ConfigOption<String> ACCESS_KEY =
            AwsClientOptions.prefixed(
                    "s3-",
                    AwsClientOptions.ACCESS_KEY_ID,
                    "Access key of a local S3 server only; unset: the default AWS credential chain.",
                    "s3-access-key");
    public static final ConfigOption<String> SECRET_KEY =
            AwsClientOptions.prefixed(
                    "s3-",
                    AwsClientOptions.SECRET_ACCESS_KEY,
                    "Secret key of a local S3 server only (never logged).",
                    "s3-secret-key");
}
