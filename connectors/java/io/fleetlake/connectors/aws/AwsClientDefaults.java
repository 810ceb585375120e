package io.fleetlake.connectors.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * How an SDK v2 client of a group with the {@link AwsClientOptions} finds its credentials and
 * region: the static pair when both keys are set (local stand-ins), else the default chains.
 */
public final class AwsClientDefaults {
    private AwsClientDefaults() {}

    /** The static pair when both are set, else the SDK's default credentials chain. */
    public static AwsCredentialsProvider credentials(String accessKeyId, String secretAccessKey) {
        if (accessKeyId != null && secretAccessKey != null) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * The configured region, else the SDK's region chain; with an endpoint override and no region
     * anywhere, us-east-1 (a local stand-in does not care; signing needs some region).
     *
     * @param system what the client is for, as the error names it (e.g. "Glue")
     * @param regionKey the key to set, as the error names it (e.g. "Glue.region")
     */
    public static Region region(String region, String endpoint, String system, String regionKey) {
        if (region != null) {
            return Region.of(region);
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            if (endpoint != null) {
                return Region.US_EAST_1;
            }
            throw new IllegalArgumentException(
                    "no AWS region for " + system + ": set " + regionKey + " or AWS_REGION", e);
        }
    }
}
