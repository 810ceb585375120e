package io.fleetlake.job.timestream;

import io.fleetlake.connectors.timestream.TimestreamClientConfig;
import io.fleetlake.connectors.timestream.TimestreamOptions;
import io.fleetlake.connectors.timestream.TimestreamSink;
import io.fleetlake.connectors.timestream.TimestreamSinkFactory;
import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.output.JobStreams;
import io.fleetlake.job.output.OutputExtension;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Readings (and breadcrumbs, when {@code breadcrumbs-table} is set) to Amazon Timestream; its
 * rejected records are returned as dead letters.
 */
public final class TimestreamOutput implements OutputExtension {
    public static final String UID_READINGS = "timestream-readings";
    public static final String UID_BREADCRUMBS = "timestream-breadcrumbs";

    public static final ConfigGroup GROUP =
            ConfigGroup.builder(
                            "Timestream",
                            "Readings (and optionally breadcrumbs) to Amazon Timestream; present = enabled.")
                    .options(TimestreamOptions.class)
                    .required(TimestreamOptions.DATABASE)
                    .required(TimestreamOptions.TABLE)
                    .required(TimestreamOptions.REGION)
                    .check(
                            c ->
                                    TimestreamSinkFactory.fromConfiguration(
                                            c, TimestreamClientConfig.fromConfiguration(c)))
                    .build();

    private final Function<FleetlakeConfig, TimestreamSinks> sinks;

    /** The sinks as configured, credentials from the default chain. */
    public TimestreamOutput() {
        this(config -> TimestreamSinks.fromConfig(config, TimestreamSinks.clientConfig(config)));
    }

    /** With sinks of the caller's making (tests pass static credentials). */
    public TimestreamOutput(Function<FleetlakeConfig, TimestreamSinks> sinks) {
        this.sinks = sinks;
    }

    @Override
    public List<ConfigGroup> groups() {
        return List.of(GROUP);
    }

    @Override
    public boolean isEnabled(FleetlakeConfig config) {
        return config.has(GROUP);
    }

    @Override
    public DataStream<DeadLetter> attach(JobStreams streams) {
        TimestreamSinks sinks = this.sinks.apply(streams.config());
        TimestreamSink<Reading> ts = sinks.readings();
        DataStream<DeadLetter> deadLetters =
                ts.writeTo(
                        streams.readings(),
                        "timestream: " + ts.table(),
                        UID_READINGS,
                        TimestreamRecords.deadLetters(ts.table()),
                        TypeInformation.of(DeadLetter.class));
        TimestreamSink<Breadcrumb> tb = sinks.breadcrumbs();
        if (tb != null) {
            deadLetters =
                    deadLetters.union(
                            tb.writeTo(
                                    streams.breadcrumbs(),
                                    "timestream: " + tb.table(),
                                    UID_BREADCRUMBS,
                                    TimestreamRecords.deadLetters(tb.table()),
                                    TypeInformation.of(DeadLetter.class)));
        }
        return deadLetters;
    }
}
