package io.fleetlake.job.rollup;

import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.alerts.AlertSettings;
import io.fleetlake.job.alerts.AlertsOutput;
import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.output.JobStreams;
import io.fleetlake.job.output.OutputExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The rollup tables as an output: group {@code Rollups}, on by default (every table unless {@code
 * enabled=false} or {@code tables} says otherwise), writing {@code readings_1m}, {@code
 * readings_1h} and {@code breadcrumbs_1m} ({@link RollupPipeline}). {@code speeding_s} measures
 * against the {@code Alerts} group's first speeding rule (its defaults when the group is absent).
 */
public final class RollupOutput implements OutputExtension {
    public static final ConfigGroup GROUP =
            ConfigGroup.builder(
                            "Rollups",
                            "Per-minute and per-hour rollup tables in event time (readings_1m, readings_1h, "
                                    + "breadcrumbs_1m); on by default.")
                    .options(RollupOptions.class)
                    .check(RollupSettings::fromConfiguration)
                    .build();

    @Override
    public List<ConfigGroup> groups() {
        return List.of(GROUP);
    }

    @Override
    public boolean isEnabled(FleetlakeConfig config) {
        return !settings(config).tables().isEmpty();
    }

    @Override
    public List<LakeTableSchema<?>> lakeTables(FleetlakeConfig config) {
        RollupSettings settings = settings(config);
        List<LakeTableSchema<?>> tables = new ArrayList<>();
        for (LakeTableSchema<?> t :
                List.of(
                        LakeTables.READINGS_1M_SCHEMA,
                        LakeTables.READINGS_1H_SCHEMA,
                        LakeTables.BREADCRUMBS_1M_SCHEMA)) {
            if (settings.writes(t.tableName())) {
                tables.add(t);
            }
        }
        return tables;
    }

    @Override
    public DataStream<DeadLetter> attach(JobStreams streams) {
        RollupSettings settings = settings(streams.config());
        RollupSinks sinks =
                new RollupSinks(
                        settings.writes(LakeTables.READINGS_1M)
                                ? streams.lakeSink(LakeTables.READINGS_1M_SCHEMA)
                                : null,
                        settings.writes(LakeTables.READINGS_1H)
                                ? streams.lakeSink(LakeTables.READINGS_1H_SCHEMA)
                                : null,
                        settings.writes(LakeTables.BREADCRUMBS_1M)
                                ? streams.lakeSink(LakeTables.BREADCRUMBS_1M_SCHEMA)
                                : null);
        RollupPipeline.attach(
                streams.readings(),
                streams.breadcrumbs(),
                settings,
                RollupPipeline.speedingRule(
                        AlertSettings.fromConfiguration(
                                        streams.config().section(AlertsOutput.GROUP))
                                .rules()),
                sinks);
        // Rollups refuse nothing: a late event is counted (rollupLateEvents) and is in the raw
        // tables.
        return null;
    }

    private static RollupSettings settings(FleetlakeConfig config) {
        return RollupSettings.fromConfiguration(config.section(GROUP));
    }
}
