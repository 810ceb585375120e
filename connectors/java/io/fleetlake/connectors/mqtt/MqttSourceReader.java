package io.fleetlake.connectors.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the sessions (splits) assigned to this subtask and acknowledges each message only once a
 * checkpoint that contains it has completed.
 *
 * <p>Acknowledgement bookkeeping, all on the task's mailbox thread: every message emitted since the
 * previous checkpoint is kept in order; {@link #snapshotState} files that list under the checkpoint
 * id (everything emitted before the barrier belongs to it); {@link #notifyCheckpointComplete}
 * acknowledges every list filed under that id or an earlier one. An aborted checkpoint leaves its
 * list to the next completed one. After a failure nothing of the lost lists was acknowledged, so
 * the broker redelivers it to the restarted reader (same client id, persistent session).
 *
 * <p>Metrics (group {@code mqtt}): {@code messagesReceived}, {@code messagesAcknowledged}, {@code
 * connects}, {@code reconnects}, {@code disconnects}, and gauges {@code unacknowledged}, {@code
 * buffered}, {@code sessionsConnected}.
 */
final class MqttSourceReader<T> implements SourceReader<T, MqttSplit>, MqttSession.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSourceReader.class);

    /** Records emitted per pollNext call before yielding to the mailbox (checkpoints, timers). */
    private static final int MAX_PER_POLL = 500;

    /**
     * Upper bound of messages each session may buffer in the reader beyond what the client holds.
     */
    private static final int MAX_SESSION_BUFFER = 1000;

    private final SourceReaderContext context;
    private final MqttConnectionConfig config;
    private final MqttDeserializer<T> deserializer;
    // Concurrent: the sessionsConnected gauge reads it from the metric reporter thread.
    private final Map<Integer, MqttSession> sessions =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final ConcurrentLinkedQueue<MqttSession.Received> buffer =
            new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final Object availabilityLock = new Object();
    private CompletableFuture<Void> available = new CompletableFuture<>();

    /** Emitted since the last snapshot, in order. */
    private List<MqttSession.Received> sinceSnapshot = new ArrayList<>();

    /** Emitted before checkpoint id's barrier and not yet acknowledged. */
    private final NavigableMap<Long, List<MqttSession.Received>> awaitingCheckpoint =
            new TreeMap<>();

    private long unacknowledged;

    private final ForwardingCollector<T> collector = new ForwardingCollector<>();
    private Counter received;
    private Counter acknowledged;
    private Counter connects;
    private Counter reconnects;
    private Counter disconnects;

    MqttSourceReader(
            SourceReaderContext context,
            MqttConnectionConfig config,
            MqttDeserializer<T> deserializer) {
        this.context = context;
        this.config = config;
        this.deserializer = deserializer;
    }

    @Override
    public void start() {
        if (context.currentParallelism() > 1 && config.sharedGroup() == null) {
            throw new IllegalStateException(
                    "mqtt: parallelism "
                            + context.currentParallelism()
                            + " without a shared-group would deliver every message to every subtask; set shared-group or "
                            + "run the source with parallelism 1");
        }
        MetricGroup metrics = context.metricGroup().addGroup("mqtt");
        received = metrics.counter("messagesReceived");
        acknowledged = metrics.counter("messagesAcknowledged");
        connects = metrics.counter("connects");
        reconnects = metrics.counter("reconnects");
        disconnects = metrics.counter("disconnects");
        metrics.gauge("unacknowledged", () -> unacknowledged);
        metrics.gauge("buffered", buffered::get);
        metrics.gauge(
                "sessionsConnected",
                () -> (int) sessions.values().stream().filter(MqttSession::isConnected).count());
        try {
            deserializer.open(context.metricGroup());
        } catch (Exception e) {
            throw new IllegalStateException("mqtt: deserializer failed to open", e);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        for (MqttSession s : sessions.values()) {
            Throwable failure = s.failure();
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }
        collector.output = output;
        Map<MqttSession, Integer> taken = new HashMap<>();
        int n = 0;
        MqttSession.Received r;
        while (n < MAX_PER_POLL && (r = buffer.poll()) != null) {
            buffered.decrementAndGet();
            // Deserialize before recording: if it throws, the job fails and the message is
            // redelivered.
            deserializer.deserialize(r.message, collector);
            sinceSnapshot.add(r);
            unacknowledged++;
            taken.merge(r.session, 1, Integer::sum);
            n++;
        }
        taken.forEach(MqttSession::request);
        return buffer.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        synchronized (availabilityLock) {
            if (!buffer.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return available;
        }
    }

    @Override
    public void onMessage(MqttSession.Received message) {
        received.inc();
        buffer.add(message);
        buffered.incrementAndGet();
        synchronized (availabilityLock) {
            available.complete(null);
        }
    }

    @Override
    public void onConnected(MqttSession session, boolean reconnect) {
        connects.inc();
        if (reconnect) {
            reconnects.inc();
        }
    }

    @Override
    public void onDisconnected(MqttSession session, Throwable cause) {
        disconnects.inc();
        // Wake the mailbox so a fatal failure surfaces from pollNext.
        synchronized (availabilityLock) {
            available.complete(null);
        }
    }

    @Override
    public List<MqttSplit> snapshotState(long checkpointId) {
        if (!sinceSnapshot.isEmpty()) {
            awaitingCheckpoint.put(checkpointId, sinceSnapshot);
            sinceSnapshot = new ArrayList<>();
        }
        List<MqttSplit> splits = new ArrayList<>();
        for (int index : sessions.keySet()) {
            splits.add(new MqttSplit(index));
        }
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        long n = 0;
        for (Iterator<List<MqttSession.Received>> it =
                        awaitingCheckpoint.headMap(checkpointId, true).values().iterator();
                it.hasNext(); ) {
            for (MqttSession.Received r : it.next()) {
                r.acknowledge();
                n++;
            }
            it.remove();
        }
        unacknowledged -= n;
        acknowledged.inc(n);
        if (n > 0 && LOG.isDebugEnabled()) {
            LOG.debug("mqtt: checkpoint {} complete, acknowledged {} messages", checkpointId, n);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        // Keep its messages: the next completed checkpoint covers them and acknowledges them then.
    }

    @Override
    public void addSplits(List<MqttSplit> splits) {
        for (MqttSplit split : splits) {
            if (sessions.containsKey(split.index())) {
                continue;
            }
            MqttSession session =
                    new MqttSession(
                            config,
                            split.index(),
                            Math.min(config.receiveMaximum(), MAX_SESSION_BUFFER),
                            this);
            sessions.put(split.index(), session);
            try {
                session.start();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "mqtt: cannot start session " + session.clientId() + ": " + e, e);
            }
        }
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {
        // Nothing more is acknowledged: what is not covered by a completed checkpoint is
        // redelivered later.
        for (MqttSession s : sessions.values()) {
            s.close();
        }
        sessions.clear();
    }

    /** Emits the deserializer's records to the current reader output. */
    private static final class ForwardingCollector<T> implements Collector<T> {
        ReaderOutput<T> output;

        @Override
        public void collect(T record) {
            output.collect(record);
        }

        @Override
        public void close() {}
    }
}
