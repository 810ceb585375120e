package io.fleetlake.connectors.sns;

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
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsAsyncClientBuilder;

/**
 * Where and how the SNS sink publishes: topic, region, endpoint, credentials, batching.
 * Serializable: it travels to the task managers, which build the client there. The SDK's own
 * retries are off: the sink retries (and counts) itself, then gives up to a dead letter.
 */
public final class SnsSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String GROUP = "Alerts.Sns";

    final String topicArn;
    final String region;
    final String endpoint;
    final String accessKeyId;
    final String secretAccessKey;
    final int maxBatchSize;
    final int maxInFlight;
    final Duration maxBufferTime;
    final int maxAttempts;
    final Duration retryDuration;

    private SnsSettings(
            String topicArn,
            String region,
            String endpoint,
            String accessKeyId,
            String secretAccessKey,
            int maxBatchSize,
            int maxInFlight,
            Duration maxBufferTime,
            int maxAttempts,
            Duration retryDuration) {
        this.topicArn = topicArn;
        this.region = region;
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.maxBatchSize = maxBatchSize;
        this.maxInFlight = maxInFlight;
        this.maxBufferTime = maxBufferTime;
        this.maxAttempts = maxAttempts;
        this.retryDuration = retryDuration;
    }

    /** Reads the group; fails naming the group and key. */
    public static SnsSettings fromConfiguration(ReadableConfig c) {
        String arn = c.get(SnsOptions.TOPIC_ARN);
        if (arn == null || arn.isBlank()) {
            throw new IllegalArgumentException("property group '" + GROUP + "' needs 'topic-arn'");
        }
        arn = arn.trim();
        String[] parts = arn.split(":");
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sns")) {
            throw new IllegalArgumentException(
                    "bad value '"
                            + arn
                            + "' for 'topic-arn' in property group '"
                            + GROUP
                            + "': expected arn:aws:sns:REGION:ACCOUNT:NAME");
        }
        String region = c.getOptional(SnsOptions.REGION).map(String::trim).orElse(parts[3]);
        String endpoint =
                c.getOptional(SnsOptions.ENDPOINT)
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .orElse(null);
        if (endpoint != null) {
            URI uri = URI.create(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "bad value '"
                                + endpoint
                                + "' for 'endpoint' in property group '"
                                + GROUP
                                + "': expected an absolute URI like https://host:port");
            }
        }
        int batch = c.get(SnsOptions.MAX_BATCH_SIZE);
        if (batch < 1 || batch > 10) {
            throw new IllegalArgumentException(
                    "bad value "
                            + batch
                            + " for 'max-batch-size' in property group '"
                            + GROUP
                            + "': 1 to 10");
        }
        int inFlight = c.get(SnsOptions.MAX_IN_FLIGHT);
        int attempts = c.get(SnsOptions.MAX_ATTEMPTS);
        if (inFlight < 1 || attempts < 1) {
            throw new IllegalArgumentException(
                    "'max-in-flight-requests' and 'max-attempts' in property group '"
                            + GROUP
                            + "' must be at least 1");
        }
        Duration retryDuration = c.get(SnsOptions.RETRY_DURATION);
        if (retryDuration.isNegative() || retryDuration.isZero()) {
            throw new IllegalArgumentException(
                    "'retry-duration' in property group '" + GROUP + "' must be positive");
        }
        return new SnsSettings(
                arn,
                region,
                endpoint,
                c.get(SnsOptions.ACCESS_KEY_ID),
                c.get(SnsOptions.SECRET_ACCESS_KEY),
                batch,
                inFlight,
                c.get(SnsOptions.MAX_BUFFER_TIME),
                attempts,
                retryDuration);
    }

    /** One call's time limit: never longer than the whole retry-duration. */
    Duration callTimeout() {
        Duration max = Duration.ofSeconds(30);
        return retryDuration.compareTo(max) < 0 ? retryDuration : max;
    }

    /** How long a message may be retried before it becomes a dead letter. */
    public Duration retryDuration() {
        return retryDuration;
    }

    public String topicArn() {
        return topicArn;
    }

    /** True for a FIFO topic (its messages need a group id and get a de-duplication id). */
    public boolean fifo() {
        return topicArn.endsWith(".fifo");
    }

    SnsAsyncClient createClient() {
        AwsCredentialsProvider credentials =
                accessKeyId != null
                        ? StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(accessKeyId, secretAccessKey))
                        : DefaultCredentialsProvider.builder().build();
        SnsAsyncClientBuilder b =
                SnsAsyncClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(credentials)
                        .httpClientBuilder(
                                NettyNioAsyncHttpClient.builder()
                                        .maxConcurrency(Math.max(2, maxInFlight * 2)))
                        .overrideConfiguration(
                                ClientOverrideConfiguration.builder()
                                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                                        .apiCallTimeout(callTimeout())
                                        .build());
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "SnsSettings{"
                + topicArn
                + ", "
                + region
                + (endpoint == null ? "" : ", " + endpoint)
                + "}";
    }
}
