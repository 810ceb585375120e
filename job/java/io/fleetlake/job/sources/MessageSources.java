package io.fleetlake.job.sources;

import io.fleetlake.connectors.files.FileSourceSettings;
import io.fleetlake.connectors.lake.LakeBackfill;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the production sources the configuration enables: one per present {@code Source.*} group.
 */
public final class MessageSources {
    private MessageSources() {}

    /**
     * @param config the configuration
     * @param now the job's start time, epoch ms (the simulator's default start)
     */
    public static List<MessageSource> fromConfig(FleetlakeConfig config, long now) {
        return fromConfig(config, now, null);
    }

    /**
     * @param config the configuration
     * @param now the job's start time, epoch ms (the simulator's default start)
     * @param backfill when not null, the file source owns this replacing backfill's runs
     */
    public static List<MessageSource> fromConfig(
            FleetlakeConfig config, long now, LakeBackfill backfill) {
        List<MessageSource> sources = new ArrayList<>();
        if (config.has(FleetlakeOptions.SIMULATOR)) {
            sources.add(
                    SimulatorMessageSource.fromConfiguration(
                            config.section(FleetlakeOptions.SIMULATOR), now));
        }
        if (config.has(FleetlakeOptions.FILES)) {
            FileSourceSettings files =
                    FileSourceSettings.fromConfiguration(config.section(FleetlakeOptions.FILES));
            sources.add(new FileMessageSource(files.path(), files.monitorInterval(), backfill));
        }
        if (config.has(FleetlakeOptions.KINESIS)) {
            sources.add(KinesisMessageSource.fromConfig(config));
        }
        if (config.has(FleetlakeOptions.MQTT)) {
            sources.add(MqttMessageSource.fromConfig(config));
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(
                    "no source configured: add one of the property groups "
                            + FleetlakeOptions.SOURCE_GROUPS);
        }
        return sources;
    }
}
