package io.fleetlake.job;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.connectors.files.FileSourceSettings;
import io.fleetlake.connectors.lake.LakeBackfill;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.connectors.s3.S3FileSystems;
import io.fleetlake.job.config.ApplicationProperties;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.output.LakeSetup;
import io.fleetlake.job.output.OutputExtension;
import io.fleetlake.job.output.Outputs;
import io.fleetlake.job.sources.MessageSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point on a Flink cluster and on Managed Service for Apache Flink: reads the property
 * groups, wires the production sources and sinks, and runs {@link FleetlakeJob}. Local runs use
 * {@code ./fleetlake} (the launcher in {@code job/tools}, io.fleetlake.tools.local.LocalLauncher),
 * which builds the same job.
 *
 * <p>Arguments: {@code --properties FILE} (the MSF property-group JSON shape) on a Flink cluster;
 * none on MSF, where the application's runtime properties are read with {@code
 * KinesisAnalyticsRuntime}. Either way the {@code Lake} group and a {@code Source.*} group must be
 * present ({@link ApplicationProperties}).
 */
public final class FleetlakeApplication {
    private static final Logger LOG = LoggerFactory.getLogger(FleetlakeApplication.class);

    private FleetlakeApplication() {}

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, String>> groups =
                ApplicationProperties.load(args, KinesisAnalyticsRuntime::getApplicationProperties);
        if (ApplicationProperties.readsRuntimeProperties(args)) {
            groups = withoutJobParallelism(groups);
        }
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        run(env, config, System.currentTimeMillis(), "fleetlake");
    }

    /**
     * The groups without {@code Job.parallelism}, with a warning when it was set: on MSF (property
     * groups from the runtime) the application's parallelism must win, or autoscaling, which
     * restarts the job at another parallelism, would change nothing.
     */
    static Map<String, Map<String, String>> withoutJobParallelism(
            Map<String, Map<String, String>> groups) {
        Map<String, String> job = groups.get(FleetlakeOptions.JOB.id());
        if (job == null || !job.containsKey(JobOptions.PARALLELISM.key())) {
            return groups;
        }
        LOG.warn(
                "{}.{}={} is ignored on Managed Service for Apache Flink: the application's"
                        + " parallelism (and its autoscaling) decides. Set Parallelism and"
                        + " ParallelismPerKPU in the application's configuration instead.",
                FleetlakeOptions.JOB.id(),
                JobOptions.PARALLELISM.key(),
                job.get(JobOptions.PARALLELISM.key()));
        Map<String, Map<String, String>> copy = new LinkedHashMap<>(groups);
        Map<String, String> withoutIt = new LinkedHashMap<>(job);
        withoutIt.remove(JobOptions.PARALLELISM.key());
        copy.put(FleetlakeOptions.JOB.id(), withoutIt);
        return copy;
    }

    /**
     * Builds and runs the job. A replacing backfill ({@link #backfillFor}) is published by the job
     * itself when its lake committers have committed the whole input ({@code BackfillPublisher}),
     * so this works the same when {@code execute} returns at once (a detached cluster submission).
     */
    public static void run(
            StreamExecutionEnvironment env, FleetlakeConfig config, long now, String jobName)
            throws Exception {
        build(env, config, now, backfillFor(config));
        env.execute(jobName);
    }

    /**
     * Builds the production job into {@code env}, writing straight into the lake (no backfill
     * staging).
     */
    public static FleetlakeJob build(
            StreamExecutionEnvironment env, FleetlakeConfig config, long now) {
        return build(env, config, now, null);
    }

    /**
     * Builds the production job into {@code env}.
     *
     * @param backfill when not null, the lake tables are written to this backfill's staging area,
     *     the file source owns the run ({@code BackfillRunSource}), and the job publishes it when
     *     the input is committed
     */
    public static FleetlakeJob build(
            StreamExecutionEnvironment env,
            FleetlakeConfig config,
            long now,
            LakeBackfill backfill) {
        FleetlakeJob.configure(env, config);
        FleetlakeSinks sinks = FleetlakeSinks.lake(lakeSinkFactory(config, backfill));
        FleetlakeJob job =
                new FleetlakeJob(config, MessageSources.fromConfig(config, now, backfill), sinks);
        job.addTo(env);
        return job;
    }

    /**
     * The lake's sink factory as configured: codec, compaction, backfill staging (of the job's
     * tables and the enabled outputs'), and what the enabled outputs add to it (Glue registration).
     */
    public static LakeSinkFactory lakeSinkFactory(FleetlakeConfig config, LakeBackfill backfill) {
        Configuration lakeGroup = config.section(FleetlakeOptions.LAKE);
        String lakePath = LakeSinkFactory.lakePath(lakeGroup);
        LakeSinkFactory lake =
                LakeSinkFactory.fromConfiguration(
                        lakeGroup,
                        backfill == null ? lakePath : backfill.stagingRoot(),
                        JobSettings.fromConfiguration(config.section(FleetlakeOptions.JOB))
                                .checkpointInterval());
        if (backfill != null) {
            List<String> tables =
                    new ArrayList<>(
                            List.of(
                                    LakeTables.READINGS,
                                    LakeTables.BREADCRUMBS,
                                    LakeTables.DEAD_LETTER));
            for (LakeTableSchema<?> table : Outputs.lakeTables(config)) {
                tables.add(table.tableName());
            }
            lake.withBackfill(backfill, tables);
        }
        LakeSetup setup = new LakeSetup(lake, lakePath, lake.codec().name(), config);
        for (OutputExtension output : Outputs.enabled(config)) {
            output.configureLake(setup);
        }
        return lake;
    }

    /** The S3 settings of the {@code Lake} group (they apply where the job runs in this JVM). */
    public static S3FileSystems.Settings s3Settings(FleetlakeConfig config) {
        return S3FileSystems.Settings.fromConfiguration(config.section(FleetlakeOptions.LAKE));
    }

    /**
     * The backfill when this job is a replacing backfill (a bounded {@code Source.Files} as the
     * only source, {@code backfill-mode=replace}); else null. Reads and writes nothing: a run
     * starts (and finishes an interrupted publish of the same input) when the job's source starts,
     * and a restored job continues its own run.
     */
    public static LakeBackfill backfillFor(FleetlakeConfig config) {
        if (!config.has(FleetlakeOptions.FILES)) {
            return null;
        }
        FileSourceSettings files =
                FileSourceSettings.fromConfiguration(config.section(FleetlakeOptions.FILES));
        if (files.backfillMode() != FileSourceOptions.BackfillMode.REPLACE || !files.isBounded()) {
            return null;
        }
        if (config.presentAmong(FleetlakeOptions.SOURCE_GROUPS).size() > 1) {
            LOG.info(
                    "Source.Files runs with other sources: backfill-mode=replace does not apply, appending");
            return null;
        }
        // The same for every run and restore of the input: which run owns the staging folder is
        // decided by the source's enumerator at run time (BackfillRunSource), never here.
        return LakeBackfill.forInput(
                LakeSinkFactory.lakePath(config.section(FleetlakeOptions.LAKE)), files.path());
    }
}
