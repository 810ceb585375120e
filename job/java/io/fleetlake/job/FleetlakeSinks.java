package io.fleetlake.job;

import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.output.JobStreams;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's lake tables go: the readings, breadcrumbs and dead-letter sinks, and the sink of
 * any other table an output asks for. Production: the Parquet lake; tests may pass their own sinks.
 * The optional outputs (Timestream, InfluxDB, alerts, TOP-K, ...) are {@link
 * io.fleetlake.job.output.OutputExtension}s, not fields here.
 */
public final class FleetlakeSinks {
    public final Sink<Reading> readings;
    public final Sink<Breadcrumb> breadcrumbs;
    public final Sink<DeadLetter> deadLetters;

    /** The sink of every other table (TOP-K, alerts, ...), made when an output asks for it. */
    public final JobStreams.LakeSinks tables;

    public FleetlakeSinks(
            Sink<Reading> readings,
            Sink<Breadcrumb> breadcrumbs,
            Sink<DeadLetter> deadLetters,
            JobStreams.LakeSinks tables) {
        this.readings = readings;
        this.breadcrumbs = breadcrumbs;
        this.deadLetters = deadLetters;
        this.tables = tables;
    }

    /**
     * The lake's file sinks. A table's sink is made only when the job writes that table (a
     * replacing backfill publishes once every table's sink is done, so it must not be handed a sink
     * the job never uses).
     */
    public static FleetlakeSinks lake(LakeSinkFactory lake) {
        return new FleetlakeSinks(
                lake.create(LakeTables.READINGS_SCHEMA),
                lake.create(LakeTables.BREADCRUMBS_SCHEMA),
                lake.create(LakeTables.DEAD_LETTER_SCHEMA),
                lake::create);
    }
}
