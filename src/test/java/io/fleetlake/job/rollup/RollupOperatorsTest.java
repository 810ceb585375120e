package io.fleetlake.job.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetlake.job.model.Breadcrumb;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The rollup operators in Flink's keyed operator harness: window statistics, late data, restore
 * mid-window and after a window was emitted, hours from minutes, distance across windows.
 */
class RollupOperatorsTest {
    static final long MIN = 60_000;
    static final long T0 = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
    static final TypeInformation<Tuple2<String, String>> SERIES =
            Types.TUPLE(Types.STRING, Types.STRING);

    static KeyedOneInputStreamOperatorTestHarness<
                    Tuple2<String, String>, MeasureRollup, MeasureRollup>
            measures(long windowMs, long latenessMs) throws Exception {
        return measures(windowMs, latenessMs, 0);
    }

    static KeyedOneInputStreamOperatorTestHarness<
                    Tuple2<String, String>, MeasureRollup, MeasureRollup>
            measures(long windowMs, long latenessMs, long horizonMs) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Tuple2<String, String>, MeasureRollup, MeasureRollup>
                h =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                new KeyedProcessOperator<>(
                                        new MeasureRollupWindows(windowMs, latenessMs, horizonMs)),
                                new RollupPipeline.SeriesKey(),
                                SERIES,
                                128,
                                1,
                                0);
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Breadcrumb, TripRollup> trips()
            throws Exception {
        return trips(0);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Breadcrumb, TripRollup> trips(
            long horizonMs) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new TripRollupWindows(MIN, 0, horizonMs, 90.0, "speed_limit_kmh")),
                b -> b.thingName,
                Types.STRING,
                128,
                1,
                0);
    }

    static StreamRecord<MeasureRollup> sample(String device, long t, double v) {
        return new StreamRecord<>(
                MeasureRollup.ofSample(device, "thing-" + device, "temp", t, v), t);
    }

    static StreamRecord<Breadcrumb> crumb(
            String thing, long t, double lat, double lon, Double speed) {
        Breadcrumb b = new Breadcrumb();
        b.thingName = thing;
        b.deviceId = thing;
        b.eventTime = t;
        b.lat = lat;
        b.lon = lon;
        b.speed = speed;
        return new StreamRecord<>(b, t);
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> rows(List<Object> output) {
        List<T> out = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof StreamRecord) {
                out.add((T) ((StreamRecord<?>) o).getValue());
            }
        }
        return out;
    }

    @Test
    void aMinuteIsEmittedOnceWhenTheWatermarkPassesItWithItsStatistics() throws Exception {
        try (var h = measures(MIN, 0)) {
            h.open();
            h.processElement(sample("d", T0 + 30_000, 5.0));
            h.processElement(sample("d", T0 + 10_000, 2.0)); // out of order, same minute
            h.processElement(sample("d", T0 + 50_000, -1.5));
            h.processElement(sample("d", T0 + MIN + 1, 9.0)); // next minute
            h.processWatermark(new Watermark(T0 + MIN - 2));
            assertThat(rows(new ArrayList<>(h.getOutput()))).isEmpty();

            h.processWatermark(new Watermark(T0 + MIN - 1));
            List<MeasureRollup> out = rows(new ArrayList<>(h.getOutput()));
            assertThat(out).hasSize(1);
            MeasureRollup m = out.get(0);
            assertThat(m.windowStart).isEqualTo(T0);
            assertThat(m.windowEnd).isEqualTo(T0 + MIN);
            assertThat(m.samples).isEqualTo(3);
            assertThat(m.min).isEqualTo(-1.5);
            assertThat(m.max).isEqualTo(5.0);
            assertThat(m.sum).isEqualTo(5.5);
            assertThat(m.avg()).isEqualTo(5.5 / 3);
            assertThat(m.firstValue).isEqualTo(2.0);
            assertThat(m.firstTime).isEqualTo(T0 + 10_000);
            assertThat(m.lastValue).isEqualTo(-1.5);
            assertThat(m.lastTime).isEqualTo(T0 + 50_000);
            assertThat(m.thingName).isEqualTo("thing-d");
        }
    }

    @Test
    void lateSamplesNeverProduceASecondRow() throws Exception {
        try (var h = measures(MIN, 5_000)) {
            h.open();
            h.processElement(sample("d", T0 + 1_000, 1.0));
            h.processWatermark(new Watermark(T0 + MIN + 1_000)); // past the end, within lateness
            h.processElement(sample("d", T0 + 2_000, 2.0)); // still counted
            h.processWatermark(new Watermark(T0 + MIN + 4_999)); // end - 1 + lateness: final
            h.processElement(sample("d", T0 + 3_000, 3.0)); // late: left out
            h.processWatermark(new Watermark(T0 + 10 * MIN));
            List<MeasureRollup> out = rows(new ArrayList<>(h.getOutput()));
            assertThat(out).hasSize(1);
            assertThat(out.get(0).samples).isEqualTo(2);
            assertThat(out.get(0).sum).isEqualTo(3.0);
        }
    }

    @Test
    void restoreMidWindowKeepsTheOpenWindowAndAfterEmitNeverRepeatsIt() throws Exception {
        OperatorSubtaskState midWindow;
        try (var h = measures(MIN, 0)) {
            h.open();
            h.processElement(sample("d", T0 + 1_000, 1.0));
            h.processElement(sample("e", T0 + 2_000, 7.0));
            midWindow = h.snapshot(1L, T0 + 2_000);
        }
        OperatorSubtaskState afterEmit;
        try (var h = measures(MIN, 0)) {
            h.initializeState(midWindow);
            h.open();
            h.processElement(sample("d", T0 + 3_000, 2.0));
            h.processWatermark(new Watermark(T0 + MIN - 1));
            List<MeasureRollup> out = rows(new ArrayList<>(h.getOutput()));
            assertThat(out)
                    .extracting(r -> r.deviceId + ":" + r.samples + ":" + r.sum)
                    .containsExactlyInAnyOrder("d:2:3.0", "e:1:7.0");
            afterEmit = h.snapshot(2L, T0 + MIN);
        }
        try (var h = measures(MIN, 0)) {
            // A restore starts with no watermark: the replayed minute is already decided.
            h.initializeState(afterEmit);
            h.open();
            h.processElement(sample("d", T0 + 4_000, 4.0));
            h.processElement(sample("d", T0 + MIN + 4_000, 4.0));
            h.processWatermark(new Watermark(T0 + 2 * MIN - 1));
            List<MeasureRollup> out = rows(new ArrayList<>(h.getOutput()));
            assertThat(out).extracting(r -> r.windowStart - T0).containsExactly(MIN);
        }
    }

    @Test
    void hoursMergedFromMinutesEqualHoursFromSamples() throws Exception {
        Random random = new Random(7);
        List<StreamRecord<MeasureRollup>> samples = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long t = T0 + (long) (random.nextDouble() * 2 * 3_600_000);
            samples.add(sample("d", t, Math.round(random.nextGaussian() * 1e4) / 100.0));
        }
        List<MeasureRollup> minutes;
        try (var h = measures(MIN, 0)) {
            h.open();
            for (StreamRecord<MeasureRollup> s : samples) {
                h.processElement(s);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            minutes = rows(new ArrayList<>(h.getOutput()));
        }
        List<MeasureRollup> hours;
        try (var h = measures(3_600_000, 0)) {
            h.open();
            Collections.shuffle(minutes, random);
            for (MeasureRollup m : minutes) {
                h.processElement(new StreamRecord<>(m, m.windowEnd - 1));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            hours = rows(new ArrayList<>(h.getOutput()));
        }
        List<MeasureRollup> direct;
        try (var h = measures(3_600_000, 0)) {
            h.open();
            Collections.shuffle(samples, random);
            for (StreamRecord<MeasureRollup> s : samples) {
                h.processElement(s);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            direct = rows(new ArrayList<>(h.getOutput()));
        }
        assertThat(hours).hasSize(2).containsExactlyElementsOf(direct);
        assertThat(hours.stream().mapToLong(r -> r.samples).sum()).isEqualTo(2_000);
    }

    @Test
    void exactSumIsTheCorrectlyRoundedSumInAnyOrder() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                values.add(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15));
            }
            BigDecimal exact = BigDecimal.ZERO;
            for (double v : values) {
                exact = exact.add(new BigDecimal(v));
            }
            double[] parts = new double[0];
            Collections.shuffle(values, random);
            for (double v : values) {
                parts = ExactSum.add(parts, v);
            }
            assertThat(ExactSum.value(parts))
                    // parseDouble rounds the exact decimal correctly (BigDecimal.doubleValue on
                    // Java 17 may not).
                    .isEqualTo(Double.parseDouble(exact.toPlainString()));
        }
    }

    @Test
    void aSegmentAcrossWindowsCountsInTheWindowOfItsLaterPoint() throws Exception {
        try (var h = trips()) {
            h.open();
            // Arrive out of order; the second minute's first point is joined to the first's last.
            h.processElement(crumb("v", T0 + MIN + 10_000, 45.02, -122.0, 100.0));
            h.processElement(crumb("v", T0 + 50_000, 45.01, -122.0, 50.0));
            h.processElement(crumb("v", T0 + 20_000, 45.00, -122.0, 0.0));
            h.processWatermark(new Watermark(T0 + 2 * MIN));
            List<TripRollup> out = rows(new ArrayList<>(h.getOutput()));
            assertThat(out).hasSize(2);
            TripRollup first = out.get(0);
            TripRollup second = out.get(1);
            double km1 = Haversine.km(45.00, -122.0, 45.01, -122.0);
            double km2 = Haversine.km(45.01, -122.0, 45.02, -122.0);
            assertThat(first.windowStart).isEqualTo(T0);
            assertThat(first.samples).isEqualTo(2);
            assertThat(first.distanceKm).isEqualTo(km1);
            assertThat(first.movingS).isEqualTo(30.0);
            assertThat(first.speedingS).isEqualTo(0.0);
            assertThat(first.maxSpeed).isEqualTo(50.0);
            assertThat(first.avgSpeed).isEqualTo(25.0);
            assertThat(first.firstLat).isEqualTo(45.00);
            assertThat(first.lastLat).isEqualTo(45.01);
            assertThat(second.windowStart).isEqualTo(T0 + MIN);
            assertThat(second.samples).isEqualTo(1);
            assertThat(second.distanceKm).isEqualTo(km2);
            // 50 s .. 70 s: only the 10 s inside the window count as its driving time.
            assertThat(second.movingS).isEqualTo(10.0);
            assertThat(second.speedingS).isEqualTo(10.0);
            // Along a meridian the haversine is R times the angle.
            assertThat(km1).isCloseTo(6371.0088 * Math.toRadians(0.01), within(1e-9));
        }
    }

    @Test
    void tripsRestoreMidWindowAndKeepTheLastPositionAcrossTheRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = trips()) {
            h.open();
            h.processElement(crumb("v", T0 + 10_000, 45.00, -122.0, 10.0));
            h.processWatermark(new Watermark(T0 + MIN - 1)); // first minute emitted
            h.processElement(crumb("v", T0 + MIN + 5_000, 45.01, -122.0, 10.0));
            snapshot = h.snapshot(1L, T0 + MIN + 5_000);
        }
        try (var h = trips()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(crumb("v", T0 + 30_000, 44.0, -121.0, 10.0)); // decided minute: late
            h.processElement(crumb("v", T0 + MIN + 15_000, 45.02, -122.0, 10.0));
            h.processWatermark(new Watermark(T0 + 2 * MIN - 1));
            List<TripRollup> out = rows(new ArrayList<>(h.getOutput()));
            assertThat(out).hasSize(1);
            assertThat(out.get(0).samples).isEqualTo(2);
            assertThat(out.get(0).distanceKm)
                    .isCloseTo(
                            Haversine.km(45.00, -122.0, 45.01, -122.0)
                                    + Haversine.km(45.01, -122.0, 45.02, -122.0),
                            within(1e-12));
        }
    }

    @Test
    void seriesSilentForTheStateHorizonAreDroppedAndLateSamplesStayLate() throws Exception {
        long horizon = 30 * MIN;
        try (var h = measures(MIN, 0, horizon)) {
            h.open();
            // 500 devices that each send for one minute, and one that sends every minute.
            for (int d = 0; d < 500; d++) {
                h.processElement(sample("gone-" + d, T0 + d * 1_000L, d));
            }
            for (int m = 0; m < 120; m++) {
                h.processElement(sample("steady", T0 + m * MIN + 5_000, m));
                h.processWatermark(new Watermark(T0 + (m + 1) * MIN - 1));
                if (m == 10) {
                    assertThat(h.numKeyedStateEntries())
                            .as("emitted end and cleanup time per series")
                            .isEqualTo(501 * 2);
                }
                // One window timer and at most one cleanup timer per series, whatever the
                // number of windows emitted.
                assertThat(h.numEventTimeTimers()).isLessThanOrEqualTo(m < 40 ? 502 : 2);
            }
            // Two hours on: only the steady series is left (its last emitted end, its cleanup).
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            List<MeasureRollup> out = rows(new ArrayList<>(h.getOutput()));
            assertThat(out).hasSize(500 + 120);

            // A sample for a retired series' old minute is still late: the watermark decides.
            h.processElement(sample("gone-7", T0 + 7_000, 99.0));
            // A retired series that sends again starts afresh.
            h.processElement(sample("gone-8", T0 + 120 * MIN + 1_000, 8.0));
            h.processWatermark(new Watermark(T0 + 121 * MIN - 1));
            List<MeasureRollup> all = rows(new ArrayList<>(h.getOutput()));
            assertThat(all.subList(out.size(), all.size()))
                    .extracting(r -> r.deviceId + "@" + (r.windowStart - T0) / MIN)
                    .containsExactly("gone-8@120");

            // The end of a bounded input (watermark at +infinity) leaves no state at all.
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aRestoredSeriesKeepsItsCleanupTimerAndItsDecidedWindows() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = measures(MIN, 0, 10 * MIN)) {
            h.open();
            h.processElement(sample("d", T0 + 1_000, 1.0));
            h.processWatermark(new Watermark(T0 + MIN - 1)); // emitted; cleanup at +11 min
            snapshot = h.snapshot(1L, T0 + MIN);
        }
        try (var h = measures(MIN, 0, 10 * MIN)) {
            h.initializeState(snapshot);
            h.open();
            // Within the horizon the restored state still decides: the replayed minute is late.
            h.processElement(sample("d", T0 + 2_000, 2.0));
            h.processWatermark(new Watermark(T0 + 12 * MIN));
            assertThat(rows(new ArrayList<>(h.getOutput()))).isEmpty();
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aVehicleSilentForTheStateHorizonIsDroppedAndStartsANewTrack() throws Exception {
        try (var h = trips(30 * MIN)) {
            h.open();
            h.processElement(crumb("v", T0 + 10_000, 45.00, -122.0, 10.0));
            h.processElement(crumb("v", T0 + MIN + 10_000, 45.01, -122.0, 10.0));
            h.processWatermark(new Watermark(T0 + 2 * MIN - 1));
            assertThat(h.numKeyedStateEntries())
                    .as("last position, emitted end, cleanup time")
                    .isEqualTo(3);
            h.processWatermark(new Watermark(T0 + 40 * MIN));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();

            // Back after the horizon, far away: no segment from the forgotten position.
            h.processElement(crumb("v", T0 + 50 * MIN + 1_000, 46.0, -121.0, 10.0));
            h.processElement(crumb("v", T0 + 50 * MIN + 31_000, 46.01, -121.0, 10.0));
            h.processWatermark(new Watermark(T0 + 51 * MIN - 1));
            List<TripRollup> out = rows(new ArrayList<>(h.getOutput()));
            assertThat(out)
                    .extracting(r -> (r.windowStart - T0) / MIN)
                    .containsExactly(0L, 1L, 50L);
            assertThat(out.get(2).distanceKm).isEqualTo(Haversine.km(46.0, -121.0, 46.01, -121.0));
            assertThat(out.get(2).movingS).isEqualTo(30.0);
        }
    }
}
