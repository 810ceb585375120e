package io.fleetlake.connectors.glue;

import io.fleetlake.connectors.aws.AwsClientDefaults;
import io.fleetlake.connectors.lake.CommittedPartitionListener;
import io.fleetlake.connectors.lake.LakeTableSchema;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/**
 * The one entry point to the Glue Data Catalog: builds the SDK v2 client ({@link GlueCatalog}) and
 * the listener that registers a lake table's partitions as its files are committed ({@link
 * GluePartitionRegistrar}).
 */
public final class GlueCatalogFactory {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private GlueCatalogFactory() {}

    /** A catalog client for these settings. Close it when done. */
    public static GlueCatalog catalog(GlueSettings settings) {
        return new GlueCatalog(client(settings), settings);
    }

    /**
     * The listener that creates each lake table in Glue (when missing; columns added when it grew)
     * and registers every committed partition.
     *
     * @param settings where the catalog is
     * @param locationRoot the lake root as Glue/Athena should see it ({@code s3://bucket/prefix});
     *     the table location is {@code <root>/<table>/}
     * @param compression the Parquet codec, recorded in the table's parameters
     */
    public static CommittedPartitionListener partitionRegistration(
            GlueSettings settings, String locationRoot, String compression) {
        return new Registration(settings, locationRoot, compression);
    }

    static GlueClient client(GlueSettings settings) {
        BackoffStrategy backoff =
                BackoffStrategy.exponentialDelay(settings.baseBackoff(), Duration.ofSeconds(10));
        BackoffStrategy throttled =
                BackoffStrategy.exponentialDelay(
                        settings.baseBackoff().multipliedBy(5), Duration.ofSeconds(20));
        GlueClientBuilder builder =
                GlueClient.builder()
                        .httpClientBuilder(
                                UrlConnectionHttpClient.builder()
                                        .connectionTimeout(CONNECT_TIMEOUT)
                                        .socketTimeout(SOCKET_TIMEOUT))
                        .credentialsProvider(credentials(settings))
                        .region(region(settings))
                        .overrideConfiguration(
                                o ->
                                        o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                                                .apiCallTimeout(CALL_TIMEOUT)
                                                // Throttling and 5xx: retried with exponential
                                                // backoff (the standard strategy's
                                                // conditions), without the circuit breaker that
                                                // would stop retrying after a burst.
                                                .retryStrategy(
                                                        AwsRetryStrategy.standardRetryStrategy()
                                                                .toBuilder()
                                                                .maxAttempts(settings.maxAttempts())
                                                                .backoffStrategy(backoff)
                                                                .throttlingBackoffStrategy(
                                                                        throttled)
                                                                .circuitBreakerEnabled(false)
                                                                .build()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(GlueSettings settings) {
        return AwsClientDefaults.credentials(settings.accessKey(), settings.secretKey());
    }

    private static Region region(GlueSettings settings) {
        return AwsClientDefaults.region(
                settings.region(), settings.endpoint(), "Glue", "Glue.region");
    }

    /** Adds a {@link GluePartitionRegistrar} behind (chained to) a table's committer. */
    private static final class Registration implements CommittedPartitionListener {
        private static final long serialVersionUID = 1L;

        private final GlueSettings settings;
        private final String locationRoot;
        private final String compression;

        Registration(GlueSettings settings, String locationRoot, String compression) {
            this.settings = settings;
            this.locationRoot = locationRoot;
            this.compression = compression;
        }

        @Override
        public void attach(DataStream<String> committedPartitions, LakeTableSchema<?> table) {
            GlueTableDefinition def = GlueTableDefinition.of(table, locationRoot, compression);
            committedPartitions
                    .transform(
                            "glue: " + table.tableName() + " partitions",
                            Types.VOID,
                            new GluePartitionRegistrar(settings, def))
                    .uid("glue-" + table.tableName() + "-partitions");
            // Deliberately left at the committer's parallelism, so it is chained to the committer:
            // the committer
            // commits the files of a bounded job's last checkpoint after the end of input, and what
            // it emits then
            // reaches a chained operator but not a separate downstream task, which has already
            // finished. The same
            // partition coming from two subtasks costs one AlreadyExists answer.

        }
    }
}
