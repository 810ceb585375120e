package io.fleetlake.job.topk;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.testing.KeyedHarnesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operator harness tests of the three TOP-K operators: counting, watermarks and timers,
 * snapshot/restore.
 */
class TopKOperatorsTest {
    static final long MIN = 60_000;

    static final TopKSpec ACTIVE = new TopKSpec("active", "breadcrumbs", "thing_name", null, 2, 60);
    static final TopKSpec FAST =
            new TopKSpec(
                    "fast",
                    "breadcrumbs",
                    "thing_name",
                    "speed > COALESCE(speed_limit_kmh, 90)",
                    2,
                    60);

    static StreamRecord<Breadcrumb> crumb(String thing, double speed, long t) {
        Breadcrumb b = new Breadcrumb();
        b.thingName = thing;
        b.speed = speed;
        b.eventTime = t;
        if (thing.equals("slowpoke")) {
            b.attributes = Map.of("speed_limit_kmh", "30");
        }
        return new StreamRecord<>(b, t);
    }

    static OneInputStreamOperatorTestHarness<Breadcrumb, TopKCount> local(int maxEntries)
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new TopKLocalCounter<>("breadcrumbs", List.of(ACTIVE, FAST), maxEntries));
    }

    static List<TopKCount> counts(List<Object> output) {
        List<TopKCount> out = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof StreamRecord) {
                out.add((TopKCount) ((StreamRecord<?>) o).getValue());
            }
        }
        return out;
    }

    @Test
    void localCounterSendsAWindowsCountsBeforeTheWatermarkThatClosesIt() throws Exception {
        try (OneInputStreamOperatorTestHarness<Breadcrumb, TopKCount> h = local(1000)) {
            h.open();
            h.processElement(crumb("a", 50, 1_000));
            h.processElement(crumb("a", 120, 2_000));
            h.processElement(crumb("slowpoke", 40, 3_000)); // over its registry limit of 30
            h.processElement(crumb("b", 50, MIN + 1)); // next window
            assertThat(h.getOutput()).isEmpty();

            h.processWatermark(new Watermark(MIN - 1));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(counts(out))
                    .containsExactlyInAnyOrder(
                            new TopKCount("active", 0, MIN, "a", 2),
                                    new TopKCount("active", 0, MIN, "slowpoke", 1),
                            new TopKCount("fast", 0, MIN, "a", 1),
                                    new TopKCount("fast", 0, MIN, "slowpoke", 1));
            assertThat(out.get(out.size() - 1)).isEqualTo(new Watermark(MIN - 1));
            assertThat(((StreamRecord<?>) out.get(0)).getTimestamp()).isEqualTo(MIN - 1);

            // Late for the closed window [0, 60 s): left out; the open window still counts.
            h.getOutput().clear();
            h.processElement(crumb("a", 50, 5_000));
            h.processElement(crumb("b", 50, MIN + 2));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(counts(new ArrayList<>(h.getOutput())))
                    .containsExactly(new TopKCount("active", MIN, 2 * MIN, "b", 2));
        }
    }

    @Test
    void localCounterKeepsNoStateAndFlushesBeforeEveryCheckpointAndWhenFull() throws Exception {
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<Breadcrumb, TopKCount> h = local(3)) {
            h.open();
            h.processElement(crumb("a", 50, 1_000));
            h.processElement(crumb("a", 50, 2_000));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);
            assertThat(counts(new ArrayList<>(h.getOutput())))
                    .containsExactly(new TopKCount("active", 0, MIN, "a", 2));
            h.getOutput().clear();
            h.processElement(crumb("x", 50, 1_000));
            h.processElement(crumb("y", 50, 1_000));
            assertThat(h.getOutput()).isEmpty();
            h.processElement(crumb("z", 50, 1_000)); // the third distinct count: the map is full
            assertThat(counts(new ArrayList<>(h.getOutput()))).hasSize(3);
        }
        try (OneInputStreamOperatorTestHarness<Breadcrumb, TopKCount> h = local(1000)) {
            h.initializeState(snapshot);
            h.open();
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(counts(new ArrayList<>(h.getOutput()))).isEmpty();
        }
    }

    static KeyedOneInputStreamOperatorTestHarness<
                    Tuple3<String, Long, String>, TopKCount, TopKCount>
            itemCounter() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TopKItemCounter()),
                new TopKPipeline.ItemKey(),
                Types.TUPLE(Types.STRING, Types.LONG, Types.STRING));
    }

    @Test
    void itemCounterAddsPartialsAndFiresAtTheWindowsEndAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<
                        Tuple3<String, Long, String>, TopKCount, TopKCount>
                h = itemCounter()) {
            h.open();
            h.processElement(new TopKCount("active", 0, MIN, "a", 2), MIN - 1);
            h.processElement(new TopKCount("active", 0, MIN, "b", 1), MIN - 1);
            h.processElement(new TopKCount("active", MIN, 2 * MIN, "a", 4), 2 * MIN - 1);
            h.processWatermark(new Watermark(MIN - 2));
            assertThat(counts(new ArrayList<>(h.getOutput()))).isEmpty();
            snapshot = h.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<
                        Tuple3<String, Long, String>, TopKCount, TopKCount>
                h = itemCounter()) {
            h.initializeState(snapshot);
            h.open();
            assertThat(h.numEventTimeTimers()).isEqualTo(3);
            h.processElement(new TopKCount("active", 0, MIN, "a", 3), MIN - 1);
            h.processWatermark(new Watermark(MIN - 1));
            assertThat(counts(new ArrayList<>(h.getOutput())))
                    .containsExactlyInAnyOrder(
                            new TopKCount("active", 0, MIN, "a", 5),
                            new TopKCount("active", 0, MIN, "b", 1));
            // Fired windows leave no state behind.
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
        }
    }

    static KeyedOneInputStreamOperatorTestHarness<Tuple2<String, Long>, TopKCount, TopKRow>
            selector() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TopKSelector(List.of(ACTIVE, FAST))),
                new TopKPipeline.WindowKey(),
                Types.TUPLE(Types.STRING, Types.LONG));
    }

    @Test
    void selectorRanksByCountThenItemAndKeepsOnlyKAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<Tuple2<String, Long>, TopKCount, TopKRow> h =
                selector()) {
            h.open();
            h.processElement(new TopKCount("active", 0, MIN, "c", 3), MIN - 1);
            h.processElement(new TopKCount("active", 0, MIN, "b", 5), MIN - 1);
            snapshot = h.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<Tuple2<String, Long>, TopKCount, TopKRow> h =
                selector()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(
                    new TopKCount("active", 0, MIN, "a", 3), MIN - 1); // ties with c, sorts first
            h.processElement(new TopKCount("active", 0, MIN, "d", 1), MIN - 1);
            h.processElement(new TopKCount("fast", 0, MIN, "d", 1), MIN - 1);
            h.processWatermark(new Watermark(MIN - 2));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(new Watermark(MIN - 1));
            assertThat(h.extractOutputValues())
                    .containsExactlyInAnyOrder(
                            new TopKRow(0, MIN, "active", 1, "b", 5),
                            new TopKRow(0, MIN, "active", 2, "a", 3),
                            new TopKRow(0, MIN, "fast", 1, "d", 1));
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    /**
     * Restored at another parallelism, the item counter and the ranking start with a watermark at
     * the minimum; the partial counts that arrive before the first watermark for windows ranked
     * before the savepoint (a local counter restarts empty and sends them on) must not rank those
     * windows again, while the windows still open carry on exactly.
     */
    @ParameterizedTest(name = "savepoint at p=2, restore at p={0}")
    @ValueSource(ints = {1, 3})
    void closedWindowsStayClosedAcrossARescale(int restoredParallelism) throws Exception {
        OperatorSubtaskState counts;
        OperatorSubtaskState ranks;
        List<TopKRow> before = new ArrayList<>();
        try (var c = itemCounters(2, null, 0);
                var r = selectors(2, null, 0)) {
            for (String item : List.of("a", "b", "c", "a", "a", "b")) {
                c.process(new TopKCount("active", 0, MIN, item, 1), MIN - 1);
                c.process(new TopKCount("active", MIN, 2 * MIN, item, 1), 2 * MIN - 1);
            }
            c.watermark(MIN - 1);
            for (TopKCount total : c.output()) {
                r.process(total, MIN - 1);
            }
            r.watermark(MIN - 1);
            before.addAll(r.output());
            counts = c.snapshot(1);
            ranks = r.snapshot(1);
        }
        assertThat(before)
                .containsExactly(
                        new TopKRow(0, MIN, "active", 1, "a", 3),
                        new TopKRow(0, MIN, "active", 2, "b", 2));
        try (var c = itemCounters(restoredParallelism, counts, 2);
                var r = selectors(restoredParallelism, ranks, 2)) {
            // Late partials of the ranked window, before any watermark after the restore.
            c.process(new TopKCount("active", 0, MIN, "c", 5), MIN - 1);
            c.process(new TopKCount("active", 0, MIN, "d", 1), MIN - 1);
            // ... and a late final count reaching the ranking directly.
            r.process(new TopKCount("active", 0, MIN, "z", 9), MIN - 1);
            c.process(new TopKCount("active", MIN, 2 * MIN, "c", 2), 2 * MIN - 1);
            c.watermark(2 * MIN - 1);
            assertThat(c.output())
                    .as("only the open window fires")
                    .containsExactlyInAnyOrder(
                            new TopKCount("active", MIN, 2 * MIN, "a", 3),
                            new TopKCount("active", MIN, 2 * MIN, "b", 2),
                            new TopKCount("active", MIN, 2 * MIN, "c", 3));
            for (TopKCount total : c.output()) {
                r.process(total, 2 * MIN - 1);
            }
            r.watermark(2 * MIN - 1);
            assertThat(r.output())
                    .as("one ranking per (spec, window, rank)")
                    .containsExactly(
                            new TopKRow(MIN, 2 * MIN, "active", 1, "a", 3),
                            new TopKRow(MIN, 2 * MIN, "active", 2, "c", 3));
            long state = 0;
            for (var s : c.subtasks()) {
                state += s.numKeyedStateEntries() + s.numEventTimeTimers();
            }
            assertThat(state).as("the late partials left no state").isZero();
        }
    }

    static KeyedHarnesses<Tuple3<String, Long, String>, TopKCount, TopKCount> itemCounters(
            int parallelism, OperatorSubtaskState state, int oldParallelism) throws Exception {
        return KeyedHarnesses.open(
                () -> new KeyedProcessOperator<>(new TopKItemCounter()),
                new TopKPipeline.ItemKey(),
                Types.TUPLE(Types.STRING, Types.LONG, Types.STRING),
                parallelism,
                state,
                oldParallelism);
    }

    static KeyedHarnesses<Tuple2<String, Long>, TopKCount, TopKRow> selectors(
            int parallelism, OperatorSubtaskState state, int oldParallelism) throws Exception {
        return KeyedHarnesses.open(
                () -> new KeyedProcessOperator<>(new TopKSelector(List.of(ACTIVE, FAST))),
                new TopKPipeline.WindowKey(),
                Types.TUPLE(Types.STRING, Types.LONG),
                parallelism,
                state,
                oldParallelism);
    }

    @Test
    void countTypeIsAPojo() {
        assertThat(TypeInformation.of(TopKCount.class).getClass().getSimpleName())
                .isEqualTo("PojoTypeInfo");
    }
}
