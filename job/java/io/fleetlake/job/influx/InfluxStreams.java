package io.fleetlake.job.influx;

import io.fleetlake.connectors.influx.InfluxSink;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Attaches the Influx sinks to the job's streams; operator names {@code influx: <measurement>}. */
public final class InfluxStreams {
    public static final String UID_READINGS = "influx-readings";
    public static final String UID_BREADCRUMBS = "influx-breadcrumbs";

    private InfluxStreams() {}

    /**
     * Writes readings (and breadcrumbs, when configured); returns the rejected lines as dead
     * letters.
     */
    public static DataStream<DeadLetter> attach(
            InfluxSinks sinks, DataStream<Reading> readings, DataStream<Breadcrumb> breadcrumbs) {
        String target = sinks.settings().target();
        InfluxSink<Reading> r = sinks.readings();
        DataStream<DeadLetter> rejected =
                r.writeTo(
                        readings,
                        "influx: " + sinks.settings().measurementReadings(),
                        UID_READINGS,
                        InfluxLines.deadLetters(target),
                        TypeInformation.of(DeadLetter.class));
        InfluxSink<Breadcrumb> b = sinks.breadcrumbs();
        if (b != null) {
            rejected =
                    rejected.union(
                            b.writeTo(
                                    breadcrumbs,
                                    "influx: " + sinks.settings().measurementBreadcrumbs(),
                                    UID_BREADCRUMBS,
                                    InfluxLines.deadLetters(target),
                                    TypeInformation.of(DeadLetter.class)));
        }
        return rejected;
    }
}
