package io.fleetlake.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

/**
 * The MQTT split enumerator (one session per reader index, given back on failure, spread after a
 * scale-down, never forgotten) and its two serializers (round trips, the version-1 byte format that
 * checkpoints hold, and refusal of what they do not know).
 */
class MqttSplitEnumeratorTest {

    @Test
    void eachReaderGetsTheSessionOfItsIndexOnce() throws Exception {
        try (MockSplitEnumeratorContext<MqttSplit> context = new MockSplitEnumeratorContext<>(3)) {
            MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, null);
            enumerator.start();
            for (int i = 0; i < 3; i++) {
                register(context, enumerator, i);
            }
            assertThat(assigned(context))
                    .isEqualTo(Map.of(0, List.of(0), 1, List.of(1), 2, List.of(2)));
            // Readers never ask; a request changes nothing.
            enumerator.handleSplitRequest(1, "localhost");
            assertThat(assigned(context))
                    .isEqualTo(Map.of(0, List.of(0), 1, List.of(1), 2, List.of(2)));
            assertState(enumerator.snapshotState(1), Set.of(0, 1, 2), Set.of());
        }
    }

    @Test
    void aFailedReadersSessionGoesBackToTheReaderOfTheSameIndex() throws Exception {
        try (MockSplitEnumeratorContext<MqttSplit> context = new MockSplitEnumeratorContext<>(2)) {
            MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, null);
            register(context, enumerator, 0);
            register(context, enumerator, 1);
            context.getSplitsAssignmentSequence().clear();

            // Reader 1 fails: Flink unregisters it and hands its split back.
            context.unregisterReader(1);
            enumerator.addSplitsBack(List.of(new MqttSplit(1)), 1);
            assertThat(context.getSplitsAssignmentSequence()).isEmpty();
            assertState(enumerator.snapshotState(2), Set.of(0, 1), Set.of(1));

            register(context, enumerator, 1);
            assertThat(assigned(context)).isEqualTo(Map.of(1, List.of(1)));
            assertState(enumerator.snapshotState(3), Set.of(0, 1), Set.of());
        }
    }

    @Test
    void splitsAddedBackWhileTheReaderIsRegisteredAreAssignedAtOnce() throws Exception {
        try (MockSplitEnumeratorContext<MqttSplit> context = new MockSplitEnumeratorContext<>(2)) {
            MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, null);
            register(context, enumerator, 0);
            context.getSplitsAssignmentSequence().clear();
            enumerator.addSplitsBack(List.of(new MqttSplit(0)), 0);
            assertThat(assigned(context)).isEqualTo(Map.of(0, List.of(0)));
        }
    }

    @Test
    void afterAScaleDownTheSessionsBeyondTheParallelismAreSpreadAndKept() throws Exception {
        // Checkpointed at parallelism 4 with every session handed back (a restore), restored at
        // parallelism 2.
        MqttEnumeratorState checkpointed =
                new MqttEnumeratorState(Set.of(0, 1, 2, 3), Set.of(0, 1, 2, 3));
        try (MockSplitEnumeratorContext<MqttSplit> context = new MockSplitEnumeratorContext<>(2)) {
            MqttSplitEnumerator enumerator =
                    new MqttSplitEnumerator(context, roundTrip(checkpointed));
            register(context, enumerator, 0);
            register(context, enumerator, 1);
            assertThat(assigned(context)).isEqualTo(Map.of(0, List.of(0, 2), 1, List.of(1, 3)));
            // Sessions 2 and 3 are still created: a later scale-up does not start them afresh.
            assertState(enumerator.snapshotState(5), Set.of(0, 1, 2, 3), Set.of());
        }
    }

    @Test
    void afterAScaleUpTheNewReaderGetsANewSession() throws Exception {
        MqttEnumeratorState checkpointed = new MqttEnumeratorState(Set.of(0, 1), Set.of(0, 1));
        try (MockSplitEnumeratorContext<MqttSplit> context = new MockSplitEnumeratorContext<>(3)) {
            MqttSplitEnumerator enumerator =
                    new MqttSplitEnumerator(context, roundTrip(checkpointed));
            for (int i = 0; i < 3; i++) {
                register(context, enumerator, i);
            }
            assertThat(assigned(context))
                    .isEqualTo(Map.of(0, List.of(0), 1, List.of(1), 2, List.of(2)));
            assertState(enumerator.snapshotState(2), Set.of(0, 1, 2), Set.of());
        }
    }

    @Test
    void enumeratorStateSurvivesItsSerializer() throws Exception {
        try (MockSplitEnumeratorContext<MqttSplit> context = new MockSplitEnumeratorContext<>(3)) {
            MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, null);
            register(context, enumerator, 0);
            register(context, enumerator, 2);
            context.unregisterReader(2);
            enumerator.addSplitsBack(List.of(new MqttSplit(2)), 2);
            assertState(roundTrip(enumerator.snapshotState(7)), Set.of(0, 2), Set.of(2));
        }
        assertState(roundTrip(new MqttEnumeratorState(Set.of(), Set.of())), Set.of(), Set.of());
    }

    @Test
    void enumeratorStateVersion1Format() throws Exception {
        MqttEnumeratorState.Serializer serializer = MqttEnumeratorState.Serializer.INSTANCE;
        assertThat(serializer.getVersion()).isEqualTo(1);
        // Version 1: created, then unassigned, each as a count and the indices in ascending order
        // (big-endian ints).
        byte[] v1 = {0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0};
        assertThat(serializer.serialize(new MqttEnumeratorState(Set.of(256, 1), Set.of(256))))
                .isEqualTo(v1);
        assertState(serializer.deserialize(1, v1), Set.of(1, 256), Set.of(256));
        assertThatThrownBy(() -> serializer.deserialize(2, v1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 0, 0, 3, 0, 0, 0, 1}))
                .as("truncated")
                .isInstanceOf(IOException.class);
    }

    @Test
    void splitSerializerRoundTripsAndKnowsOnlyVersion1() throws Exception {
        MqttSplitSerializer serializer = MqttSplitSerializer.INSTANCE;
        assertThat(serializer.getVersion()).isEqualTo(1);
        for (int index : new int[] {0, 1, 7, 258, Integer.MAX_VALUE}) {
            MqttSplit split = new MqttSplit(index);
            MqttSplit back = serializer.deserialize(1, serializer.serialize(split));
            assertThat(back).isEqualTo(split);
            assertThat(back.splitId()).isEqualTo(split.splitId());
        }
        // Version 1: the index as four big-endian bytes.
        assertThat(serializer.serialize(new MqttSplit(258))).containsExactly(0, 0, 1, 2);
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[] {0, 0, 0, 1}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 0, 1}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> new MqttSplit(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void register(
            MockSplitEnumeratorContext<MqttSplit> context,
            MqttSplitEnumerator enumerator,
            int subtask) {
        context.registerReader(new ReaderInfo(subtask, "localhost"));
        enumerator.addReader(subtask);
    }

    /** Split indices assigned so far, by subtask, in assignment order. */
    private static Map<Integer, List<Integer>> assigned(
            MockSplitEnumeratorContext<MqttSplit> context) {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (SplitsAssignment<MqttSplit> a : context.getSplitsAssignmentSequence()) {
            a.assignment()
                    .forEach(
                            (subtask, splits) -> {
                                List<Integer> list =
                                        out.computeIfAbsent(subtask, k -> new ArrayList<>());
                                splits.forEach(s -> list.add(s.index()));
                            });
        }
        return out;
    }

    private static MqttEnumeratorState roundTrip(MqttEnumeratorState state) throws IOException {
        MqttEnumeratorState.Serializer s = MqttEnumeratorState.Serializer.INSTANCE;
        return s.deserialize(s.getVersion(), s.serialize(state));
    }

    private static void assertState(
            MqttEnumeratorState state, Set<Integer> created, Set<Integer> unassigned) {
        assertThat(state.created()).as("created").containsExactlyInAnyOrderElementsOf(created);
        assertThat(state.unassigned())
                .as("unassigned")
                .containsExactlyInAnyOrderElementsOf(unassigned);
    }
}
