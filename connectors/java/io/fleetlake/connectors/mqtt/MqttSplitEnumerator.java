package io.fleetlake.connectors.mqtt;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Gives each reader its session: reader {@code i} gets split {@code i} (created on first sight).
 * Splits that come back from a failed reader go to the reader of the same index when it
 * re-registers; splits whose index is beyond the current parallelism (after a scale-down) go to
 * reader {@code index % parallelism}, which then runs two sessions.
 */
final class MqttSplitEnumerator implements SplitEnumerator<MqttSplit, MqttEnumeratorState> {
    private final SplitEnumeratorContext<MqttSplit> context;
    private final Set<Integer> created;
    private final Set<Integer> unassigned;

    MqttSplitEnumerator(SplitEnumeratorContext<MqttSplit> context, MqttEnumeratorState restored) {
        this.context = context;
        this.created = new TreeSet<>(restored == null ? Set.of() : restored.created());
        this.unassigned = new TreeSet<>(restored == null ? Set.of() : restored.unassigned());
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Readers do not ask: sessions are pushed on registration.
    }

    @Override
    public void addSplitsBack(List<MqttSplit> splits, int subtaskId) {
        for (MqttSplit s : splits) {
            unassigned.add(s.index());
        }
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignTo(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (created.add(subtaskId)) {
            unassigned.add(subtaskId);
        }
        assignTo(subtaskId);
    }

    private void assignTo(int subtaskId) {
        int parallelism = context.currentParallelism();
        List<MqttSplit> mine = new ArrayList<>();
        for (Iterator<Integer> it = unassigned.iterator(); it.hasNext(); ) {
            int index = it.next();
            if (index == subtaskId || (index >= parallelism && index % parallelism == subtaskId)) {
                mine.add(new MqttSplit(index));
                it.remove();
            }
        }
        for (MqttSplit s : mine) {
            context.assignSplit(s, subtaskId);
        }
    }

    @Override
    public MqttEnumeratorState snapshotState(long checkpointId) {
        return new MqttEnumeratorState(created, unassigned);
    }

    @Override
    public void close() {}
}
