package io.fleetlake.job.topk;

import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.output.JobStreams;
import io.fleetlake.job.output.OutputExtension;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * TOP-K of each spec per tumbling window into the lake's {@code topk} table (and the console when
 * {@code print-rows} is set); enabled when {@code TopK.specs} holds a spec. The group's lateness
 * and idleness also set the job's event-time step, which the job reads itself.
 */
public final class TopKOutput implements OutputExtension {
    public static final ConfigGroup GROUP =
            ConfigGroup.builder("TopK", "TOP-K most frequent items per tumbling window.")
                    .options(TopKOptions.class)
                    .check(TopKSettings::fromConfiguration)
                    .build();

    @Override
    public List<ConfigGroup> groups() {
        return List.of(GROUP);
    }

    @Override
    public boolean isEnabled(FleetlakeConfig config) {
        return !settings(config).specs().isEmpty();
    }

    @Override
    public List<LakeTableSchema<?>> lakeTables(FleetlakeConfig config) {
        return List.of(LakeTables.TOPK_SCHEMA);
    }

    @Override
    public DataStream<DeadLetter> attach(JobStreams streams) {
        TopKSettings topK = settings(streams.config());
        DataStream<TopKRow> topk =
                TopKPipeline.build(
                        streams.breadcrumbs()
                                .process(new LateEventCounter<>())
                                .name("topk: late breadcrumbs")
                                .uid("topk-late-breadcrumbs"),
                        streams.readings()
                                .process(new LateEventCounter<>())
                                .name("topk: late readings")
                                .uid("topk-late-readings"),
                        topK.specs());
        topk.sinkTo(streams.lakeSink(LakeTables.TOPK_SCHEMA))
                .name("lake: " + LakeTables.TOPK)
                .uid("lake-" + LakeTables.TOPK);
        int printRows = topK.printRows();
        if (printRows > 0) {
            topk.sinkTo(new TopKConsoleSink(printRows))
                    .name("topk: console")
                    .uid("topk-console")
                    .setParallelism(1);
        }
        return null;
    }

    private static TopKSettings settings(FleetlakeConfig config) {
        return TopKSettings.fromConfiguration(config.section(GROUP));
    }
}
