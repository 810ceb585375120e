package io.fleetlake.job.config;

import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.connectors.files.FileSourceSettings;
import io.fleetlake.connectors.glue.GlueOptions;
import io.fleetlake.connectors.glue.GlueSettings;
import io.fleetlake.connectors.influx.InfluxOptions;
import io.fleetlake.connectors.influx.InfluxSettings;
import io.fleetlake.connectors.kinesis.KinesisSourceOptions;
import io.fleetlake.connectors.kinesis.KinesisSourceSettings;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttOptions;
import io.fleetlake.connectors.registry.RegistryOptions;
import io.fleetlake.connectors.registry.RegistrySettings;
import io.fleetlake.connectors.s3.S3Options;
import io.fleetlake.connectors.sns.SnsOptions;
import io.fleetlake.connectors.sns.SnsSettings;
import io.fleetlake.connectors.timestream.TimestreamClientConfig;
import io.fleetlake.connectors.timestream.TimestreamOptions;
import io.fleetlake.connectors.timestream.TimestreamSinkFactory;
import io.fleetlake.job.JobOptions;
import io.fleetlake.job.JobSettings;
import io.fleetlake.job.alerts.AlertMqttDelivery;
import io.fleetlake.job.alerts.AlertMqttOptions;
import io.fleetlake.job.alerts.AlertOptions;
import io.fleetlake.job.alerts.AlertSettings;
import io.fleetlake.job.decode.DecodeLimits;
import io.fleetlake.job.decode.DecodeOptions;
import io.fleetlake.job.rollup.RollupOptions;
import io.fleetlake.job.rollup.RollupSettings;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.simulator.SimulatorOptions;
import io.fleetlake.job.topk.TopKOptions;
import io.fleetlake.job.topk.TopKSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every property group Fleetlake reads: its id, description, the options class that declares its
 * keys (types, defaults, descriptions), its required keys, and the settings built from it when the
 * configuration is read (so a bad value or combination fails at once, naming group and key). The
 * README's configuration reference lists exactly these (a test keeps the two in step).
 *
 * <p>A new group: declare its options in one class of the package that reads them ({@code
 * XOptions}: {@code public static final ConfigOption} fields, in reference order), give its
 * settings a {@code fromConfiguration(ReadableConfig)} that fails naming the key, and register it
 * here with {@code ConfigGroup.builder(id, description)
 * .options(XOptions.class).required(XOptions.KEY).check(XSettings::fromConfiguration).build()}
 * (single {@code .option(o)} calls work too) and in the list of groups below. The code reads it
 * with {@code XSettings.fromConfiguration(config.section(FleetlakeOptions.X))}.
 */
public final class FleetlakeOptions {
    private FleetlakeOptions() {}

    public static final ConfigGroup JOB =
            ConfigGroup.builder("Job", "The job as a whole.")
                    .options(JobOptions.class)
                    .options(DecodeOptions.class)
                    .check(JobSettings::fromConfiguration)
                    .check(DecodeLimits::fromConfiguration)
                    .build();

    public static final ConfigGroup SIMULATOR =
            ConfigGroup.builder(
                            "Source.Simulator",
                            "The built-in fleet simulator (the default source when no other source group is present).")
                    .options(SimulatorOptions.class)
                    .check(c -> FleetSimulator.fromConfiguration(c, 0L))
                    .build();

    public static final ConfigGroup FILES =
            ConfigGroup.builder("Source.Files", "Backfill from files.")
                    .options(FileSourceOptions.class)
                    .required(FileSourceOptions.PATH)
                    .check(FileSourceSettings::fromConfiguration)
                    .build();

    public static final ConfigGroup KINESIS =
            ConfigGroup.builder(
                            "Source.Kinesis",
                            "Kinesis Data Streams (KPL-aggregated records are de-aggregated).")
                    .options(KinesisSourceOptions.class)
                    .required(KinesisSourceOptions.STREAM)
                    .check(KinesisSourceSettings::fromConfiguration)
                    .build();

    public static final ConfigGroup MQTT =
            ConfigGroup.builder(
                            "Source.Mqtt",
                            "MQTT subscription (AWS IoT Core or any MQTT 5 / 3.1.1 broker), at-least-once.")
                    .options(MqttOptions.class)
                    .required(MqttOptions.BROKER)
                    .check(MqttConnectionConfig::fromConfiguration)
                    .build();

    public static final ConfigGroup LAKE =
            ConfigGroup.builder("Lake", "The Parquet lake.")
                    .options(LakeOptions.class)
                    .options(S3Options.class)
                    .check(
                            c ->
                                    LakeSinkFactory.fromConfiguration(
                                            c,
                                            c.get(LakeOptions.PATH),
                                            JobOptions.CHECKPOINT_INTERVAL.defaultValue()))
                    .build();

    public static final ConfigGroup GLUE =
            ConfigGroup.builder(
                            "Glue",
                            "Glue Data Catalog: tables created on start, partitions registered as their files commit "
                                    + "(present: enabled).")
                    .options(GlueOptions.class)
                    .check(GlueSettings::fromConfiguration)
                    .build();

    public static final ConfigGroup REGISTRY =
            ConfigGroup.builder("Registry", "Device registry enrichment (present: enabled).")
                    .options(RegistryOptions.class)
                    .required(RegistryOptions.PATH)
                    .check(RegistrySettings::fromConfiguration)
                    .build();

    public static final ConfigGroup TOPK =
            ConfigGroup.builder("TopK", "TOP-K most frequent items per tumbling window.")
                    .options(TopKOptions.class)
                    .check(TopKSettings::fromConfiguration)
                    .build();

    public static final ConfigGroup ROLLUPS =
            ConfigGroup.builder(
                            "Rollups",
                            "Per-minute and per-hour rollup tables in event time (readings_1m, readings_1h, "
                                    + "breadcrumbs_1m); on by default.")
                    .options(RollupOptions.class)
                    .check(RollupSettings::fromConfiguration)
                    .build();

    public static final ConfigGroup TIMESTREAM =
            ConfigGroup.builder(
                            "Timestream",
                            "Readings (and optionally breadcrumbs) to Amazon Timestream; present = enabled.")
                    .options(TimestreamOptions.class)
                    .required(TimestreamOptions.DATABASE)
                    .required(TimestreamOptions.TABLE)
                    .required(TimestreamOptions.REGION)
                    .check(
                            c ->
                                    TimestreamSinkFactory.fromConfiguration(
                                            c, TimestreamClientConfig.fromConfiguration(c)))
                    .build();

    public static final ConfigGroup INFLUX =
            ConfigGroup.builder(
                            InfluxOptions.GROUP,
                            "Readings (and optionally breadcrumbs) as InfluxDB line protocol: InfluxDB 1.x/2.x/3, Amazon "
                                    + "Timestream for InfluxDB; present = enabled.")
                    .options(InfluxOptions.class)
                    .required(InfluxOptions.URL)
                    .check(InfluxSettings::fromConfiguration)
                    .build();

    public static final ConfigGroup ALERTS =
            ConfigGroup.builder(
                            "Alerts",
                            "Alert rules evaluated per device in event time into the alerts table (present: enabled).")
                    .options(AlertOptions.class)
                    .check(AlertSettings::fromConfiguration)
                    .build();

    public static final ConfigGroup ALERTS_MQTT =
            ConfigGroup.builder(
                            "Alerts.Mqtt",
                            "Alerts published to an MQTT broker (present: enabled), at-least-once.")
                    .options(AlertMqttOptions.class)
                    .required(AlertMqttOptions.BROKER)
                    .check(AlertMqttDelivery::fromConfiguration)
                    .build();

    public static final ConfigGroup ALERTS_SNS =
            ConfigGroup.builder(
                            "Alerts.Sns",
                            "Alerts published to an Amazon SNS topic with PublishBatch (present: enabled), at-least-once.")
                    .options(SnsOptions.class)
                    .required(SnsOptions.TOPIC_ARN)
                    .check(SnsSettings::fromConfiguration)
                    .build();

    private static final List<ConfigGroup> GROUPS =
            new ArrayList<>(
                    List.of(
                            JOB,
                            SIMULATOR,
                            FILES,
                            KINESIS,
                            MQTT,
                            LAKE,
                            GLUE,
                            REGISTRY,
                            TOPK,
                            ROLLUPS,
                            TIMESTREAM,
                            INFLUX,
                            ALERTS,
                            ALERTS_MQTT,
                            ALERTS_SNS));

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
