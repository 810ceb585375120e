package io.fleetlake.job;

import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.timestream.TimestreamSinks;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the job's tables go. Production: the Parquet lake; tests may pass their own sinks. */
public final class FleetlakeSinks {
    public final Sink<Reading> readings;
    public final Sink<Breadcrumb> breadcrumbs;
    public final Sink<DeadLetter> deadLetters;
    /** Readings (and breadcrumbs) to Timestream; null when the Timestream group is absent. */
    public final TimestreamSinks timestream;

    public FleetlakeSinks(Sink<Reading> readings, Sink<Breadcrumb> breadcrumbs, Sink<DeadLetter> deadLetters) {
        this(readings, breadcrumbs, deadLetters, null);
    }

    private FleetlakeSinks(Sink<Reading> readings, Sink<Breadcrumb> breadcrumbs, Sink<DeadLetter> deadLetters,
            TimestreamSinks timestream) {
        this.readings = readings;
        this.breadcrumbs = breadcrumbs;
        this.deadLetters = deadLetters;
        this.timestream = timestream;
    }

    /** The same sinks, plus Timestream (its rejected records join the dead letters). */
    public FleetlakeSinks withTimestream(TimestreamSinks timestream) {
        return new FleetlakeSinks(readings, breadcrumbs, deadLetters, timestream);
    }

    /** The lake's file sinks for every table. */
    public static FleetlakeSinks lake(LakeSinkFactory lake) {
        return new FleetlakeSinks(lake.create(LakeTables.READINGS_SCHEMA), lake.create(LakeTables.BREADCRUMBS_SCHEMA),
                lake.create(LakeTables.DEAD_LETTER_SCHEMA));
    }
}
