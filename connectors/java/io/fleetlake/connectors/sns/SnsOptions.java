package io.fleetlake.connectors.sns;

import io.fleetlake.connectors.aws.AwsClientOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The typed options of the SNS delivery (property group {@code Alerts.Sns}). */
public final class SnsOptions {
    private SnsOptions() {}

    public static final ConfigOption<String> TOPIC_ARN =
            ConfigOptions.key("topic-arn")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME; a .fifo topic gets the alert id as "
                                    + "de-duplication id and the device as message group).");
    public static final ConfigOption<String> REGION =
            AwsClientOptions.region("AWS region. Unset: the topic ARN's.");
    public static final ConfigOption<String> ENDPOINT =
            AwsClientOptions.endpoint(
                    "Endpoint override (VPC endpoint, test server). Unset: the region's.");
    public static final ConfigOption<String> ACCESS_KEY_ID =
            AwsClientOptions.accessKeyId(
                    "Static access key id, for test servers only. Unset: the default credentials chain.");
    public static final ConfigOption<String> SECRET_ACCESS_KEY =
            AwsClientOptions.secretAccessKey(
                    "Static secret key, with access-key-id (never logged).");
    public static final ConfigOption<Integer> MAX_BATCH_SIZE =
            ConfigOptions.key("max-batch-size")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Messages per PublishBatch call, 1 to 10 (service limit).");
    public static final ConfigOption<Integer> MAX_IN_FLIGHT =
            ConfigOptions.key("max-in-flight-requests")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Concurrent PublishBatch calls per subtask.");
    public static final ConfigOption<Duration> MAX_BUFFER_TIME =
            ConfigOptions.key("max-buffer-time")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Longest an alert waits before a partial batch is sent.");
    public static final ConfigOption<Integer> MAX_ATTEMPTS =
            ConfigOptions.key("max-attempts")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Attempts per message (throttling, 5xx, network) before it becomes a dead letter.");
    public static final ConfigOption<Duration> RETRY_DURATION =
            ConfigOptions.key("retry-duration")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Longest a message is retried (throttling, 5xx, network, a call that times out) before it "
                                    + "becomes a dead letter, whatever max-attempts says; once SNS has failed this long, "
                                    + "new messages become dead letters at their first failure (one probe per second), so "
                                    + "an SNS outage never holds a checkpoint for longer than this. Well below the "
                                    + "checkpoint timeout.");
}
