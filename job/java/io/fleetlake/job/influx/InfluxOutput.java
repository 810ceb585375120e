package io.fleetlake.job.influx;

import io.fleetlake.connectors.influx.InfluxOptions;
import io.fleetlake.connectors.influx.InfluxSettings;
import io.fleetlake.connectors.influx.InfluxSink;
import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.output.JobStreams;
import io.fleetlake.job.output.OutputExtension;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Readings (and breadcrumbs, when {@code measurement-breadcrumbs} is set) to InfluxDB as line
 * protocol; operator names {@code influx: <measurement>}. Lines it refuses are returned as dead
 * letters.
 */
public final class InfluxOutput implements OutputExtension {
    public static final String UID_READINGS = "influx-readings";
    public static final String UID_BREADCRUMBS = "influx-breadcrumbs";

    public static final ConfigGroup GROUP =
            ConfigGroup.builder(
                            InfluxOptions.GROUP,
                            "Readings (and optionally breadcrumbs) as InfluxDB line protocol: InfluxDB 1.x/2.x/3, Amazon "
                                    + "Timestream for InfluxDB; present = enabled.")
                    .options(InfluxOptions.class)
                    .required(InfluxOptions.URL)
                    .check(InfluxSettings::fromConfiguration)
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
    public DataStream<DeadLetter> attach(JobStreams streams) {
        return attach(InfluxSinks.fromConfig(streams.config()), streams);
    }

    /**
     * Writes readings (and breadcrumbs, when configured) to {@code sinks}; returns the rejected
     * lines as dead letters.
     */
    static DataStream<DeadLetter> attach(InfluxSinks sinks, JobStreams streams) {
        String target = sinks.settings().target();
        InfluxSink<Reading> r = sinks.readings();
        DataStream<DeadLetter> rejected =
                r.writeTo(
                        streams.readings(),
                        "influx: " + sinks.settings().measurementReadings(),
                        UID_READINGS,
                        InfluxLines.deadLetters(target),
                        TypeInformation.of(DeadLetter.class));
        InfluxSink<Breadcrumb> b = sinks.breadcrumbs();
        if (b != null) {
            rejected =
                    rejected.union(
                            b.writeTo(
                                    streams.breadcrumbs(),
                                    "influx: " + sinks.settings().measurementBreadcrumbs(),
                                    UID_BREADCRUMBS,
                                    InfluxLines.deadLetters(target),
                                    TypeInformation.of(DeadLetter.class)));
        }
        return rejected;
    }
}
