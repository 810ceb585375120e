package io.fleetlake.connectors.influx;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * The options of the {@value #GROUP} property group: where and how to write InfluxDB line protocol.
 * The application registers them as its {@code Influx} group; {@link
 * InfluxSettings#fromConfiguration} reads and validates them.
 */
public final class InfluxOptions {
    /** The property group these options live in (named in every validation message). */
    public static final String GROUP = "Influx";

    private InfluxOptions() {}

    /** Which write endpoint to call. */
    public enum Api {
        /** InfluxDB 1.x: {@code POST /write?db=&rp=&precision=ms}. */
        V1,
        /**
         * InfluxDB 2.x, Timestream for InfluxDB: {@code POST
         * /api/v2/write?org=&bucket=&precision=ms}.
         */
        V2,
        /** InfluxDB 3: {@code POST /api/v3/write_lp?db=&precision=millisecond}. */
        V3;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final ConfigOption<String> URL =
            ConfigOptions.key("url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Base URL of the server, e.g. http://127.0.0.1:8086 or the https endpoint of a "
                                    + "Timestream for InfluxDB instance (port 8086).");
    public static final ConfigOption<Api> API =
            ConfigOptions.key("api")
                    .enumType(Api.class)
                    .defaultValue(Api.V2)
                    .withDescription(
                            "Write API: v1 (InfluxDB 1.x, needs database), v2 (InfluxDB 2.x and Timestream for "
                                    + "InfluxDB, needs org, bucket and token) or v3 (InfluxDB 3, needs database).");
    public static final ConfigOption<String> DATABASE =
            ConfigOptions.key("database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Database (v1, v3).");
    public static final ConfigOption<String> RETENTION_POLICY =
            ConfigOptions.key("retention-policy")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Retention policy (v1). Unset: the database's default.");
    public static final ConfigOption<String> ORG =
            ConfigOptions.key("org")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Organization name (v2).");
    public static final ConfigOption<String> BUCKET =
            ConfigOptions.key("bucket")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Bucket (v2).");
    public static final ConfigOption<String> TOKEN =
            ConfigOptions.key("token")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "API token (secret, never logged): 'Authorization: Token' (v1, v2) or 'Bearer' (v3).");
    public static final ConfigOption<String> USERNAME =
            ConfigOptions.key("username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "User for basic authentication (v1), with password; instead of token.");
    public static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Password for basic authentication (v1; secret, never logged).");
    public static final ConfigOption<String> MEASUREMENT_READINGS =
            ConfigOptions.key("measurement-readings")
                    .stringType()
                    .defaultValue("reading")
                    .withDescription(
                            "Measurement of readings: one point per reading, every measure a float field.");
    public static final ConfigOption<String> MEASUREMENT_BREADCRUMBS =
            ConfigOptions.key("measurement-breadcrumbs")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Measurement of breadcrumbs (fields lat, lon, speed), e.g. position. Unset: "
                                    + "breadcrumbs are not written.");
    public static final ConfigOption<List<String>> TAG_ATTRIBUTES =
            ConfigOptions.key("tag-attributes")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "';'-separated attribute keys (registry attributes, message fields) written as tags "
                                    + "when present, besides device_id and thing_name. Keep it to low-cardinality keys.");
    public static final ConfigOption<Integer> MAX_BATCH_SIZE =
            ConfigOptions.key("max-batch-size")
                    .intType()
                    .defaultValue(5_000)
                    .withDescription("Lines per write request (1 to 100,000).");
    public static final ConfigOption<MemorySize> MAX_BATCH_BYTES =
            ConfigOptions.key("max-batch-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(1))
                    .withDescription(
                            "Bytes of line protocol per write request, before compression (64 kb to 64 mb).");
    public static final ConfigOption<Duration> MAX_BUFFER_TIME =
            ConfigOptions.key("max-buffer-time")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Longest a line waits before a partial batch is sent.");
    public static final ConfigOption<Boolean> GZIP =
            ConfigOptions.key("gzip")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Send request bodies gzip-compressed (Content-Encoding: gzip).");
    public static final ConfigOption<Integer> MAX_IN_FLIGHT =
            ConfigOptions.key("max-in-flight-requests")
                    .intType()
                    .defaultValue(4)
                    .withDescription("Concurrent write requests per subtask (1 to 100).");
    public static final ConfigOption<Integer> MAX_BUFFERED =
            ConfigOptions.key("max-buffered-requests")
                    .intType()
                    .defaultValue(50_000)
                    .withDescription(
                            "Lines buffered per subtask before the sink back-pressures the job; more than "
                                    + "max-batch-size.");
    public static final ConfigOption<Duration> REQUEST_TIMEOUT =
            ConfigOptions.key("request-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("A write without an answer after this long is retried.");
    public static final ConfigOption<Duration> MAX_RETRY_BACKOFF =
            ConfigOptions.key("max-retry-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Cap of the exponential back-off after 429/5xx/network errors (a longer Retry-After "
                                    + "from the server is honoured).");

    public static final ConfigOption<Duration> RETRY_DURATION =
            ConfigOptions.key("retry-duration")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Longest a line is retried after 429/5xx/timeouts (and, once the server has failed "
                                    + "this long, a failing batch is not retried at all): then it goes to the "
                                    + "dead-letter table as influx_unavailable, re-sendable with ./fleetlake redrive, "
                                    + "and the lake keeps committing. Keep it well below the checkpoint timeout.");
}
