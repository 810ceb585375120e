package io.fleetlake.connectors.sink;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a secondary sink may keep a batch in retry ({@code retry-duration}, Firehose's term)
 * before it gives the records up to its rejected output (the dead-letter table), so that a system
 * that is slow or down never holds an in-flight slot - and with it {@code AsyncSinkWriter}'s flush
 * before each checkpoint barrier - for longer than that.
 *
 * <p>Two clocks decide, whichever runs out first:
 *
 * <ul>
 *   <li>per record: the time since the record's first failed attempt (records are retried in
 *       whatever batches AsyncSinkWriter forms again, so this is kept per record, by identity);
 *   <li>per writer: the time since the writer's last successful write. Once the system has failed
 *       for longer than {@code retry-duration}, a batch that fails is given up at its first
 *       failure: a dead system costs one attempt per batch (which also finds out when it is back),
 *       not {@code retry-duration} per batch.
 * </ul>
 *
 * <p>Metrics, in the {@value #METRIC_GROUP} group of the writer (the group the local launcher's
 * progress line reads): {@code <prefix>RetryMillis}, how long the current run of failures has
 * lasted (0 after a success), {@code <prefix>Unavailable}, 1 while the writer gives records up, and
 * the counter {@code <prefix>RecordsGivenUp}.
 *
 * <p>Thread-safe: the sinks decide in their HTTP/SDK callback threads.
 */
public final class RetryBudget {
    private static final Logger LOG = LoggerFactory.getLogger(RetryBudget.class);

    /** The metric group the launcher's progress line reads (the job's own counters are there). */
    public static final String METRIC_GROUP = "fleetlake";

    /** Suffix of the gauge that says how long the current run of failures has lasted, in ms. */
    public static final String RETRY_MILLIS = "RetryMillis";

    /** Suffix of the gauge that is 1 while records are given up. */
    public static final String UNAVAILABLE = "Unavailable";

    /** Suffix of the counter of records given up. */
    public static final String GIVEN_UP = "RecordsGivenUp";

    /** What to do with a batch that failed. */
    public enum Decision {
        RETRY,
        GIVE_UP
    }

    private final String system;
    private final long retryDurationMs;
    private final LongSupplier clock;
    private final Map<Object, Long> firstFailure = new IdentityHashMap<>();
    private long failingSince = -1;
    private boolean givingUp;
    private long lastProbe = Long.MIN_VALUE;
    private String lastReason = "";

    /** While giving up, one batch per this interval is still sent, to notice the system is back. */
    static final long PROBE_INTERVAL_MS = 1000;

    private final Counter givenUp;

    /**
     * @param system what the sink writes to, for the log (e.g. {@code InfluxDB http://host:8086})
     * @param prefix metric name prefix (e.g. {@code influx})
     */
    public RetryBudget(
            String system, String prefix, Duration retryDuration, MetricGroup writerMetrics) {
        this(system, prefix, retryDuration, writerMetrics, System::currentTimeMillis);
    }

    RetryBudget(
            String system,
            String prefix,
            Duration retryDuration,
            MetricGroup writerMetrics,
            LongSupplier clock) {
        this.system = system;
        this.retryDurationMs = retryDuration.toMillis();
        this.clock = clock;
        MetricGroup g = writerMetrics.addGroup(METRIC_GROUP);
        this.givenUp = g.counter(prefix + GIVEN_UP);
        g.gauge(prefix + RETRY_MILLIS, (Gauge<Long>) this::retryMillis);
        g.gauge(prefix + UNAVAILABLE, (Gauge<Integer>) () -> isGivingUp() ? 1 : 0);
    }

    /** The records of a batch were written (or refused for good): they leave the budget. */
    public synchronized void succeeded(List<?> records) {
        for (Object r : records) {
            firstFailure.remove(r);
        }
        if (givingUp) {
            LOG.warn(
                    "{} is writable again after {} s; records given up meanwhile are dead letters "
                            + "(re-send them with ./fleetlake redrive)",
                    system,
                    (clock.getAsLong() - failingSince) / 1000);
        }
        failingSince = -1;
        givingUp = false;
    }

    /**
     * The records left the sink another way (given up by an attempt limit of the sink's own): they
     * leave the budget without saying anything about the system's health.
     */
    public synchronized void forget(List<?> records) {
        for (Object r : records) {
            firstFailure.remove(r);
        }
    }

    /**
     * {@code retry} (a part of a batch that failed with {@code reason}) is either to be retried or
     * given up; given-up records leave the budget and are counted.
     */
    public synchronized Decision failed(List<?> retry, String reason) {
        long now = clock.getAsLong();
        lastReason = reason;
        if (failingSince < 0) {
            failingSince = now;
        }
        long earliest = now;
        for (Object r : retry) {
            Long t = firstFailure.putIfAbsent(r, now);
            if (t != null && t < earliest) {
                earliest = t;
            }
        }
        if (now - earliest < retryDurationMs && now - failingSince < retryDurationMs) {
            return Decision.RETRY;
        }
        for (Object r : retry) {
            firstFailure.remove(r);
        }
        givenUp.inc(retry.size());
        if (!givingUp) {
            givingUp = true;
            LOG.error(
                    "{} UNAVAILABLE: failing for {} s (retry-duration {} s; last error: {}); its records "
                            + "now go to the dead-letter table, the lake keeps committing",
                    system,
                    (now - failingSince) / 1000,
                    retryDurationMs / 1000,
                    reason);
        }
        return Decision.GIVE_UP;
    }

    /**
     * True when a new batch should be given up without a request: the system has failed for longer
     * than {@code retry-duration} and a probe was sent less than {@link #PROBE_INTERVAL_MS} ago
     * (AsyncSinkWriter's rate limiter shrinks batches after failures, so sending every batch to a
     * dead system would slow the job down to its error round trips). The given-up records are
     * counted.
     */
    public synchronized boolean skip(List<?> batch) {
        if (!givingUp) {
            return false;
        }
        long now = clock.getAsLong();
        if (lastProbe == Long.MIN_VALUE || now - lastProbe >= PROBE_INTERVAL_MS) {
            lastProbe = now;
            return false;
        }
        for (Object r : batch) {
            firstFailure.remove(r);
        }
        givenUp.inc(batch.size());
        return true;
    }

    /**
     * The longest a retry of a batch may wait from now without overrunning its budget (at least 0).
     */
    public synchronized long remainingMillis(List<?> retry) {
        long now = clock.getAsLong();
        long earliest = failingSince < 0 ? now : failingSince;
        for (Object r : retry) {
            Long t = firstFailure.get(r);
            if (t != null && t < earliest) {
                earliest = t;
            }
        }
        return Math.max(0, earliest + retryDurationMs - now);
    }

    /** How long the current run of failures has lasted, ms (0 after a success). */
    public synchronized long retryMillis() {
        return failingSince < 0 ? 0 : clock.getAsLong() - failingSince;
    }

    /** The last failure's reason (for records given up without a request). */
    public synchronized String lastReason() {
        return lastReason;
    }

    public synchronized boolean isGivingUp() {
        return givingUp;
    }

    public long givenUp() {
        return givenUp.getCount();
    }

    /** Records in retry right now (for tests: the budget holds no record longer than needed). */
    synchronized int tracked() {
        return firstFailure.size();
    }
}
