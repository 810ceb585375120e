package io.fleetlake.job.config;

import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.connectors.files.FileSourceSettings;
import io.fleetlake.connectors.kinesis.KinesisSourceOptions;
import io.fleetlake.connectors.kinesis.KinesisSourceSettings;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttOptions;
import io.fleetlake.connectors.registry.RegistryOptions;
import io.fleetlake.connectors.registry.RegistrySettings;
import io.fleetlake.connectors.s3.S3Options;
import io.fleetlake.job.JobOptions;
import io.fleetlake.job.JobSettings;
import io.fleetlake.job.alerts.AlertsOutput;
import io.fleetlake.job.decode.DecodeLimits;
import io.fleetlake.job.decode.DecodeOptions;
import io.fleetlake.job.glue.GlueOutput;
import io.fleetlake.job.influx.InfluxOutput;
import io.fleetlake.job.output.Outputs;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.simulator.SimulatorOptions;
import io.fleetlake.job.timestream.TimestreamOutput;
import io.fleetlake.job.topk.TopKOutput;
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
 * with {@code ConfigGroup.builder(id, description)
 * .options(XOptions.class).required(XOptions.KEY).check(XSettings::fromConfiguration).build()}
 * (single {@code .option(o)} calls work too). An output's groups are declared by its {@link
 * io.fleetlake.job.output.OutputExtension} and come in through {@link Outputs#ALL}; the job's own
 * groups are declared here and listed in {@link #groups()}. The code reads a group with {@code
 * XSettings.fromConfiguration(config.section(GROUP))}.
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
                                            LakeSinkFactory.lakePath(c),
                                            JobOptions.CHECKPOINT_INTERVAL.defaultValue()))
                    .build();

    public static final ConfigGroup REGISTRY =
            ConfigGroup.builder("Registry", "Device registry enrichment (present: enabled).")
                    .options(RegistryOptions.class)
                    .check(RegistrySettings::fromConfiguration)
                    .build();

    /**
     * The optional outputs' groups, declared by their {@link
     * io.fleetlake.job.output.OutputExtension} and registered through {@link Outputs#ALL}; these
     * aliases are kept for existing callers (a new output needs none).
     */
    public static final ConfigGroup GLUE = GlueOutput.GROUP;

    public static final ConfigGroup TOPK = TopKOutput.GROUP;
    public static final ConfigGroup TIMESTREAM = TimestreamOutput.GROUP;
    public static final ConfigGroup INFLUX = InfluxOutput.GROUP;
    public static final ConfigGroup ALERTS = AlertsOutput.GROUP;
    public static final ConfigGroup ALERTS_MQTT = AlertsOutput.MQTT_GROUP;
    public static final ConfigGroup ALERTS_SNS = AlertsOutput.SNS_GROUP;

    /** The job's own groups, then every output's, in reference order. */
    private static final List<ConfigGroup> GROUPS = groupList();

    private static List<ConfigGroup> groupList() {
        List<ConfigGroup> groups =
                new ArrayList<>(List.of(JOB, SIMULATOR, FILES, KINESIS, MQTT, LAKE, REGISTRY));
        groups.addAll(Outputs.groups());
        return groups;
    }

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
