package io.fleetlake.job;

import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.job.alerts.Alert;
import io.fleetlake.job.alerts.AlertDelivery;
import io.fleetlake.job.influx.InfluxSinks;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.rollup.RollupSinks;
import io.fleetlake.job.timestream.TimestreamSinks;
import io.fleetlake.job.topk.TopKRow;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's tables go. Production: the Parquet lake (and Timestream); tests may pass their
 * own sinks.
 */
public final class FleetlakeSinks {
    public final Sink<Reading> readings;
    public final Sink<Breadcrumb> breadcrumbs;
    public final Sink<DeadLetter> deadLetters;

    /** The TOP-K table's sink; may be null when the job writes no TOP-K table. */
    public final Sink<TopKRow> topk;

    /** Readings (and breadcrumbs) to Timestream; null when the Timestream group is absent. */
    public final TimestreamSinks timestream;

    /** Readings (and breadcrumbs) to InfluxDB; null when the Influx group is absent. */
    public final InfluxSinks influx;

    /** The alerts table (with an Alerts group); null: alerts are not written to the lake. */
    public final Sink<Alert> alerts;

    /** MQTT/SNS delivery of alerts; null: none. */
    public final AlertDelivery alertDelivery;

    /** The rollup tables' sinks; null: the job writes no rollup table. */
    public final RollupSinks rollups;

    public FleetlakeSinks(
            Sink<Reading> readings,
            Sink<Breadcrumb> breadcrumbs,
            Sink<DeadLetter> deadLetters,
            Sink<TopKRow> topk) {
        this(readings, breadcrumbs, deadLetters, topk, null, null, null, null, null);
    }

    private FleetlakeSinks(
            Sink<Reading> readings,
            Sink<Breadcrumb> breadcrumbs,
            Sink<DeadLetter> deadLetters,
            Sink<TopKRow> topk,
            TimestreamSinks timestream,
            InfluxSinks influx,
            Sink<Alert> alerts,
            AlertDelivery alertDelivery,
            RollupSinks rollups) {
        this.rollups = rollups;
        this.alerts = alerts;
        this.alertDelivery = alertDelivery;
        this.readings = readings;
        this.breadcrumbs = breadcrumbs;
        this.deadLetters = deadLetters;
        this.topk = topk;
        this.timestream = timestream;
        this.influx = influx;
    }

    /** The same sinks, plus Timestream (its rejected records join the dead letters). */
    public FleetlakeSinks withTimestream(TimestreamSinks timestream) {
        return new FleetlakeSinks(
                readings,
                breadcrumbs,
                deadLetters,
                topk,
                timestream,
                influx,
                alerts,
                alertDelivery,
                rollups);
    }

    /** The same sinks, plus InfluxDB (its rejected lines join the dead letters). */
    public FleetlakeSinks withInflux(InfluxSinks influx) {
        return new FleetlakeSinks(
                readings,
                breadcrumbs,
                deadLetters,
                topk,
                timestream,
                influx,
                alerts,
                alertDelivery,
                rollups);
    }

    /** The same sinks, plus the alerts table and delivery (either may be null). */
    public FleetlakeSinks withAlerts(Sink<Alert> alerts, AlertDelivery delivery) {
        return new FleetlakeSinks(
                readings,
                breadcrumbs,
                deadLetters,
                topk,
                timestream,
                influx,
                alerts,
                delivery,
                rollups);
    }

    /** The same sinks, plus the rollup tables (null: none). */
    public FleetlakeSinks withRollups(RollupSinks rollups) {
        return new FleetlakeSinks(
                readings,
                breadcrumbs,
                deadLetters,
                topk,
                timestream,
                influx,
                alerts,
                alertDelivery,
                rollups);
    }

    /** The lake's file sinks for every table but the rollups ({@link #withRollups}). */
    public static FleetlakeSinks lake(LakeSinkFactory lake) {
        return lake(lake, true, true);
    }

    /**
     * The lake's file sinks; the {@code topk} and {@code alerts} tables' only when asked for (a
     * replacing backfill publishes once every table's sink is done, so it must not be handed a sink
     * the job never uses).
     */
    public static FleetlakeSinks lake(LakeSinkFactory lake, boolean withTopK, boolean withAlerts) {
        return new FleetlakeSinks(
                lake.create(LakeTables.READINGS_SCHEMA),
                lake.create(LakeTables.BREADCRUMBS_SCHEMA),
                lake.create(LakeTables.DEAD_LETTER_SCHEMA),
                withTopK ? lake.create(LakeTables.TOPK_SCHEMA) : null,
                null,
                null,
                withAlerts ? lake.create(LakeTables.ALERTS_SCHEMA) : null,
                null,
                null);
    }
}
