package io.fleetlake.job;

import io.fleetlake.connectors.registry.RegistrySettings;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.DecodeAndRoute;
import io.fleetlake.job.decode.DecodeLimits;
import io.fleetlake.job.decode.FahrenheitConversion;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.enrich.BreadcrumbEnrichment;
import io.fleetlake.job.enrich.GeohashAssignment;
import io.fleetlake.job.enrich.ReadingEnrichment;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.output.JobStreams;
import io.fleetlake.job.output.OutputExtension;
import io.fleetlake.job.output.Outputs;
import io.fleetlake.job.sources.MessageSource;
import io.fleetlake.job.topk.TopKSettings;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Fleetlake pipeline graph. Takes its sources and sinks as arguments: {@code main} wires the
 * production connectors, tests inject their own.
 *
 * <pre>
 * sources ─► union ─► decode-route ─┬─► fahrenheit ─► [registry] ─► event time ─┬─► lake: readings
 *                                   │                                           └─► TOP-K (local-global counts) ─► lake: topk
 *                                   ├─► geohash ─► [registry] ─► event time ────┬─► lake: breadcrumbs
 *                                   │                                           └─► outputs
 *                                   └─► lake: dead_letter ◄── what the outputs refused
 * </pre>
 *
 * After the event-time step the enabled {@link OutputExtension}s ({@link Outputs}: Glue, TOP-K,
 * Timestream, InfluxDB, alerts) attach to the readings and breadcrumbs; what they refuse joins the
 * dead letters.
 *
 * <p>Every operator has a name and a stable uid, so savepoints survive upgrades.
 */
public final class FleetlakeJob {
    public static final String UID_DECODE = "decode-route";
    public static final String UID_FAHRENHEIT = "fahrenheit";

    private final FleetlakeConfig config;
    private final JobSettings settings;
    private final List<MessageSource> sources;
    private final FleetlakeSinks sinks;
    private final List<OutputExtension> outputs;

    /** The job with the outputs {@code config} enables ({@link Outputs#enabled}). */
    public FleetlakeJob(FleetlakeConfig config, List<MessageSource> sources, FleetlakeSinks sinks) {
        this(config, sources, sinks, Outputs.ALL);
    }

    /**
     * The job with those of {@code outputs} that {@code config} enables (tests pass an output of
     * their own making, e.g. with static credentials).
     */
    public FleetlakeJob(
            FleetlakeConfig config,
            List<MessageSource> sources,
            FleetlakeSinks sinks,
            List<OutputExtension> outputs) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("the job needs at least one source");
        }
        this.config = config;
        this.settings = JobSettings.fromConfiguration(config.section(FleetlakeOptions.JOB));
        this.sources = sources;
        this.sinks = sinks;
        this.outputs = Outputs.enabledAmong(outputs, config);
    }

    /** Pause between restarts when {@code Job.restart-attempts} is set. */
    static final Duration RESTART_DELAY = Duration.ofSeconds(1);

    /**
     * Applies the job-wide settings: parallelism, max parallelism, checkpointing, restarts, object
     * reuse, no Kryo.
     */
    public static void configure(StreamExecutionEnvironment env, FleetlakeConfig config) {
        Configuration pipeline = new Configuration();
        // Every type in the graph is a declared POJO: a generic (Kryo) fallback is a bug, so fail
        // at build time.
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        // No operator keeps a reference to a record it emitted, so chained operators can skip the
        // deep copy.
        pipeline.set(PipelineOptions.OBJECT_REUSE, true);
        JobSettings job = JobSettings.fromConfiguration(config.section(FleetlakeOptions.JOB));
        job.restartAttempts()
                .ifPresent(
                        attempts -> {
                            pipeline.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
                            pipeline.set(
                                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
                                    attempts);
                            pipeline.set(
                                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                                    RESTART_DELAY);
                        });
        env.configure(pipeline);
        job.parallelism().ifPresent(env::setParallelism);
        // Every operator, also those Flink adds for a sink (writer, compactor, committer,
        // post-commit), gets the same explicit max parallelism: it is frozen in the savepoints, and
        // a default derived from the parallelism would change with the first start's parallelism.
        env.setMaxParallelism(job.maxParallelism());
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            // On MSF the application's checkpoint configuration is already in effect and wins.
            env.enableCheckpointing(job.checkpointInterval().toMillis());
        }
    }

    /** Adds the pipeline to the environment. */
    public void addTo(StreamExecutionEnvironment env) {
        DataStream<RawMessage> input = null;
        for (MessageSource source : sources) {
            DataStream<RawMessage> s = source.attach(env);
            input = input == null ? s : input.union(s);
        }
        MessageNormalizer normalizer =
                new MessageNormalizer(
                        settings.topicTemplates(),
                        DecodeLimits.fromConfiguration(config.section(FleetlakeOptions.JOB)));
        SingleOutputStreamOperator<Reading> decoded =
                input.process(new DecodeAndRoute(normalizer))
                        .name("decode and route")
                        .uid(UID_DECODE);
        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DecodeAndRoute.DEAD_LETTERS);
        DataStream<Reading> readings =
                decoded.map(new FahrenheitConversion()).name("fahrenheit").uid(UID_FAHRENHEIT);
        DataStream<Breadcrumb> breadcrumbs =
                decoded.getSideOutput(DecodeAndRoute.BREADCRUMBS)
                        .map(new GeohashAssignment(settings.geohashPrecision()))
                        .name("geohash")
                        .uid("geohash");

        if (config.has(FleetlakeOptions.REGISTRY)) {
            RegistrySettings registry =
                    RegistrySettings.fromConfiguration(config.section(FleetlakeOptions.REGISTRY));
            readings =
                    readings.map(new ReadingEnrichment(registry))
                            .name("registry: readings")
                            .uid("registry-readings");
            breadcrumbs =
                    breadcrumbs
                            .map(new BreadcrumbEnrichment(registry))
                            .name("registry: breadcrumbs")
                            .uid("registry-breadcrumbs");
        }

        // Event time for the TOP-K windows. The lake does not depend on it: late rows are still
        // written.
        TopKSettings topK = TopKSettings.fromConfiguration(config.section(FleetlakeOptions.TOPK));
        Duration lateness = topK.allowedLateness();
        Duration idle = topK.idleTimeout();
        readings =
                readings.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Reading>forBoundedOutOfOrderness(lateness)
                                        .withTimestampAssigner((r, ts) -> r.eventTime)
                                        .withIdleness(idle))
                        .name("readings: event time")
                        .uid("readings-watermarks");
        breadcrumbs =
                breadcrumbs
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Breadcrumb>forBoundedOutOfOrderness(lateness)
                                        .withTimestampAssigner((b, ts) -> b.eventTime)
                                        .withIdleness(idle))
                        .name("breadcrumbs: event time")
                        .uid("breadcrumbs-watermarks");

        readings.sinkTo(sinks.readings)
                .name("lake: " + LakeTables.READINGS)
                .uid("lake-" + LakeTables.READINGS);
        breadcrumbs
                .sinkTo(sinks.breadcrumbs)
                .name("lake: " + LakeTables.BREADCRUMBS)
                .uid("lake-" + LakeTables.BREADCRUMBS);
        // Every output that can refuse a record hands it back as a dead letter, with the
        // checkpoint of its write.
        JobStreams streams = new JobStreams(config, readings, breadcrumbs, sinks.tables);
        for (OutputExtension output : outputs) {
            DataStream<DeadLetter> refused = output.attach(streams);
            if (refused != null) {
                deadLetters = deadLetters.union(refused);
            }
        }
        deadLetters
                .sinkTo(sinks.deadLetters)
                .name("lake: " + LakeTables.DEAD_LETTER)
                .uid("lake-" + LakeTables.DEAD_LETTER);
    }

    /** True when every source ends by itself. */
    public boolean isBounded() {
        return sources.stream().allMatch(MessageSource::isBounded);
    }
}
