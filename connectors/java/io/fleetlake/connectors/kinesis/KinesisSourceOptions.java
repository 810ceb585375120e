package io.fleetlake.connectors.kinesis;

import io.fleetlake.connectors.aws.AwsClientOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the Kinesis source (property group {@code Source.Kinesis}), read by {@link
 * KinesisSourceSettings#fromConfiguration}. The declaration order is the configuration reference's.
 */
public final class KinesisSourceOptions {
    private KinesisSourceOptions() {}

    public static final ConfigOption<String> STREAM =
            ConfigOptions.key("stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Stream name, or ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME; gives the region too).");
    public static final ConfigOption<String> REGION =
            AwsClientOptions.region(
                    "AWS region. Unset: from the ARN, else the SDK's region chain (AWS_REGION, profile); "
                            + "us-east-1 with an endpoint override.");
    public static final ConfigOption<KinesisSourceSettings.InitialPosition> INITIAL_POSITION =
            ConfigOptions.key("initial-position")
                    .enumType(KinesisSourceSettings.InitialPosition.class)
                    .defaultValue(KinesisSourceSettings.InitialPosition.LATEST)
                    .withDescription(
                            "Where to start without checkpointed state: LATEST, TRIM_HORIZON or AT_TIMESTAMP. "
                                    + "A restore always resumes at the checkpointed sequence numbers.");
    public static final ConfigOption<String> INITIAL_TIMESTAMP =
            ConfigOptions.key("initial-timestamp")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Start time for AT_TIMESTAMP (ISO-8601 or epoch ms).");
    public static final ConfigOption<KinesisSourceSettings.ReaderType> READER =
            ConfigOptions.key("reader")
                    .enumType(KinesisSourceSettings.ReaderType.class)
                    .defaultValue(KinesisSourceSettings.ReaderType.POLLING)
                    .withDescription(
                            "POLLING (GetRecords, shares the shard's read quota) or EFO (enhanced fan-out: a "
                                    + "dedicated 2 MiB/s per shard; needs efo-consumer-name).");
    public static final ConfigOption<String> EFO_CONSUMER_NAME =
            ConfigOptions.key("efo-consumer-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "EFO stream consumer name, unique per application reading the stream; registered "
                                    + "on first start if missing (LAZY: each subtask deregisters it on stop; use "
                                    + "efo-consumer-arn to keep a consumer across restarts).");
    public static final ConfigOption<String> EFO_CONSUMER_ARN =
            ConfigOptions.key("efo-consumer-arn")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "ARN of an EFO stream consumer registered outside the job: the job then calls no "
                                    + "registration API at all (registration NONE). Unset: efo-consumer-name.");
    public static final ConfigOption<String> ENDPOINT =
            AwsClientOptions.endpoint(
                    "Endpoint override (local server, VPC endpoint), e.g. http://127.0.0.1:4568.");
    public static final ConfigOption<String> ACCESS_KEY_ID =
            AwsClientOptions.accessKeyId(
                    "Static access key id, for local servers only. Unset: the default credentials chain "
                            + "(MSF: the application's role).");
    public static final ConfigOption<String> SECRET_ACCESS_KEY =
            AwsClientOptions.secretAccessKey("Static secret key, with access-key-id.");
    public static final ConfigOption<Boolean> TRUST_ALL_CERTIFICATES =
            ConfigOptions.key("trust-all-certificates")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Accept any TLS certificate (a local server's self-signed one). Never in "
                                    + "production.");
    public static final ConfigOption<Duration> SHARD_DISCOVERY_INTERVAL =
            ConfigOptions.key("shard-discovery-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("How often to look for new shards (after a reshard).");
    public static final ConfigOption<Duration> POLLING_INTERVAL =
            ConfigOptions.key("polling-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "Pause between GetRecords calls per shard (POLLING only; 5 reads/s per shard are "
                                    + "shared by all polling readers).");
}
