package io.fleetlake.connectors.glue;

import io.fleetlake.connectors.aws.AwsClientOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the Glue Data Catalog registration (property group {@code Glue}), read by {@link
 * GlueSettings#fromConfiguration}. The declaration order is the configuration reference's.
 */
public final class GlueOptions {
    private GlueOptions() {}

    public static final ConfigOption<String> DATABASE =
            ConfigOptions.key("database")
                    .stringType()
                    .defaultValue("fleetlake")
                    .withDescription("Glue database of the lake tables (created if missing).");
    public static final ConfigOption<String> REGION =
            AwsClientOptions.region(
                    "AWS region of the catalog. Unset: the default region chain (AWS_REGION, ...).");
    public static final ConfigOption<String> ENDPOINT =
            AwsClientOptions.endpoint(
                    "Glue endpoint override (a local stand-in). Unset: the region's.");
    public static final ConfigOption<String> CATALOG_ID =
            ConfigOptions.key("catalog-id")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Catalog id (owning account). Unset: the caller's account.");
    public static final ConfigOption<String> LOCATION =
            ConfigOptions.key("location")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Lake root as the catalog should see it; tables are at <location>/<table>/. Unset: "
                                    + "Lake.path.");
    public static final ConfigOption<String> ACCESS_KEY =
            AwsClientOptions.accessKeyId(
                    "Access key for a local stand-in only; unset: the default AWS credential chain.",
                    "access-key");
    public static final ConfigOption<String> SECRET_KEY =
            AwsClientOptions.secretAccessKey(
                    "Secret key for a local stand-in only (never logged).", "secret-key");
    public static final ConfigOption<Integer> MAX_ATTEMPTS =
            ConfigOptions.key("max-attempts")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Attempts per Glue call; throttling and 5xx are retried with exponential backoff.");
    public static final ConfigOption<Duration> RETRY_INTERVAL =
            ConfigOptions.key("retry-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Partitions Glue refused are tried again with the next commit, or after this.");
}
