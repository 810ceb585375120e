package io.fleetlake.job.output;

import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.alerts.AlertsOutput;
import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.glue.GlueOutput;
import io.fleetlake.job.influx.InfluxOutput;
import io.fleetlake.job.rollup.RollupOutput;
import io.fleetlake.job.timestream.TimestreamOutput;
import io.fleetlake.job.topk.TopKOutput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The registration list of the job's optional outputs. Adding an output: implement {@link
 * OutputExtension} in its own package and add one line here. The order is the configuration
 * reference's order of their groups and the order in which the job attaches them.
 */
public final class Outputs {
    private Outputs() {}

    /** Every output the job knows, configured or not. */
    public static final List<OutputExtension> ALL =
            Collections.unmodifiableList(
                    List.of(
                            new GlueOutput(),
                            new TopKOutput(),
                            new TimestreamOutput(),
                            new InfluxOutput(),
                            new AlertsOutput(),
                            new RollupOutput()));

    /** The property groups of every output, in reference order. */
    public static List<ConfigGroup> groups() {
        List<ConfigGroup> groups = new ArrayList<>();
        for (OutputExtension o : ALL) {
            groups.addAll(o.groups());
        }
        return groups;
    }

    /** The outputs {@code config} turns on, in registration order. */
    public static List<OutputExtension> enabled(FleetlakeConfig config) {
        return enabledAmong(ALL, config);
    }

    /** Those of {@code outputs} that {@code config} turns on, in their order. */
    public static List<OutputExtension> enabledAmong(
            List<OutputExtension> outputs, FleetlakeConfig config) {
        return outputs.stream().filter(o -> o.isEnabled(config)).collect(Collectors.toList());
    }

    /** The lake tables the enabled outputs write (besides the job's own). */
    public static List<LakeTableSchema<?>> lakeTables(FleetlakeConfig config) {
        List<LakeTableSchema<?>> tables = new ArrayList<>();
        for (OutputExtension o : enabled(config)) {
            tables.addAll(o.lakeTables(config));
        }
        return tables;
    }
}
