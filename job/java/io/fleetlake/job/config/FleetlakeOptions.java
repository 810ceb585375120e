package io.fleetlake.job.config;

import io.fleetlake.job.decode.TopicTemplates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every property group and key Fleetlake reads, with types, defaults and descriptions. The README's
 * configuration reference lists exactly these (a test keeps the two in step).
 */
public final class FleetlakeOptions {
    private FleetlakeOptions() {}

    // ---- Job ----
    public static final ConfigOption<Integer> JOB_PARALLELISM = ConfigOptions.key("parallelism").intType()
            .noDefaultValue()
            .withDescription("Default operator parallelism. Unset: the runtime's (MSF: Parallelism setting; "
                    + "local: 2).");
    public static final ConfigOption<Duration> JOB_CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How often to checkpoint; lake files are committed on each checkpoint. On MSF the "
                    + "application's checkpoint configuration takes precedence.");
    public static final ConfigOption<List<String>> JOB_TOPIC_TEMPLATES = ConfigOptions.key("topic-templates")
            .stringType().asList().defaultValues(TopicTemplates.DEFAULTS.toArray(new String[0]))
            .withDescription("';'-separated MQTT topic templates giving thing_name / device_id from the topic; "
                    + "the first match wins.");

    public static final ConfigGroup JOB = ConfigGroup.builder("Job", "The job as a whole.")
            .option(JOB_PARALLELISM)
            .option(JOB_CHECKPOINT_INTERVAL)
            .option(JOB_TOPIC_TEMPLATES)
            .build();

    // ---- Source.Simulator ----
    public static final ConfigOption<Long> SIM_EVENTS = ConfigOptions.key("events").longType().defaultValue(-1L)
            .withDescription("Number of events to generate; -1 runs until stopped.");
    public static final ConfigOption<Double> SIM_RATE = ConfigOptions.key("rate").doubleType().defaultValue(20.0)
            .withDescription("Events per second of event time. Unbounded runs are throttled to it (real time); "
                    + "bounded runs generate as fast as possible with event times 1/rate apart.");
    public static final ConfigOption<Integer> SIM_VEHICLES = ConfigOptions.key("vehicles").intType()
            .defaultValue(30).withDescription("Vehicles (every 4th a refrigerated truck, every 7th a speeder).");
    public static final ConfigOption<Integer> SIM_SENSORS = ConfigOptions.key("sensors").intType().defaultValue(12)
            .withDescription("Fixed sensors (telemetry, measures and aggregated-array shapes in turn).");
    public static final ConfigOption<Long> SIM_SEED = ConfigOptions.key("seed").longType().defaultValue(42L)
            .withDescription("Random seed; the same seed, start time and counts give the same events.");
    public static final ConfigOption<String> SIM_START_TIME = ConfigOptions.key("start-time").stringType()
            .noDefaultValue()
            .withDescription("Event time of the first event (ISO-8601 or epoch ms). Unset: when the job starts.");
    public static final ConfigOption<Double> SIM_MALFORMED_RATIO = ConfigOptions.key("malformed-ratio")
            .doubleType().defaultValue(0.002)
            .withDescription("Share of events sent truncated, as flaky devices do (they go to dead_letter).");

    public static final ConfigGroup SIMULATOR = ConfigGroup.builder("Source.Simulator",
                    "The built-in fleet simulator (the default source when no other source group is present).")
            .option(SIM_EVENTS)
            .option(SIM_RATE)
            .option(SIM_VEHICLES)
            .option(SIM_SENSORS)
            .option(SIM_SEED)
            .option(SIM_START_TIME)
            .option(SIM_MALFORMED_RATIO)
            .build();

    // ---- Source.Files ----
    public static final ConfigOption<String> FILES_PATH = ConfigOptions.key("path").stringType().noDefaultValue()
            .withDescription("File or directory (recursive), local or s3://; reads *.jsonl, *.json, *.ndjson "
                    + "(one message per line) and *.csv (header row), optionally .gz.");
    public static final ConfigOption<Duration> FILES_MONITOR_INTERVAL = ConfigOptions.key("monitor-interval")
            .durationType().noDefaultValue()
            .withDescription("Unset: read what is there and finish (backfill). Set: keep watching for new files.");

    public static final ConfigGroup FILES = ConfigGroup.builder("Source.Files", "Backfill from files.")
            .required(FILES_PATH)
            .option(FILES_MONITOR_INTERVAL)
            .build();

    // ---- Source.Kinesis (issue 3) ----
    public static final ConfigOption<String> KINESIS_STREAM = ConfigOptions.key("stream").stringType()
            .noDefaultValue()
            .withDescription("Stream name, or ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME; gives the region too).");
    public static final ConfigOption<String> KINESIS_REGION = ConfigOptions.key("region").stringType()
            .noDefaultValue()
            .withDescription("AWS region. Unset: from the ARN, else the SDK's region chain (AWS_REGION, profile); "
                    + "us-east-1 with an endpoint override.");
    public static final ConfigOption<String> KINESIS_INITIAL_POSITION = ConfigOptions.key("initial-position")
            .stringType().defaultValue("LATEST")
            .withDescription("Where to start without checkpointed state: LATEST, TRIM_HORIZON or AT_TIMESTAMP. "
                    + "A restore always resumes at the checkpointed sequence numbers.");
    public static final ConfigOption<String> KINESIS_INITIAL_TIMESTAMP = ConfigOptions.key("initial-timestamp")
            .stringType().noDefaultValue()
            .withDescription("Start time for AT_TIMESTAMP (ISO-8601 or epoch ms).");
    public static final ConfigOption<String> KINESIS_READER = ConfigOptions.key("reader").stringType()
            .defaultValue("POLLING")
            .withDescription("POLLING (GetRecords, shares the shard's read quota) or EFO (enhanced fan-out: a "
                    + "dedicated 2 MiB/s per shard; needs efo-consumer-name).");
    public static final ConfigOption<String> KINESIS_EFO_CONSUMER_NAME = ConfigOptions.key("efo-consumer-name")
            .stringType().noDefaultValue()
            .withDescription("EFO stream consumer name, unique per application reading the stream; registered "
                    + "on first start if missing.");
    public static final ConfigOption<String> KINESIS_ENDPOINT = ConfigOptions.key("endpoint").stringType()
            .noDefaultValue()
            .withDescription("Endpoint override (local server, VPC endpoint), e.g. http://127.0.0.1:4568.");
    public static final ConfigOption<String> KINESIS_ACCESS_KEY_ID = ConfigOptions.key("access-key-id").stringType()
            .noDefaultValue()
            .withDescription("Static access key id, for local servers only. Unset: the default credentials chain "
                    + "(MSF: the application's role).");
    public static final ConfigOption<String> KINESIS_SECRET_ACCESS_KEY = ConfigOptions.key("secret-access-key")
            .stringType().noDefaultValue().withDescription("Static secret key, with access-key-id.");
    public static final ConfigOption<Boolean> KINESIS_TRUST_ALL_CERTIFICATES =
            ConfigOptions.key("trust-all-certificates").booleanType().defaultValue(false)
                    .withDescription("Accept any TLS certificate (a local server's self-signed one). Never in "
                            + "production.");
    public static final ConfigOption<Duration> KINESIS_SHARD_DISCOVERY_INTERVAL =
            ConfigOptions.key("shard-discovery-interval").durationType().defaultValue(Duration.ofSeconds(10))
                    .withDescription("How often to look for new shards (after a reshard).");
    public static final ConfigOption<Duration> KINESIS_POLLING_INTERVAL = ConfigOptions.key("polling-interval")
            .durationType().defaultValue(Duration.ofMillis(200))
            .withDescription("Pause between GetRecords calls per shard (POLLING only; 5 reads/s per shard are "
                    + "shared by all polling readers).");

    public static final ConfigGroup KINESIS = ConfigGroup.builder("Source.Kinesis",
                    "Kinesis Data Streams (KPL-aggregated records are de-aggregated).")
            .required(KINESIS_STREAM)
            .option(KINESIS_REGION)
            .option(KINESIS_INITIAL_POSITION)
            .option(KINESIS_INITIAL_TIMESTAMP)
            .option(KINESIS_READER)
            .option(KINESIS_EFO_CONSUMER_NAME)
            .option(KINESIS_ENDPOINT)
            .option(KINESIS_ACCESS_KEY_ID)
            .option(KINESIS_SECRET_ACCESS_KEY)
            .option(KINESIS_TRUST_ALL_CERTIFICATES)
            .option(KINESIS_SHARD_DISCOVERY_INTERVAL)
            .option(KINESIS_POLLING_INTERVAL)
            .build();

    // ---- Lake ----
    public static final ConfigOption<String> LAKE_PATH = ConfigOptions.key("path").stringType()
            .defaultValue("./lake")
            .withDescription("Lake root: a local directory, file:///..., or s3://bucket/prefix.");
    public static final ConfigOption<String> LAKE_CODEC = ConfigOptions.key("codec").stringType()
            .defaultValue("SNAPPY").withDescription("Parquet compression: SNAPPY, ZSTD, GZIP or UNCOMPRESSED.");

    public static final ConfigGroup LAKE = ConfigGroup.builder("Lake", "The Parquet lake.")
            .option(LAKE_PATH)
            .option(LAKE_CODEC)
            .build();

    private static final List<ConfigGroup> GROUPS = new ArrayList<>(List.of(JOB, SIMULATOR, FILES, KINESIS, LAKE));

    /** Source groups: a present one enables that source. */
    public static final List<ConfigGroup> SOURCE_GROUPS = List.of(SIMULATOR, FILES, KINESIS);

    /** All groups, in reference order. */
    public static List<ConfigGroup> groups() {
        return Collections.unmodifiableList(GROUPS);
    }

    /** The group with this id, or null. */
    public static ConfigGroup group(String id) {
        for (ConfigGroup g : GROUPS) {
            if (g.id().equals(id)) {
                return g;
            }
        }
        return null;
    }
}
