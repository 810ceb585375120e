package io.fleetlake.connectors.timestream;

import io.fleetlake.connectors.aws.AwsClientOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the Timestream sink (property group {@code Timestream}), read by {@link
 * TimestreamClientConfig#fromConfiguration} and {@link TimestreamSinkFactory#fromConfiguration};
 * the tables and dimension attributes by the job, which decides what goes where. The declaration
 * order is the configuration reference's.
 */
public final class TimestreamOptions {
    private TimestreamOptions() {}

    public static final ConfigOption<String> DATABASE =
            ConfigOptions.key("database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Timestream database.");
    public static final ConfigOption<String> TABLE =
            ConfigOptions.key("table")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Table for readings (one multi-measure record 'reading' per reading).");
    public static final ConfigOption<String> BREADCRUMBS_TABLE =
            ConfigOptions.key("breadcrumbs-table")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Table for breadcrumbs (multi-measure record 'position': lat, lon, speed). Unset: "
                                    + "breadcrumbs are not written to Timestream.");
    public static final ConfigOption<String> REGION =
            AwsClientOptions.region("AWS region of the database, e.g. eu-west-1.");
    public static final ConfigOption<String> ENDPOINT =
            AwsClientOptions.endpoint(
                    "Endpoint override (VPC endpoint, test server). Unset: endpoint discovery against AWS.");
    public static final ConfigOption<List<String>> DIMENSION_ATTRIBUTES =
            ConfigOptions.key("dimension-attributes")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "';'-separated attribute keys (registry attributes, message fields) written as "
                                    + "dimensions when a record has them. Keep it to low-cardinality keys.");
    public static final ConfigOption<Integer> MAX_BATCH_SIZE =
            ConfigOptions.key("max-batch-size")
                    .intType()
                    .defaultValue(TimestreamRequests.MAX_RECORDS_PER_REQUEST)
                    .withDescription("Records per WriteRecords call, 1 to 100 (service limit).");
    public static final ConfigOption<Integer> MAX_IN_FLIGHT_REQUESTS =
            ConfigOptions.key("max-in-flight-requests")
                    .intType()
                    .defaultValue(50)
                    .withDescription(
                            "Concurrent WriteRecords calls per subtask; the AIMD limiter lowers it on throttling.");
    public static final ConfigOption<Integer> MAX_BUFFERED_REQUESTS =
            ConfigOptions.key("max-buffered-requests")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Records buffered per subtask before the sink back-pressures the job.");
    public static final ConfigOption<Duration> MAX_BUFFER_TIME =
            ConfigOptions.key("max-buffer-time")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Longest a record waits before a partial batch is sent.");
    public static final ConfigOption<Duration> RETRY_DURATION =
            ConfigOptions.key("retry-duration")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Longest a record is retried after throttling/5xx/network errors (and, once the "
                                    + "service has failed this long, a failing batch is not retried at all): then "
                                    + "it goes to the dead-letter table as timestream_unavailable, re-sendable "
                                    + "with ./fleetlake redrive, and the lake keeps committing. Keep it well below "
                                    + "the checkpoint timeout.");
}
