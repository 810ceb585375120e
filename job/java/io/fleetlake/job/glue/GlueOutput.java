package io.fleetlake.job.glue;

import io.fleetlake.connectors.glue.GlueCatalogFactory;
import io.fleetlake.connectors.glue.GlueOptions;
import io.fleetlake.connectors.glue.GlueSettings;
import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.output.JobStreams;
import io.fleetlake.job.output.LakeSetup;
import io.fleetlake.job.output.OutputExtension;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The Glue Data Catalog as an output: lake tables created on start, partitions registered as their
 * files commit.
 *
 * <p>It adds no operator of its own. The registration is the lake sink factory's partition
 * listener, called by each table's committer once a partition's files are committed, so a partition
 * is in the catalog only when its data is (and again after a restore); an operator on the job's
 * streams would see records before they are committed and could not keep that guarantee. So the
 * extension only sets the listener ({@link #configureLake}).
 */
public final class GlueOutput implements OutputExtension {
    public static final ConfigGroup GROUP =
            ConfigGroup.builder(
                            "Glue",
                            "Glue Data Catalog: tables created on start, partitions registered as their files commit "
                                    + "(present: enabled).")
                    .options(GlueOptions.class)
                    .check(GlueSettings::fromConfiguration)
                    .build();

    @Override
    public List<ConfigGroup> groups() {
        return List.of(GROUP);
    }

    @Override
    public boolean isEnabled(FleetlakeConfig config) {
        return config.has(GROUP);
    }

    @Override
    public void configureLake(LakeSetup lake) {
        Configuration glue = lake.config().section(GROUP);
        // Glue always points at the lake itself, also while a backfill writes to its staging area.
        String location = GlueSettings.location(glue, lake.lakePath());
        lake.factory()
                .withPartitionListener(
                        GlueCatalogFactory.partitionRegistration(
                                GlueSettings.fromConfiguration(glue), location, lake.codec()));
    }

    @Override
    public DataStream<DeadLetter> attach(JobStreams streams) {
        return null;
    }
}
