package io.fleetlake.job;

import io.fleetlake.connectors.registry.RegistrySettings;
import io.fleetlake.connectors.timestream.TimestreamSink;
import io.fleetlake.job.alerts.AlertPipeline;
import io.fleetlake.job.alerts.AlertSettings;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.DecodeAndRoute;
import io.fleetlake.job.decode.DecodeLimits;
import io.fleetlake.job.decode.FahrenheitConversion;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.enrich.BreadcrumbEnrichment;
import io.fleetlake.job.enrich.GeohashAssignment;
import io.fleetlake.job.enrich.ReadingEnrichment;
import io.fleetlake.job.influx.InfluxStreams;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.sources.MessageSource;
import io.fleetlake.job.timestream.TimestreamRecords;
import io.fleetlake.job.topk.LateEventCounter;
import io.fleetlake.job.topk.TopKConsoleSink;
import io.fleetlake.job.topk.TopKPipeline;
import io.fleetlake.job.topk.TopKRow;
import io.fleetlake.job.topk.TopKSettings;
import io.fleetlake.job.topk.TopKSpec;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 *                                   │                                           └─► TOP-K
 *                                   └─► lake: dead_letter ◄── Timestream rejected records
 *   (Timestream group set: readings and breadcrumbs also go to Timestream after the event-time step)
 * </pre>
 *
 * Every operator has a name and a stable uid, so savepoints survive upgrades.
 */
public final class FleetlakeJob {
    public static final String UID_DECODE = "decode-route";
    public static final String UID_FAHRENHEIT = "fahrenheit";
    public static final String UID_TIMESTREAM_READINGS = "timestream-readings";
    public static final String UID_TIMESTREAM_BREADCRUMBS = "timestream-breadcrumbs";

    private final FleetlakeConfig config;
    private final JobSettings settings;
    private final List<MessageSource> sources;
    private final FleetlakeSinks sinks;

    public FleetlakeJob(FleetlakeConfig config, List<MessageSource> sources, FleetlakeSinks sinks) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("the job needs at least one source");
        }
        this.config = config;
        this.settings = JobSettings.fromConfiguration(config.section(FleetlakeOptions.JOB));
        this.sources = sources;
        this.sinks = sinks;
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
            String path = registry.path();
            List<String> keys = registry.keyColumns();
            Duration reload = registry.reloadInterval();
            readings =
                    readings.map(new ReadingEnrichment(path, keys, reload))
                            .name("registry: readings")
                            .uid("registry-readings");
            breadcrumbs =
                    breadcrumbs
                            .map(new BreadcrumbEnrichment(path, keys, reload))
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
        // Every sink that can refuse a record hands it back as a dead letter, with the checkpoint
        // of its write.
        deadLetters = addTimestream(readings, breadcrumbs, deadLetters);
        deadLetters = addInflux(readings, breadcrumbs, deadLetters);
        deadLetters = addAlerts(readings, breadcrumbs, deadLetters);
        deadLetters
                .sinkTo(sinks.deadLetters)
                .name("lake: " + LakeTables.DEAD_LETTER)
                .uid("lake-" + LakeTables.DEAD_LETTER);
        addTopK(readings, breadcrumbs, topK);
    }

    /**
     * Readings (and breadcrumbs, when configured) to Timestream; its rejected records join the dead
     * letters.
     */
    private DataStream<DeadLetter> addTimestream(
            DataStream<Reading> readings,
            DataStream<Breadcrumb> breadcrumbs,
            DataStream<DeadLetter> deadLetters) {
        if (sinks.timestream == null) {
            return deadLetters;
        }
        TimestreamSink<Reading> ts = sinks.timestream.readings();
        deadLetters =
                deadLetters.union(
                        ts.writeTo(
                                readings,
                                "timestream: " + ts.table(),
                                UID_TIMESTREAM_READINGS,
                                TimestreamRecords.deadLetters(ts.table()),
                                TypeInformation.of(DeadLetter.class)));
        TimestreamSink<Breadcrumb> tb = sinks.timestream.breadcrumbs();
        if (tb != null) {
            deadLetters =
                    deadLetters.union(
                            tb.writeTo(
                                    breadcrumbs,
                                    "timestream: " + tb.table(),
                                    UID_TIMESTREAM_BREADCRUMBS,
                                    TimestreamRecords.deadLetters(tb.table()),
                                    TypeInformation.of(DeadLetter.class)));
        }
        return deadLetters;
    }

    /**
     * Readings (and breadcrumbs, when configured) to InfluxDB; lines it refuses join the dead
     * letters.
     */
    private DataStream<DeadLetter> addInflux(
            DataStream<Reading> readings,
            DataStream<Breadcrumb> breadcrumbs,
            DataStream<DeadLetter> deadLetters) {
        return sinks.influx == null
                ? deadLetters
                : deadLetters.union(InfluxStreams.attach(sinks.influx, readings, breadcrumbs));
    }

    /**
     * Per-device alert rules in event time: the lake's alerts table, the console, MQTT and SNS;
     * deliveries that fail for good join the dead letters.
     */
    private DataStream<DeadLetter> addAlerts(
            DataStream<Reading> readings,
            DataStream<Breadcrumb> breadcrumbs,
            DataStream<DeadLetter> deadLetters) {
        if (!config.has(FleetlakeOptions.ALERTS)) {
            return deadLetters;
        }
        DataStream<DeadLetter> undelivered =
                AlertPipeline.attach(
                        readings,
                        breadcrumbs,
                        AlertSettings.fromConfiguration(config.section(FleetlakeOptions.ALERTS)),
                        sinks.alerts,
                        sinks.alertDelivery);
        return undelivered == null ? deadLetters : deadLetters.union(undelivered);
    }

    /**
     * TOP-K of each spec per tumbling window into the lake's topk table (and the console when
     * asked).
     */
    private void addTopK(
            DataStream<Reading> readings, DataStream<Breadcrumb> breadcrumbs, TopKSettings topK) {
        List<TopKSpec> specs = topK.specs();
        if (specs.isEmpty()) {
            return;
        }
        DataStream<TopKRow> topk =
                TopKPipeline.build(
                        breadcrumbs
                                .process(new LateEventCounter<>())
                                .name("topk: late breadcrumbs")
                                .uid("topk-late-breadcrumbs"),
                        readings.process(new LateEventCounter<>())
                                .name("topk: late readings")
                                .uid("topk-late-readings"),
                        specs);
        topk.sinkTo(sinks.topk).name("lake: " + LakeTables.TOPK).uid("lake-" + LakeTables.TOPK);
        int printRows = topK.printRows();
        if (printRows > 0) {
            topk.sinkTo(new TopKConsoleSink(printRows))
                    .name("topk: console")
                    .uid("topk-console")
                    .setParallelism(1);
        }
    }

    /** True when every source ends by itself. */
    public boolean isBounded() {
        return sources.stream().allMatch(MessageSource::isBounded);
    }
}
