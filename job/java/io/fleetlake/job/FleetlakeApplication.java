package io.fleetlake.job;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.job.config.ApplicationProperties;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.sources.MessageSources;
import io.fleetlake.job.timestream.TimestreamSinks;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point on a Flink cluster and on Managed Service for Apache Flink: reads the property groups, wires the
 * production sources and sinks, and runs {@link FleetlakeJob}. Local runs use {@code ./fleetlake}
 * ({@link io.fleetlake.job.local.LocalLauncher}), which builds the same job.
 *
 * <p>Arguments: {@code --properties FILE} (the MSF property-group JSON shape) on a Flink cluster; none on MSF,
 * where the application's runtime properties are read with {@code KinesisAnalyticsRuntime}. Either way the
 * {@code Lake} group and a {@code Source.*} group must be present ({@link ApplicationProperties}).
 */
public final class FleetlakeApplication {
    private FleetlakeApplication() {}

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, String>> groups =
                ApplicationProperties.load(args, KinesisAnalyticsRuntime::getApplicationProperties);
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config, System.currentTimeMillis());
        env.execute("fleetlake");
    }

    /** Builds the production job into {@code env}. */
    public static FleetlakeJob build(StreamExecutionEnvironment env, FleetlakeConfig config, long now) {
        FleetlakeJob.configure(env, config);
        LakeSinkFactory lake = new LakeSinkFactory(config.get(FleetlakeOptions.LAKE, FleetlakeOptions.LAKE_PATH),
                config.get(FleetlakeOptions.LAKE, FleetlakeOptions.LAKE_CODEC));
        FleetlakeSinks sinks = FleetlakeSinks.lake(lake);
        if (config.has(FleetlakeOptions.TIMESTREAM)) {
            sinks = sinks.withTimestream(TimestreamSinks.fromConfig(config, TimestreamSinks.clientConfig(config)));
        }
        FleetlakeJob job = new FleetlakeJob(config, MessageSources.fromConfig(config, now), sinks);
        job.addTo(env);
        return job;
    }
}
