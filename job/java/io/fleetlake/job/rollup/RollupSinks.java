package io.fleetlake.job.rollup;

import org.apache.flink.api.connector.sink2.Sink;

/** The rollup tables' sinks; a null one is a table the job does not write. */
public final class RollupSinks {
    public final Sink<MeasureRollup> readings1m;
    public final Sink<MeasureRollup> readings1h;
    public final Sink<TripRollup> breadcrumbs1m;

    public RollupSinks(
            Sink<MeasureRollup> readings1m,
            Sink<MeasureRollup> readings1h,
            Sink<TripRollup> breadcrumbs1m) {
        this.readings1m = readings1m;
        this.readings1h = readings1h;
        this.breadcrumbs1m = breadcrumbs1m;
    }
}
