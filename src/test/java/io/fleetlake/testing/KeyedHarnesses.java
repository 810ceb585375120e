package io.fleetlake.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * One keyed operator at a given parallelism, as Flink runs it: one harness per subtask, records
 * routed to the subtask that owns their key group, snapshots merged and repartitioned to another
 * parallelism as a restore from a savepoint does.
 *
 * @param <K> key
 * @param <I> input
 * @param <O> output
 */
public final class KeyedHarnesses<K, I, O> implements AutoCloseable {
    public static final int MAX_PARALLELISM = 128;

    private final List<KeyedOneInputStreamOperatorTestHarness<K, I, O>> subtasks =
            new ArrayList<>();
    private final KeySelector<I, K> keys;
    private final int parallelism;

    private KeyedHarnesses(KeySelector<I, K> keys, int parallelism) {
        this.keys = keys;
        this.parallelism = parallelism;
    }

    /**
     * Opens {@code parallelism} subtasks of the operator, restored from {@code state} (a snapshot
     * of {@code oldParallelism} subtasks merged by {@link #snapshot}) or fresh when it is null.
     */
    public static <K, I, O> KeyedHarnesses<K, I, O> open(
            Supplier<OneInputStreamOperator<I, O>> operator,
            KeySelector<I, K> keys,
            TypeInformation<K> keyType,
            int parallelism,
            OperatorSubtaskState state,
            int oldParallelism)
            throws Exception {
        KeyedHarnesses<K, I, O> h = new KeyedHarnesses<>(keys, parallelism);
        for (int i = 0; i < parallelism; i++) {
            KeyedOneInputStreamOperatorTestHarness<K, I, O> s =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            operator.get(), keys, keyType, MAX_PARALLELISM, parallelism, i);
            if (state != null) {
                s.initializeState(
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                state, MAX_PARALLELISM, oldParallelism, parallelism, i));
            }
            s.open();
            h.subtasks.add(s);
        }
        return h;
    }

    /** Sends a record to the subtask owning its key. */
    public void process(I value, long timestamp) throws Exception {
        int subtask =
                KeyGroupRangeAssignment.assignKeyToParallelOperator(
                        keys.getKey(value), MAX_PARALLELISM, parallelism);
        subtasks.get(subtask).processElement(new StreamRecord<>(value, timestamp));
    }

    /** Sends a watermark to every subtask. */
    public void watermark(long timestamp) throws Exception {
        for (KeyedOneInputStreamOperatorTestHarness<K, I, O> s : subtasks) {
            s.processWatermark(new Watermark(timestamp));
        }
    }

    /** Advances every subtask's processing time. */
    public void processingTime(long time) throws Exception {
        for (KeyedOneInputStreamOperatorTestHarness<K, I, O> s : subtasks) {
            s.setProcessingTime(time);
        }
    }

    /** Every subtask's output values so far. */
    public List<O> output() {
        List<O> out = new ArrayList<>();
        for (KeyedOneInputStreamOperatorTestHarness<K, I, O> s : subtasks) {
            out.addAll(s.extractOutputValues());
        }
        return out;
    }

    /** The snapshot of all subtasks, merged into one state to repartition. */
    public OperatorSubtaskState snapshot(long checkpointId) throws Exception {
        OperatorSubtaskState[] states = new OperatorSubtaskState[subtasks.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = subtasks.get(i).snapshot(checkpointId, checkpointId);
        }
        return AbstractStreamOperatorTestHarness.repackageState(states);
    }

    public List<KeyedOneInputStreamOperatorTestHarness<K, I, O>> subtasks() {
        return subtasks;
    }

    @Override
    public void close() throws Exception {
        for (KeyedOneInputStreamOperatorTestHarness<K, I, O> s : subtasks) {
            s.close();
        }
    }
}
