package io.fleetlake.job.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.KeyedHarnesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alert operator over its lifetime: restores at another parallelism with late input, on-arrival
 * against event-time evaluation over generated streams, bounded state for one-off devices, and the
 * processing-time fallback of silent rules.
 */
class AlertLifecycleTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final AlertRule SPEEDING =
            AlertRule.speeding("speeding", 90.0, Duration.ofSeconds(10));
    private static final AlertRule REEFER =
            AlertRule.temperature("reefer", "temperature", -15.0, 1.0, Duration.ofSeconds(30))
                    .forDevices("iotfleet_.*");
    private static final AlertRule SILENT = AlertRule.silent("silent", Duration.ofMinutes(2));

    private static AlertDetector detector(
            AlertEvaluation evaluation, Duration horizon, Duration fallback, AlertRule... rules) {
        return new AlertDetector(List.of(rules), Duration.ZERO, evaluation, horizon, fallback);
    }

    private static KeyedHarnesses<String, AlertInput, Alert> detectors(
            AlertEvaluation evaluation,
            int parallelism,
            OperatorSubtaskState state,
            int oldParallelism)
            throws Exception {
        return KeyedHarnesses.open(
                () ->
                        new KeyedProcessOperator<>(
                                detector(
                                        evaluation,
                                        Duration.ofHours(24),
                                        Duration.ZERO,
                                        SPEEDING,
                                        SILENT)),
                in -> in.deviceId,
                TypeInformation.of(String.class),
                parallelism,
                state,
                oldParallelism);
    }

    static AlertInput speed(String device, long t, double kmh) {
        AlertInput in = new AlertInput();
        in.deviceId = device;
        in.thingName = device;
        in.eventTime = t;
        in.speed = kmh;
        in.lat = 45.5;
        in.lon = -122.6;
        return in;
    }

    static AlertInput temp(String device, long t, double c) {
        AlertInput in = new AlertInput();
        in.deviceId = device;
        in.thingName = device;
        in.eventTime = t;
        in.measures.put("temperature", c);
        return in;
    }

    /**
     * Savepoint at p=2 with ten trucks, five of them mid-episode; restored at p=1 and p=3, where
     * the watermark starts at the minimum again, samples behind what was decided (over the limit,
     * inside and after closed episodes) arrive before any watermark. No episode opens again, and
     * the open ones close once with their ids: one row per (alert_id, state).
     */
    @ParameterizedTest(name = "{0}: savepoint at p=2, restore at p={1}")
    @CsvSource({"ON_ARRIVAL,1", "ON_ARRIVAL,3", "EVENT_TIME,1", "EVENT_TIME,3"})
    void aRestoreAtAnotherParallelismNeverReopensOrRepeatsAnEpisode(
            AlertEvaluation evaluation, int restoredParallelism) throws Exception {
        List<Alert> rows = new ArrayList<>();
        OperatorSubtaskState savepoint;
        try (var h = detectors(evaluation, 2, null, 0)) {
            for (int i = 0; i < 10; i++) {
                String truck = "truck-" + i;
                h.process(speed(truck, T0, 100), T0);
                h.process(speed(truck, T0 + 11_000, 110), T0 + 11_000);
                if (i < 5) {
                    h.process(speed(truck, T0 + 20_000, 50), T0 + 20_000);
                }
                h.process(speed(truck, T0 + 40_000, i < 5 ? 60 : 120), T0 + 40_000);
            }
            h.watermark(T0 + 40_000);
            rows.addAll(h.output());
            savepoint = h.snapshot(1);
        }
        assertThat(rows).hasSize(15);
        try (var h = detectors(evaluation, restoredParallelism, savepoint, 2)) {
            for (int i = 0; i < 10; i++) {
                String truck = "truck-" + i;
                h.process(speed(truck, T0 + 21_000, 140), T0 + 21_000);
                h.process(speed(truck, T0 + 35_000, 140), T0 + 35_000);
                h.process(speed(truck, T0 + 39_999, 140), T0 + 39_999);
            }
            h.watermark(T0 + 40_000);
            for (int i = 5; i < 10; i++) {
                h.process(speed("truck-" + i, T0 + 45_000, 80), T0 + 45_000);
            }
            h.watermark(T0 + 50_000);
            rows.addAll(h.output());
        }
        Map<String, Long> perIdAndState =
                rows.stream()
                        .collect(
                                Collectors.groupingBy(
                                        a -> a.alertId + "/" + a.state, Collectors.counting()));
        assertThat(perIdAndState).hasSize(20).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
        assertThat(rows)
                .filteredOn(a -> a.state.equals(Alert.CLOSED) && a.deviceId.equals("truck-7"))
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.openedAt).isEqualTo(T0);
                            assertThat(a.closedAt).isEqualTo(T0 + 45_000);
                            assertThat(a.value).as("the late 140s did not count").isEqualTo(120);
                        });
    }

    /** One generated stream, as it arrives: records and the watermarks between them. */
    private static final class Stream {
        final List<Object> events = new ArrayList<>();
    }

    /**
     * Devices each sending in event-time order (speeds crossing the limit, reefer temperatures
     * crossing the threshold, gaps longer than the silent timeout and the state horizon),
     * interleaved at random; {@code stragglers} samples arrive later than their device's next ones.
     * Watermarks never make an input late.
     */
    private static Stream generate(long seed, int stragglers) {
        Random rnd = new Random(seed);
        List<List<AlertInput>> perDevice = new ArrayList<>();
        for (int d = 0; d < 12; d++) {
            String id = (d % 3 == 0 ? "iotfleet_" : "truck-") + d;
            List<AlertInput> samples = new ArrayList<>();
            long t = T0 + rnd.nextInt(10_000);
            double v = d % 3 == 0 ? -16 : 85;
            for (int i = 0; i < 300; i++) {
                int gap = rnd.nextInt(100);
                t += gap < 2 ? 11 * 60_000 : gap < 6 ? 3 * 60_000 : 1_000 + rnd.nextInt(4_000);
                if (d % 3 == 0) {
                    v = Math.max(-20, Math.min(-10, v + rnd.nextGaussian()));
                    samples.add(temp(id, t, Math.round(v * 10) / 10.0));
                } else {
                    v = Math.max(60, Math.min(120, v + rnd.nextGaussian() * 6));
                    samples.add(speed(id, t, Math.round(v)));
                }
            }
            perDevice.add(samples);
        }
        List<AlertInput> arrival = new ArrayList<>();
        int[] next = new int[perDevice.size()];
        int left = perDevice.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int d = rnd.nextInt(perDevice.size());
            if (next[d] < perDevice.get(d).size()) {
                arrival.add(perDevice.get(d).get(next[d]++));
                left--;
            }
        }
        for (int s = 0; s < stragglers; s++) {
            int from = rnd.nextInt(arrival.size() - 50);
            arrival.add(from + 1 + rnd.nextInt(40), arrival.remove(from));
        }
        Stream stream = new Stream();
        for (int i = 0; i < arrival.size(); i++) {
            stream.events.add(arrival.get(i));
            if (rnd.nextInt(20) == 0) {
                long pending = Long.MAX_VALUE;
                for (int j = i + 1; j < arrival.size(); j++) {
                    pending = Math.min(pending, arrival.get(j).eventTime);
                }
                if (pending != Long.MAX_VALUE) {
                    stream.events.add(new Watermark(pending - 1));
                }
            }
        }
        long last = arrival.stream().mapToLong(in -> in.eventTime).max().orElseThrow();
        stream.events.add(new Watermark(last + Duration.ofHours(2).toMillis()));
        return stream;
    }

    /** The stream without the inputs older than one before them of the same device. */
    private static Stream inOrderPerDevice(Stream s) {
        Stream out = new Stream();
        Map<String, Long> newest = new HashMap<>();
        for (Object e : s.events) {
            if (e instanceof AlertInput) {
                AlertInput in = (AlertInput) e;
                Long n = newest.get(in.deviceId);
                if (n != null && in.eventTime < n) {
                    continue;
                }
                newest.put(in.deviceId, in.eventTime);
            }
            out.events.add(e);
        }
        return out;
    }

    private static List<Alert> run(AlertEvaluation evaluation, Stream s) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                detector(
                                        evaluation,
                                        Duration.ofMinutes(10),
                                        Duration.ZERO,
                                        SPEEDING,
                                        REEFER,
                                        SILENT)),
                        in -> in.deviceId,
                        TypeInformation.of(String.class))) {
            h.open();
            for (Object e : s.events) {
                if (e instanceof Watermark) {
                    h.processWatermark((Watermark) e);
                } else {
                    AlertInput in = (AlertInput) e;
                    h.processElement(new StreamRecord<>(in, in.eventTime));
                }
            }
            List<Alert> out = new ArrayList<>(h.extractOutputValues());
            out.sort(
                    Comparator.comparing((Alert a) -> a.deviceId)
                            .thenComparingLong(Alert::changedAt)
                            .thenComparing(a -> a.alertId)
                            .thenComparing(a -> a.state));
            return out;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void onArrivalEqualsEventTimeWhenEachDeviceArrivesInOrder(long seed) throws Exception {
        Stream s = generate(seed, 0);
        List<Alert> buffered = run(AlertEvaluation.EVENT_TIME, s);
        assertThat(buffered)
                .extracting(a -> a.type + "/" + a.state + "/" + a.details.get("closed_by"))
                .as("the generated streams exercise every rule, silence and retirement")
                .contains(
                        "speeding/open/null",
                        "speeding/closed/null",
                        "temperature/open/null",
                        "silent/open/null",
                        "silent/closed/null",
                        "silent/closed/retired");
        assertThat(run(AlertEvaluation.ON_ARRIVAL, s)).isEqualTo(buffered);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {6, 7, 8})
    void onArrivalEqualsEventTimeWithoutTheInputsThatArriveOutOfTheirDevicesOrder(long seed)
            throws Exception {
        Stream s = generate(seed, 200);
        Stream ordered = inOrderPerDevice(s);
        assertThat(ordered.events.size()).isLessThan(s.events.size());
        assertThat(run(AlertEvaluation.ON_ARRIVAL, s))
                .isEqualTo(run(AlertEvaluation.EVENT_TIME, ordered));
    }

    /**
     * Two file readers hours of event time apart (a backfill of time-sliced files at parallelism
     * 2): the later half waits for the watermark of the earlier one, interleaved with it, and the
     * alerts are those of the same inputs arriving in order.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {9, 10, 11})
    void eventTimeGivesTheOrderedResultWhenOneReaderIsFarAhead(long seed) throws Exception {
        Stream ordered = generate(seed, 0);
        List<AlertInput> inputs = new ArrayList<>();
        for (Object e : ordered.events) {
            if (e instanceof AlertInput) {
                inputs.add((AlertInput) e);
            }
        }
        inputs.sort(Comparator.comparingLong((AlertInput in) -> in.eventTime));
        List<AlertInput> early = inputs.subList(0, inputs.size() / 2);
        List<AlertInput> late = inputs.subList(inputs.size() / 2, inputs.size());
        Stream skewed = new Stream();
        int a = 0;
        int b = 0;
        while (a < early.size() || b < late.size()) {
            if (a < early.size()) {
                skewed.events.add(early.get(a++));
            }
            if (b < late.size()) {
                skewed.events.add(late.get(b++));
            }
            if ((a + b) % 40 == 0 && (a < early.size() || b < late.size())) {
                // The minimum of the two readers' watermarks: the early reader's until it ends.
                long next = a < early.size() ? early.get(a).eventTime : late.get(b).eventTime;
                skewed.events.add(new Watermark(next - 1));
            }
        }
        skewed.events.add(ordered.events.get(ordered.events.size() - 1));
        assertThat(run(AlertEvaluation.EVENT_TIME, skewed))
                .isEqualTo(run(AlertEvaluation.EVENT_TIME, ordered));
    }

    /**
     * 100,000 device ids that send once: after the state horizon no keyed state and no timer is
     * left (their silent alerts closed as retired).
     */
    @Test
    void oneOffDevicesLeaveNoStateAfterTheHorizon() throws Exception {
        int devices = 100_000;
        try (KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                detector(
                                        AlertEvaluation.ON_ARRIVAL,
                                        Duration.ofHours(1),
                                        Duration.ofMinutes(5),
                                        SPEEDING,
                                        REEFER,
                                        SILENT)),
                        in -> in.deviceId,
                        TypeInformation.of(String.class))) {
            h.open();
            h.setProcessingTime(0);
            for (int i = 0; i < devices; i++) {
                AlertInput in = speed("once-" + i, T0 + i, 50);
                h.processElement(new StreamRecord<>(in, in.eventTime));
            }
            assertThat(h.numKeyedStateEntries()).isEqualTo(devices);
            h.processWatermark(new Watermark(T0 + devices + Duration.ofHours(1).toMillis()));
            h.setProcessingTime(Duration.ofMinutes(10).toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
            List<Alert> out = h.extractOutputValues();
            assertThat(out).hasSize(2 * devices);
            assertThat(out)
                    .filteredOn(a -> a.state.equals(Alert.CLOSED))
                    .allSatisfy(
                            a ->
                                    assertThat(a.details)
                                            .containsEntry("closed_by", AlertDetector.RETIRED));
        }
    }

    /**
     * The whole input stops: the watermark stands still, and after {@code silent-fallback} of wall
     * time the silent rule opens from the watermark plus the wall time since, with the id event
     * time would have given; when event time moves again nothing opens twice.
     */
    @Test
    void silentFallsBackToProcessingTimeWhenTheWatermarkStops() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AlertInput, Alert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                detector(
                                        AlertEvaluation.ON_ARRIVAL,
                                        Duration.ofHours(24),
                                        Duration.ofMinutes(1),
                                        SILENT)),
                        in -> in.deviceId,
                        TypeInformation.of(String.class))) {
            h.open();
            h.setProcessingTime(0);
            h.processWatermark(new Watermark(T0 - 1));
            h.processElement(new StreamRecord<>(temp("sensor", T0, 3), T0));
            h.setProcessingTime(60_000);
            h.setProcessingTime(120_000);
            assertThat(h.extractOutputValues()).as("2 min of wall time: not yet").isEmpty();
            h.setProcessingTime(180_000);
            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.state).isEqualTo(Alert.OPEN);
                                assertThat(a.openedAt).isEqualTo(T0 + 120_000);
                                assertThat(a.alertId)
                                        .isEqualTo(Alert.idOf("silent", "sensor", T0 + 120_000));
                                assertThat(a.details)
                                        .containsEntry("detected_by", "processing-time");
                            });
            h.processWatermark(new Watermark(T0 + 600_000));
            h.processElement(new StreamRecord<>(temp("sensor", T0 + 700_000, 3), T0 + 700_000));
            assertThat(h.extractOutputValues())
                    .extracting(a -> a.state)
                    .containsExactly(Alert.OPEN, Alert.CLOSED);
        }
    }
}
