package io.fleetlake.job.alerts;

import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.connectors.sns.SnsOptions;
import io.fleetlake.connectors.sns.SnsSettings;
import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.output.JobStreams;
import io.fleetlake.job.output.OutputExtension;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Per-device alert rules in event time ({@code Alerts}): the lake's alerts table, the console, and
 * delivery over MQTT ({@code Alerts.Mqtt}) and SNS ({@code Alerts.Sns}); deliveries that fail for
 * good are returned as dead letters.
 */
public final class AlertsOutput implements OutputExtension {
    public static final ConfigGroup GROUP =
            ConfigGroup.builder(
                            "Alerts",
                            "Alert rules evaluated per device in event time into the alerts table (present: enabled).")
                    .options(AlertOptions.class)
                    .check(AlertSettings::fromConfiguration)
                    .build();

    public static final ConfigGroup MQTT_GROUP =
            ConfigGroup.builder(
                            "Alerts.Mqtt",
                            "Alerts published to an MQTT broker (present: enabled), at-least-once.")
                    .options(AlertMqttOptions.class)
                    .required(AlertMqttOptions.BROKER)
                    .check(AlertMqttDelivery::fromConfiguration)
                    .build();

    public static final ConfigGroup SNS_GROUP =
            ConfigGroup.builder(
                            "Alerts.Sns",
                            "Alerts published to an Amazon SNS topic with PublishBatch (present: enabled), at-least-once.")
                    .options(SnsOptions.class)
                    .required(SnsOptions.TOPIC_ARN)
                    .check(SnsSettings::fromConfiguration)
                    .build();

    @Override
    public List<ConfigGroup> groups() {
        return List.of(GROUP, MQTT_GROUP, SNS_GROUP);
    }

    @Override
    public boolean isEnabled(FleetlakeConfig config) {
        return config.has(GROUP);
    }

    @Override
    public List<LakeTableSchema<?>> lakeTables(FleetlakeConfig config) {
        return List.of(LakeTables.ALERTS_SCHEMA);
    }

    @Override
    public DataStream<DeadLetter> attach(JobStreams streams) {
        return AlertPipeline.attach(
                streams.readings(),
                streams.breadcrumbs(),
                AlertSettings.fromConfiguration(streams.config().section(GROUP)),
                streams.lakeSink(LakeTables.ALERTS_SCHEMA),
                AlertDelivery.fromConfig(streams.config()));
    }
}
