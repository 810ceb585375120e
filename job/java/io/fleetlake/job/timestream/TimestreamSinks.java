package io.fleetlake.job.timestream;

import io.fleetlake.connectors.timestream.TimestreamClientConfig;
import io.fleetlake.connectors.timestream.TimestreamSink;
import io.fleetlake.connectors.timestream.TimestreamSinkFactory;
import io.fleetlake.job.config.FleetlakeConfig;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The Timestream sinks the {@code Timestream} property group asks for: readings always, breadcrumbs
 * when {@code breadcrumbs-table} is set. Built on {@link TimestreamSinkFactory}; credentials come
 * from the default chain (on MSF the application's role) unless the caller passes another client
 * configuration.
 */
public final class TimestreamSinks {
    private final TimestreamSink<io.fleetlake.job.model.Reading> readings;
    private final TimestreamSink<io.fleetlake.job.model.Breadcrumb> breadcrumbs;

    private TimestreamSinks(
            TimestreamSink<io.fleetlake.job.model.Reading> readings,
            TimestreamSink<io.fleetlake.job.model.Breadcrumb> breadcrumbs) {
        this.readings = readings;
        this.breadcrumbs = breadcrumbs;
    }

    /** The client configuration of the group: region, endpoint override, default credentials. */
    public static TimestreamClientConfig clientConfig(FleetlakeConfig config) {
        return TimestreamClientConfig.fromConfiguration(config.section(TimestreamOutput.GROUP));
    }

    /** The sinks of the group, with {@code client} (tests pass static credentials here). */
    public static TimestreamSinks fromConfig(
            FleetlakeConfig config, TimestreamClientConfig client) {
        Configuration group = config.section(TimestreamOutput.GROUP);
        TimestreamSinkFactory factory = TimestreamSinkFactory.fromConfiguration(group, client);
        String database = factory.database();
        List<String> attributes = factory.dimensionAttributes();
        TimestreamSink<io.fleetlake.job.model.Reading> readings =
                factory.sink(database, factory.table(), TimestreamRecords.readings(attributes))
                        .build();
        TimestreamSink<io.fleetlake.job.model.Breadcrumb> breadcrumbs =
                factory.breadcrumbsTable()
                        .map(
                                table ->
                                        factory.sink(
                                                        database,
                                                        table,
                                                        TimestreamRecords.breadcrumbs(attributes))
                                                .build())
                        .orElse(null);
        return new TimestreamSinks(readings, breadcrumbs);
    }

    public TimestreamSink<io.fleetlake.job.model.Reading> readings() {
        return readings;
    }

    /** Null when breadcrumbs are not written to Timestream. */
    public TimestreamSink<io.fleetlake.job.model.Breadcrumb> breadcrumbs() {
        return breadcrumbs;
    }
}
