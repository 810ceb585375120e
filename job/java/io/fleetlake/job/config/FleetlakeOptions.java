package io.fleetlake.job.config;

import io.fleetlake.job.decode.DecodeOptions;
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

    public static final ConfigOption<Integer> JOB_GEOHASH_PRECISION = ConfigOptions.key("geohash-precision").intType()
            .defaultValue(6).withDescription("Characters of breadcrumbs.geohash (1..12; 6 is about 1.2 km x 0.6 km).");

    public static final ConfigGroup JOB = ConfigGroup.builder("Job", "The job as a whole.")
            .option(JOB_PARALLELISM)
            .option(JOB_CHECKPOINT_INTERVAL)
            .option(JOB_TOPIC_TEMPLATES)
            .option(JOB_GEOHASH_PRECISION)
            .option(DecodeOptions.MIN_EVENT_TIME)
            .option(DecodeOptions.MAX_EVENT_TIME_AHEAD)
            .option(DecodeOptions.MAX_MESSAGE_BYTES)
            .option(DecodeOptions.MAX_TEXT_LENGTH)
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

    public static final ConfigOption<String> FILES_BACKFILL_MODE = ConfigOptions.key("backfill-mode").stringType()
            .defaultValue("replace")
            .withDescription("replace: a bounded backfill (the job's only source) is staged and then replaces the "
                    + "lake files an earlier backfill of the same path wrote, so running it again does not duplicate "
                    + "rows; other files (streamed data) are never touched. append: write straight into the lake.");

    public static final ConfigGroup FILES = ConfigGroup.builder("Source.Files", "Backfill from files.")
            .required(FILES_PATH)
            .option(FILES_MONITOR_INTERVAL)
            .option(FILES_BACKFILL_MODE)
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

    // ---- Source.Mqtt (issue 4) ----
    public static final ConfigOption<String> MQTT_BROKER = ConfigOptions.key("broker").stringType().noDefaultValue()
            .withDescription("Broker URI: tcp://host:1883, or ssl://host:8883 for TLS (AWS IoT Core: "
                    + "ssl://<prefix>-ats.iot.<region>.amazonaws.com:8883).");
    public static final ConfigOption<List<String>> MQTT_TOPICS = ConfigOptions.key("topics").stringType().asList()
            .defaultValues("$aws/things/+/shadow/update/documents", "$aws/things/+/shadow/update", "dt/#")
            .withDescription("';'-separated topic filters, subscribed with the configured QoS.");
    public static final ConfigOption<String> MQTT_CLIENT_ID_PREFIX = ConfigOptions.key("client-id-prefix")
            .stringType().defaultValue("fleetlake")
            .withDescription("Client ids are <prefix>-<subtask>; keep them stable, the broker keeps each "
                    + "client's persistent session (and its unacknowledged messages) by id.");
    public static final ConfigOption<String> MQTT_SHARED_GROUP = ConfigOptions.key("shared-group").stringType()
            .defaultValue("fleetlake")
            .withDescription("Subscribe as $share/<group>/<filter> so the subtasks share the messages. Empty: "
                    + "plain subscriptions (then the source must run with parallelism 1).");
    public static final ConfigOption<Integer> MQTT_QOS = ConfigOptions.key("qos").intType().defaultValue(1)
            .withDescription("Subscription QoS. 1 (or 2) for at-least-once; 0 gives up redelivery.");
    public static final ConfigOption<Integer> MQTT_VERSION = ConfigOptions.key("mqtt-version").intType()
            .defaultValue(5).withDescription("5 (MQTT 5) or 3 (MQTT 3.1.1).");
    public static final ConfigOption<Duration> MQTT_SESSION_EXPIRY = ConfigOptions.key("session-expiry")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("MQTT 5 session expiry: how long the broker keeps the session and queues messages "
                    + "while the job is down (the broker may cap it; AWS IoT Core: 1 h by default, up to 7 days).");
    public static final ConfigOption<Integer> MQTT_RECEIVE_MAXIMUM = ConfigOptions.key("receive-maximum").intType()
            .defaultValue(65535)
            .withDescription("MQTT 5 receive maximum: unacknowledged messages the broker may have out to one "
                    + "subtask. Messages are acknowledged per checkpoint, so this caps messages per checkpoint "
                    + "interval per subtask (AWS IoT Core caps it at 100).");
    public static final ConfigOption<Duration> MQTT_KEEP_ALIVE = ConfigOptions.key("keep-alive").durationType()
            .defaultValue(Duration.ofSeconds(60)).withDescription("MQTT keep-alive interval.");
    public static final ConfigOption<String> MQTT_USERNAME = ConfigOptions.key("username").stringType()
            .noDefaultValue().withDescription("Username for brokers with password authentication.");
    public static final ConfigOption<String> MQTT_PASSWORD = ConfigOptions.key("password").stringType()
            .noDefaultValue().withDescription("Password (a secret: never logged).");
    public static final ConfigOption<String> MQTT_CERTIFICATE = ConfigOptions.key("certificate").stringType()
            .noDefaultValue()
            .withDescription("Client certificate for mutual TLS (AWS IoT Core): a PEM file path or the PEM text.");
    public static final ConfigOption<String> MQTT_PRIVATE_KEY = ConfigOptions.key("private-key").stringType()
            .noDefaultValue()
            .withDescription("The certificate's private key (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted): a PEM "
                    + "file path or the PEM text. A secret: never logged.");
    public static final ConfigOption<String> MQTT_CA_CERTIFICATE = ConfigOptions.key("ca-certificate").stringType()
            .noDefaultValue()
            .withDescription("CA certificate(s) to trust: a PEM file path or the PEM text. Unset: the JVM's CAs "
                    + "(which include Amazon Root CA 1).");
    public static final ConfigOption<List<String>> MQTT_THING_NAME_PREFIXES = ConfigOptions.key("thing-name-prefixes")
            .stringType().asList().noDefaultValue()
            .withDescription("';'-separated thing-name prefixes (the IoT rule's startswith(topic(3), 'iotfleet_')). "
                    + "Messages whose topic names a thing (thing_name in topic-templates) not starting with one "
                    + "are not this job's data: they are acknowledged, counted in mqttFilteredByThingName and "
                    + "skipped. Topics without a thing name pass. Unset: no filter.");
    public static final ConfigOption<Duration> MQTT_RECONNECT_INITIAL_DELAY = ConfigOptions
            .key("reconnect-initial-delay").durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("First delay before reconnecting after the broker goes away; doubles per attempt.");
    public static final ConfigOption<Duration> MQTT_RECONNECT_MAX_DELAY = ConfigOptions.key("reconnect-max-delay")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Longest delay between reconnect attempts.");

    public static final ConfigGroup MQTT = ConfigGroup.builder("Source.Mqtt",
                    "MQTT subscription (AWS IoT Core or any MQTT 5 / 3.1.1 broker), at-least-once.")
            .required(MQTT_BROKER)
            .option(MQTT_TOPICS)
            .option(MQTT_CLIENT_ID_PREFIX)
            .option(MQTT_SHARED_GROUP)
            .option(MQTT_QOS)
            .option(MQTT_VERSION)
            .option(MQTT_SESSION_EXPIRY)
            .option(MQTT_RECEIVE_MAXIMUM)
            .option(MQTT_KEEP_ALIVE)
            .option(MQTT_USERNAME)
            .option(MQTT_PASSWORD)
            .option(MQTT_CERTIFICATE)
            .option(MQTT_PRIVATE_KEY)
            .option(MQTT_CA_CERTIFICATE)
            .option(MQTT_THING_NAME_PREFIXES)
            .option(MQTT_RECONNECT_INITIAL_DELAY)
            .option(MQTT_RECONNECT_MAX_DELAY)
            .build();

    // ---- Lake ----
    public static final ConfigOption<String> LAKE_PATH = ConfigOptions.key("path").stringType()
            .defaultValue("./lake")
            .withDescription("Lake root: a local directory, file:///..., or s3://bucket/prefix.");
    public static final ConfigOption<String> LAKE_CODEC = ConfigOptions.key("codec").stringType()
            .defaultValue("SNAPPY").withDescription("Parquet compression: SNAPPY, ZSTD, GZIP or UNCOMPRESSED.");

    public static final ConfigOption<Boolean> LAKE_COMPACTION = ConfigOptions.key("compaction").booleanType()
            .defaultValue(true)
            .withDescription("Merge each partition's small checkpoint files (FileSink compaction). New data then "
                    + "becomes visible when its files are merged, at most compaction-interval later.");
    public static final ConfigOption<org.apache.flink.configuration.MemorySize> LAKE_COMPACTION_TARGET_SIZE =
            ConfigOptions.key("compaction-target-size").memoryType()
                    .defaultValue(org.apache.flink.configuration.MemorySize.ofMebiBytes(128))
                    .withDescription("A partition's pending files are merged as soon as they add up to this.");
    public static final ConfigOption<Duration> LAKE_COMPACTION_INTERVAL = ConfigOptions.key("compaction-interval")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("At the latest, pending files are merged this often (rounded up to whole checkpoint "
                    + "intervals): the longest extra delay before new rows are visible.");
    public static final ConfigOption<String> LAKE_S3_ENDPOINT = ConfigOptions.key("s3-endpoint").stringType()
            .noDefaultValue()
            .withDescription("S3 endpoint override for a local S3 server (./fleetlake and tests only; a Flink "
                    + "cluster takes s3.endpoint from its own configuration, MSF configures S3 itself).");
    public static final ConfigOption<Boolean> LAKE_S3_PATH_STYLE = ConfigOptions.key("s3-path-style-access")
            .booleanType().noDefaultValue()
            .withDescription("Path-style S3 requests, as local S3 servers need (./fleetlake and tests only).");
    public static final ConfigOption<String> LAKE_S3_ACCESS_KEY = ConfigOptions.key("s3-access-key").stringType()
            .noDefaultValue()
            .withDescription("Access key of a local S3 server only; unset: the default AWS credential chain.");
    public static final ConfigOption<String> LAKE_S3_SECRET_KEY = ConfigOptions.key("s3-secret-key").stringType()
            .noDefaultValue()
            .withDescription("Secret key of a local S3 server only (never logged).");

    public static final ConfigGroup LAKE = ConfigGroup.builder("Lake", "The Parquet lake.")
            .option(LAKE_PATH)
            .option(LAKE_CODEC)
            .option(LAKE_COMPACTION)
            .option(LAKE_COMPACTION_TARGET_SIZE)
            .option(LAKE_COMPACTION_INTERVAL)
            .option(LAKE_S3_ENDPOINT)
            .option(LAKE_S3_PATH_STYLE)
            .option(LAKE_S3_ACCESS_KEY)
            .option(LAKE_S3_SECRET_KEY)
            .build();

    // ---- Glue ----
    public static final ConfigOption<String> GLUE_DATABASE = ConfigOptions.key("database").stringType()
            .defaultValue("fleetlake").withDescription("Glue database of the lake tables (created if missing).");
    public static final ConfigOption<String> GLUE_REGION = ConfigOptions.key("region").stringType().noDefaultValue()
            .withDescription("AWS region of the catalog. Unset: the default region chain (AWS_REGION, ...).");
    public static final ConfigOption<String> GLUE_ENDPOINT = ConfigOptions.key("endpoint").stringType()
            .noDefaultValue().withDescription("Glue endpoint override (a local stand-in). Unset: the region's.");
    public static final ConfigOption<String> GLUE_CATALOG_ID = ConfigOptions.key("catalog-id").stringType()
            .noDefaultValue().withDescription("Catalog id (owning account). Unset: the caller's account.");
    public static final ConfigOption<String> GLUE_LOCATION = ConfigOptions.key("location").stringType()
            .noDefaultValue()
            .withDescription("Lake root as the catalog should see it; tables are at <location>/<table>/. Unset: "
                    + "Lake.path.");
    public static final ConfigOption<String> GLUE_ACCESS_KEY = ConfigOptions.key("access-key").stringType()
            .noDefaultValue()
            .withDescription("Access key for a local stand-in only; unset: the default AWS credential chain.");
    public static final ConfigOption<String> GLUE_SECRET_KEY = ConfigOptions.key("secret-key").stringType()
            .noDefaultValue().withDescription("Secret key for a local stand-in only (never logged).");
    public static final ConfigOption<Integer> GLUE_MAX_ATTEMPTS = ConfigOptions.key("max-attempts").intType()
            .defaultValue(5)
            .withDescription("Attempts per Glue call; throttling and 5xx are retried with exponential backoff.");
    public static final ConfigOption<Duration> GLUE_RETRY_INTERVAL = ConfigOptions.key("retry-interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Partitions Glue refused are tried again with the next commit, or after this.");

    public static final ConfigGroup GLUE = ConfigGroup.builder("Glue",
                    "Glue Data Catalog: tables created on start, partitions registered as their files commit "
                            + "(present: enabled).")
            .option(GLUE_DATABASE)
            .option(GLUE_REGION)
            .option(GLUE_ENDPOINT)
            .option(GLUE_CATALOG_ID)
            .option(GLUE_LOCATION)
            .option(GLUE_ACCESS_KEY)
            .option(GLUE_SECRET_KEY)
            .option(GLUE_MAX_ATTEMPTS)
            .option(GLUE_RETRY_INTERVAL)
            .build();

    // ---- Registry ----
    public static final ConfigOption<String> REGISTRY_PATH = ConfigOptions.key("path").stringType().noDefaultValue()
            .withDescription("Device registry file, local or s3://: JSON lines or CSV (by extension), one device "
                    + "per row.");
    public static final ConfigOption<List<String>> REGISTRY_KEY_COLUMNS = ConfigOptions.key("key-columns")
            .stringType().asList().defaultValues("thing_name", "device_id")
            .withDescription("';'-separated columns that identify a device; a row is found by any of them.");
    public static final ConfigOption<Duration> REGISTRY_RELOAD_INTERVAL = ConfigOptions.key("reload-interval")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("How often to re-read the file if it changed (0: never). A broken new version keeps "
                    + "the previous one.");

    public static final ConfigGroup REGISTRY = ConfigGroup.builder("Registry",
                    "Device registry enrichment (present: enabled).")
            .required(REGISTRY_PATH)
            .option(REGISTRY_KEY_COLUMNS)
            .option(REGISTRY_RELOAD_INTERVAL)
            .build();

    // ---- TopK ----
    public static final ConfigOption<Boolean> TOPK_ENABLED = ConfigOptions.key("enabled").booleanType()
            .defaultValue(true).withDescription("Compute the TOP-K specs into the topk table.");
    public static final ConfigOption<String> TOPK_SPECS = ConfigOptions.key("specs").stringType()
            .defaultValue(io.fleetlake.job.topk.TopKSpec.DEFAULTS_JSON)
            .withDescription("JSON array of specs {name, table (breadcrumbs|readings), item, filter?, k (1..100000), "
                    + "window (1 s..3600 s)}; see README, TOP-K.");
    public static final ConfigOption<Duration> TOPK_ALLOWED_LATENESS = ConfigOptions.key("allowed-lateness")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Out-of-orderness the watermark waits for; later events still go to the lake, are "
                    + "counted as lateEvents, and do not change closed windows.");
    public static final ConfigOption<Duration> TOPK_IDLE_TIMEOUT = ConfigOptions.key("idle-timeout").durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withDescription("A source split (shard, file, subtask) silent this long stops holding the watermark back.");
    public static final ConfigOption<Integer> TOPK_PRINT_ROWS = ConfigOptions.key("print-rows").intType()
            .defaultValue(0).withDescription("Print ranks 1..N of each closed window to stdout (./fleetlake: 3).");

    public static final ConfigGroup TOPK = ConfigGroup.builder("TopK", "TOP-K most frequent items per tumbling window.")
            .option(TOPK_ENABLED)
            .option(TOPK_SPECS)
            .option(TOPK_ALLOWED_LATENESS)
            .option(TOPK_IDLE_TIMEOUT)
            .option(TOPK_PRINT_ROWS)
            .build();


    // ---- Timestream (issue 7) ----
    public static final ConfigOption<String> TIMESTREAM_DATABASE = ConfigOptions.key("database").stringType()
            .noDefaultValue().withDescription("Timestream database.");
    public static final ConfigOption<String> TIMESTREAM_TABLE = ConfigOptions.key("table").stringType()
            .noDefaultValue().withDescription("Table for readings (one multi-measure record 'reading' per reading).");
    public static final ConfigOption<String> TIMESTREAM_BREADCRUMBS_TABLE = ConfigOptions.key("breadcrumbs-table")
            .stringType().noDefaultValue()
            .withDescription("Table for breadcrumbs (multi-measure record 'position': lat, lon, speed). Unset: "
                    + "breadcrumbs are not written to Timestream.");
    public static final ConfigOption<String> TIMESTREAM_REGION = ConfigOptions.key("region").stringType()
            .noDefaultValue().withDescription("AWS region of the database, e.g. eu-west-1.");
    public static final ConfigOption<String> TIMESTREAM_ENDPOINT = ConfigOptions.key("endpoint").stringType()
            .noDefaultValue()
            .withDescription("Endpoint override (VPC endpoint, test server). Unset: endpoint discovery against AWS.");
    public static final ConfigOption<List<String>> TIMESTREAM_DIMENSION_ATTRIBUTES = ConfigOptions
            .key("dimension-attributes").stringType().asList().defaultValues()
            .withDescription("';'-separated attribute keys (registry attributes, message fields) written as "
                    + "dimensions when a record has them. Keep it to low-cardinality keys.");
    public static final ConfigOption<Integer> TIMESTREAM_MAX_BATCH_SIZE = ConfigOptions.key("max-batch-size")
            .intType().defaultValue(100).withDescription("Records per WriteRecords call, 1 to 100 (service limit).");
    public static final ConfigOption<Integer> TIMESTREAM_MAX_IN_FLIGHT = ConfigOptions
            .key("max-in-flight-requests").intType().defaultValue(50)
            .withDescription("Concurrent WriteRecords calls per subtask; the AIMD limiter lowers it on throttling.");
    public static final ConfigOption<Integer> TIMESTREAM_MAX_BUFFERED = ConfigOptions.key("max-buffered-requests")
            .intType().defaultValue(10_000)
            .withDescription("Records buffered per subtask before the sink back-pressures the job.");
    public static final ConfigOption<Duration> TIMESTREAM_MAX_BUFFER_TIME = ConfigOptions.key("max-buffer-time")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("Longest a record waits before a partial batch is sent.");

    public static final ConfigGroup TIMESTREAM = ConfigGroup.builder("Timestream",
                    "Readings (and optionally breadcrumbs) to Amazon Timestream; present = enabled.")
            .required(TIMESTREAM_DATABASE)
            .required(TIMESTREAM_TABLE)
            .option(TIMESTREAM_BREADCRUMBS_TABLE)
            .required(TIMESTREAM_REGION)
            .option(TIMESTREAM_ENDPOINT)
            .option(TIMESTREAM_DIMENSION_ATTRIBUTES)
            .option(TIMESTREAM_MAX_BATCH_SIZE)
            .option(TIMESTREAM_MAX_IN_FLIGHT)
            .option(TIMESTREAM_MAX_BUFFERED)
            .option(TIMESTREAM_MAX_BUFFER_TIME)
            .build();

    private static final List<ConfigGroup> GROUPS =
            new ArrayList<>(List.of(JOB, SIMULATOR, FILES, KINESIS, MQTT, LAKE, GLUE, REGISTRY, TOPK, TIMESTREAM));

    /** Source groups: a present one enables that source. */
    public static final List<ConfigGroup> SOURCE_GROUPS = List.of(SIMULATOR, FILES, KINESIS, MQTT);

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
