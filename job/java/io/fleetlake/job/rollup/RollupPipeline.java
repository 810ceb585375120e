package io.fleetlake.job.rollup;

import io.fleetlake.job.alerts.AlertRule;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The rollup part of the job graph (inputs with event-time watermarks):
 *
 * <pre>
 * readings ─► samples per measure ─► keyBy(device, measure) ─► minute windows ─┬─► lake: readings_1m
 *                                                                            └─► hour windows ─► lake: readings_1h
 * breadcrumbs ─► keyBy(thing) ─► minute trip windows ─► lake: breadcrumbs_1m
 * </pre>
 *
 * Stateful operators have the stable uids below and the job's max parallelism ({@code
 * Job.max-parallelism}).
 */
public final class RollupPipeline {
    public static final String UID_SAMPLES = "rollup-measure-samples";
    public static final String UID_MINUTES = "rollup-readings-1m";
    public static final String UID_HOURS = "rollup-readings-1h";
    public static final String UID_TRIPS = "rollup-breadcrumbs-1m";

    private static final TypeInformation<Tuple2<String, String>> SERIES =
            Types.TUPLE(Types.STRING, Types.STRING);

    private RollupPipeline() {}

    /**
     * Adds the operators of the tables that have a sink.
     *
     * @param speeding the speeding rule whose limit {@code speeding_s} measures; null: none
     */
    public static void attach(
            DataStream<Reading> readings,
            DataStream<Breadcrumb> breadcrumbs,
            RollupSettings settings,
            AlertRule speeding,
            RollupSinks sinks) {
        long window = settings.window().toMillis();
        long lateness = settings.allowedLateness().toMillis();
        long horizon = settings.stateHorizon().toMillis();
        if (sinks.readings1m != null || sinks.readings1h != null) {
            DataStream<MeasureRollup> minutes =
                    readings.flatMap(new MeasureSamples(settings.measures()))
                            .returns(TypeInformation.of(MeasureRollup.class))
                            .name("rollup: measure samples")
                            .uid(UID_SAMPLES)
                            .keyBy(new SeriesKey(), SERIES)
                            .process(new MeasureRollupWindows(window, lateness, horizon))
                            .returns(TypeInformation.of(MeasureRollup.class))
                            .name("rollup: " + LakeTables.READINGS_1M)
                            .uid(UID_MINUTES);
            if (sinks.readings1m != null) {
                minutes.sinkTo(sinks.readings1m)
                        .name("lake: " + LakeTables.READINGS_1M)
                        .uid("lake-" + LakeTables.READINGS_1M);
            }
            if (sinks.readings1h != null) {
                minutes.keyBy(new SeriesKey(), SERIES)
                        .process(
                                new MeasureRollupWindows(
                                        settings.coarseWindow().toMillis(), lateness, horizon))
                        .returns(TypeInformation.of(MeasureRollup.class))
                        .name("rollup: " + LakeTables.READINGS_1H)
                        .uid(UID_HOURS)
                        .sinkTo(sinks.readings1h)
                        .name("lake: " + LakeTables.READINGS_1H)
                        .uid("lake-" + LakeTables.READINGS_1H);
            }
        }
        if (sinks.breadcrumbs1m != null) {
            breadcrumbs
                    // A position with neither thing name nor device id belongs to no track (it is
                    // in the breadcrumbs table as it came); keying it would fail on the null key.
                    .filter(b -> b.thingName != null)
                    .name("rollup: identified vehicles")
                    .uid("rollup-identified-vehicles")
                    .keyBy(b -> b.thingName, Types.STRING)
                    .process(
                            new TripRollupWindows(
                                    window,
                                    lateness,
                                    horizon,
                                    speeding == null ? null : speeding.threshold,
                                    speeding == null ? null : speeding.thresholdAttribute))
                    .returns(TypeInformation.of(TripRollup.class))
                    .name("rollup: " + LakeTables.BREADCRUMBS_1M)
                    .uid(UID_TRIPS)
                    .sinkTo(sinks.breadcrumbs1m)
                    .name("lake: " + LakeTables.BREADCRUMBS_1M)
                    .uid("lake-" + LakeTables.BREADCRUMBS_1M);
        }
    }

    /** The first speeding rule among {@code rules}, or null. */
    public static AlertRule speedingRule(List<AlertRule> rules) {
        return rules.stream()
                .filter(r -> r.type == AlertRule.Type.SPEEDING)
                .findFirst()
                .orElse(null);
    }

    /** (device_id, measure). */
    static final class SeriesKey implements KeySelector<MeasureRollup, Tuple2<String, String>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<String, String> getKey(MeasureRollup r) {
            return Tuple2.of(r.deviceId, r.measure);
        }
    }
}
