package io.fleetlake.connectors.aws;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The AWS client options every group that talks to AWS shares (Kinesis, Glue, SNS, Timestream, the
 * lake's S3): their keys and types are declared here once, with one naming ({@code region}, {@code
 * endpoint}, {@code access-key-id}, {@code secret-access-key}). Each group's options class takes
 * its own instance with a description of what the value means for that service, so reading one
 * group's {@code region} as another's still fails; keys a group used before are kept as deprecated
 * keys (they still parse, and the configuration reference marks them).
 */
public final class AwsClientOptions {
    public static final String REGION = "region";
    public static final String ENDPOINT = "endpoint";
    public static final String ACCESS_KEY_ID = "access-key-id";
    public static final String SECRET_ACCESS_KEY = "secret-access-key";

    private AwsClientOptions() {}

    /** The AWS region of the service. */
    public static ConfigOption<String> region(String description) {
        return string(REGION, description);
    }

    /** An endpoint override (VPC endpoint, local or test server). */
    public static ConfigOption<String> endpoint(String description) {
        return string(ENDPOINT, description);
    }

    /** A static access key id (test and local servers only; unset: the default chain). */
    public static ConfigOption<String> accessKeyId(String description, String... deprecatedKeys) {
        return string(ACCESS_KEY_ID, description, deprecatedKeys);
    }

    /** The static secret key that goes with the access key id (never logged). */
    public static ConfigOption<String> secretAccessKey(
            String description, String... deprecatedKeys) {
        return string(SECRET_ACCESS_KEY, description, deprecatedKeys);
    }

    /**
     * A string option under {@code prefix + key} (e.g. the lake's {@code s3-} options), with the
     * given deprecated keys.
     */
    public static ConfigOption<String> prefixed(
            String prefix, String key, String description, String... deprecatedKeys) {
        return string(prefix + key, description, deprecatedKeys);
    }

    private static ConfigOption<String> string(
            String key, String description, String... deprecatedKeys) {
        return ConfigOptions.key(key)
                .stringType()
                .noDefaultValue()
                .withDeprecatedKeys(deprecatedKeys)
                .withDescription(description);
    }
}
