package io.fleetlake.job.influx;

import io.fleetlake.connectors.influx.InfluxSettings;
import io.fleetlake.connectors.influx.InfluxSink;
import io.fleetlake.connectors.influx.InfluxSinkFactory;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;

/**
 * The Influx sinks the {@code Influx} property group asks for: readings always, breadcrumbs when
 * {@code measurement-breadcrumbs} is set.
 */
public final class InfluxSinks {
    private final InfluxSettings settings;
    private final InfluxSink<Reading> readings;
    private final InfluxSink<Breadcrumb> breadcrumbs;

    private InfluxSinks(
            InfluxSettings settings,
            InfluxSink<Reading> readings,
            InfluxSink<Breadcrumb> breadcrumbs) {
        this.settings = settings;
        this.readings = readings;
        this.breadcrumbs = breadcrumbs;
    }

    /** The sinks of the group; fails naming the key when the group is incomplete. */
    public static InfluxSinks fromConfig(FleetlakeConfig config) {
        return of(InfluxSettings.fromConfiguration(config.section(InfluxOutput.GROUP)));
    }

    public static InfluxSinks of(InfluxSettings settings) {
        InfluxSinkFactory factory = new InfluxSinkFactory(settings);
        InfluxSink<Reading> readings =
                factory.sink(
                        InfluxLines.readings(
                                settings.measurementReadings(), settings.tagAttributes()));
        InfluxSink<Breadcrumb> breadcrumbs =
                settings.measurementBreadcrumbs() == null
                        ? null
                        : factory.sink(
                                InfluxLines.breadcrumbs(
                                        settings.measurementBreadcrumbs(),
                                        settings.tagAttributes()));
        return new InfluxSinks(settings, readings, breadcrumbs);
    }

    public InfluxSettings settings() {
        return settings;
    }

    public InfluxSink<Reading> readings() {
        return readings;
    }

    /** Null when breadcrumbs are not written to InfluxDB. */
    public InfluxSink<Breadcrumb> breadcrumbs() {
        return breadcrumbs;
    }
}
