package io.fleetlake.job.timestream;

import io.fleetlake.connectors.timestream.TimestreamClientConfig;
import io.fleetlake.connectors.timestream.TimestreamRecord;
import io.fleetlake.connectors.timestream.TimestreamSink;
import io.fleetlake.connectors.timestream.TimestreamSinkFactory;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import java.util.List;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * The Timestream sinks the {@code Timestream} property group asks for: readings always, breadcrumbs when
 * {@code breadcrumbs-table} is set. Built on {@link TimestreamSinkFactory}; credentials come from the default
 * chain (on MSF the application's role) unless the caller passes another client configuration.
 */
public final class TimestreamSinks {
    private final TimestreamSink<io.fleetlake.job.model.Reading> readings;
    private final TimestreamSink<io.fleetlake.job.model.Breadcrumb> breadcrumbs;

    private TimestreamSinks(TimestreamSink<io.fleetlake.job.model.Reading> readings,
            TimestreamSink<io.fleetlake.job.model.Breadcrumb> breadcrumbs) {
        this.readings = readings;
        this.breadcrumbs = breadcrumbs;
    }

    /** The client configuration of the group: region, endpoint override, default credentials. */
    public static TimestreamClientConfig clientConfig(FleetlakeConfig config) {
        return TimestreamClientConfig.of(config.get(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_REGION),
                config.get(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_ENDPOINT));
    }

    /** The sinks of the group, with {@code client} (tests pass static credentials here). */
    public static TimestreamSinks fromConfig(FleetlakeConfig config, TimestreamClientConfig client) {
        TimestreamSinkFactory factory = new TimestreamSinkFactory(client);
        String database = config.get(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_DATABASE);
        List<String> attributes = config.get(FleetlakeOptions.TIMESTREAM,
                FleetlakeOptions.TIMESTREAM_DIMENSION_ATTRIBUTES);
        TimestreamSink<io.fleetlake.job.model.Reading> readings = build(factory, config, database,
                config.get(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_TABLE),
                TimestreamRecords.readings(attributes));
        TimestreamSink<io.fleetlake.job.model.Breadcrumb> breadcrumbs = config
                .getOptional(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_BREADCRUMBS_TABLE)
                .map(table -> build(factory, config, database, table, TimestreamRecords.breadcrumbs(attributes)))
                .orElse(null);
        return new TimestreamSinks(readings, breadcrumbs);
    }

    private static <T> TimestreamSink<T> build(TimestreamSinkFactory factory, FleetlakeConfig config,
            String database, String table, ElementConverter<T, TimestreamRecord> converter) {
        return factory.sink(database, table, converter)
                .maxBatchSize(config.get(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_MAX_BATCH_SIZE))
                .maxInFlightRequests(config.get(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_MAX_IN_FLIGHT))
                .maxBufferedRequests(config.get(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_MAX_BUFFERED))
                .maxBufferTime(config.get(FleetlakeOptions.TIMESTREAM, FleetlakeOptions.TIMESTREAM_MAX_BUFFER_TIME))
                .build();
    }

    public TimestreamSink<io.fleetlake.job.model.Reading> readings() {
        return readings;
    }

    /** Null when breadcrumbs are not written to Timestream. */
    public TimestreamSink<io.fleetlake.job.model.Breadcrumb> breadcrumbs() {
        return breadcrumbs;
    }
}
