package io.fleetlake.connectors.timestream;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClient;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteAsyncClientBuilder;

/**
 * How the sink reaches Timestream: region, optional endpoint override, credentials. Serializable:
 * it travels with the sink to the task managers, which build the client there.
 *
 * <p>Against AWS, endpoint discovery is on (Timestream requires it: the client calls
 * DescribeEndpoints and caches the cell endpoint). With an endpoint override (a VPC endpoint, or a
 * test server) discovery is off and every call goes to the override.
 *
 * <p>The SDK's own retries are switched off: the sink owns retrying (back-off plus AsyncSinkBase's
 * AIMD rate limiting), so a throttled batch is counted and visible instead of hidden inside the
 * client.
 */
public final class TimestreamClientConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String region;
    private final String endpoint;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final Duration apiCallTimeout;

    private TimestreamClientConfig(
            String region,
            String endpoint,
            String accessKeyId,
            String secretAccessKey,
            Duration apiCallTimeout) {
        this.region = region;
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.apiCallTimeout = apiCallTimeout;
    }

    /**
     * The client the {@link TimestreamOptions} in {@code config} describe (region, endpoint
     * override), with the default credential chain.
     */
    public static TimestreamClientConfig fromConfiguration(ReadableConfig config) {
        return of(
                config.getOptional(TimestreamOptions.REGION).orElse(null),
                config.getOptional(TimestreamOptions.ENDPOINT).orElse(null));
    }

    /**
     * The default credential chain (the MSF application role, instance profile, environment...).
     */
    public static TimestreamClientConfig of(String region, String endpointOrNull) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException(
                    "Timestream needs a region ('" + TimestreamOptions.REGION.key() + "')");
        }
        String endpoint =
                endpointOrNull == null || endpointOrNull.isBlank() ? null : endpointOrNull.trim();
        if (endpoint != null) {
            URI uri = URI.create(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "Timestream endpoint override '"
                                + endpoint
                                + "' is not an absolute URI like https://host:port");
            }
        }
        return new TimestreamClientConfig(
                region.trim(), endpoint, null, null, Duration.ofSeconds(60));
    }

    /** The same, with fixed credentials (tests, or a setup without a role). */
    public TimestreamClientConfig withStaticCredentials(
            String accessKeyId, String secretAccessKey) {
        return new TimestreamClientConfig(
                region, endpoint, accessKeyId, secretAccessKey, apiCallTimeout);
    }

    /**
     * The same, with another limit on one WriteRecords call (connect, send, wait for the answer).
     */
    public TimestreamClientConfig withApiCallTimeout(Duration timeout) {
        return new TimestreamClientConfig(region, endpoint, accessKeyId, secretAccessKey, timeout);
    }

    public String region() {
        return region;
    }

    /** The endpoint override, or null (AWS with endpoint discovery). */
    public String endpoint() {
        return endpoint;
    }

    /** Builds the async client; {@code maxConcurrency} bounds its open connections. */
    TimestreamWriteAsyncClient createClient(int maxConcurrency) {
        TimestreamWriteAsyncClientBuilder builder =
                TimestreamWriteAsyncClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(credentials())
                        .httpClientBuilder(
                                NettyNioAsyncHttpClient.builder()
                                        .maxConcurrency(Math.max(2, maxConcurrency)))
                        .overrideConfiguration(
                                ClientOverrideConfiguration.builder()
                                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                                        .apiCallTimeout(apiCallTimeout)
                                        .build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint)).endpointDiscoveryEnabled(false);
        } else {
            builder.endpointDiscoveryEnabled(true);
        }
        return builder.build();
    }

    private AwsCredentialsProvider credentials() {
        if (accessKeyId != null) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        // A fresh chain per client (not the shared singleton): it resolves in the task manager's
        // environment.
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public String toString() {
        // Never print credentials.
        return "TimestreamClientConfig{region="
                + region
                + ", endpoint="
                + (endpoint == null ? "discovery" : endpoint)
                + ", credentials="
                + (accessKeyId == null ? "default chain" : "static")
                + "}";
    }
}
