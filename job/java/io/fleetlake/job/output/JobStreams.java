package io.fleetlake.job.output;

import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the job hands each {@link OutputExtension}: the configuration, the enriched readings and
 * breadcrumbs (event-time timestamps and watermarks assigned), and the lake's sink for a table.
 */
public final class JobStreams {
    /** Makes the lake sink of one table (in production {@code LakeSinkFactory::create}). */
    @FunctionalInterface
    public interface LakeSinks {
        <T> Sink<T> create(LakeTableSchema<T> schema);
    }

    private final FleetlakeConfig config;
    private final DataStream<Reading> readings;
    private final DataStream<Breadcrumb> breadcrumbs;
    private final LakeSinks lakeSinks;

    public JobStreams(
            FleetlakeConfig config,
            DataStream<Reading> readings,
            DataStream<Breadcrumb> breadcrumbs,
            LakeSinks lakeSinks) {
        this.config = config;
        this.readings = readings;
        this.breadcrumbs = breadcrumbs;
        this.lakeSinks = lakeSinks;
    }

    public FleetlakeConfig config() {
        return config;
    }

    /** Enriched readings in event time (timestamps and watermarks assigned). */
    public DataStream<Reading> readings() {
        return readings;
    }

    /** Enriched breadcrumbs in event time (timestamps and watermarks assigned). */
    public DataStream<Breadcrumb> breadcrumbs() {
        return breadcrumbs;
    }

    /**
     * The lake's sink for {@code schema}'s table; the table must be one of the output's {@link
     * OutputExtension#lakeTables}.
     */
    public <T> Sink<T> lakeSink(LakeTableSchema<T> schema) {
        return lakeSinks.create(schema);
    }
}
