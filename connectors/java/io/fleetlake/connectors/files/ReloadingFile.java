package io.fleetlake.connectors.files;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read from a file (local or s3://) and re-read in a background thread when the file's
 * modification time changes, so lookups on the record path never wait for I/O. A changed file that
 * fails to parse leaves the previous version in place and is reported (log and listener); the first
 * load must succeed, or the job fails at start with the reason. The device registry and the alert
 * geofences are both kept this way.
 *
 * @param <T> what the file holds once parsed
 */
public final class ReloadingFile<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingFile.class);

    /** Reads the file and tells its modification time. */
    public interface Reader<T> {
        String path();

        long modificationTime() throws Exception;

        T read() throws Exception;
    }

    /** Told about each reload outcome (the job counts them in metrics). */
    public interface Listener<T> {
        void reloaded(T value);

        void reloadFailed(Exception error);
    }

    private final String what;
    private final Reader<T> reader;
    private final ToLongFunction<T> modificationTimeOf;
    private final Listener<T> listener;
    private final AtomicReference<T> current;
    private ScheduledExecutorService scheduler;

    /**
     * @param what what the file holds, for logs and the reload thread's name (e.g. "device
     *     registry")
     * @param modificationTimeOf the file modification time a loaded value was read at
     * @param empty the value in effect before the first load
     */
    public ReloadingFile(
            String what,
            Reader<T> reader,
            ToLongFunction<T> modificationTimeOf,
            T empty,
            Listener<T> listener) {
        this.what = what;
        this.reader = reader;
        this.modificationTimeOf = modificationTimeOf;
        this.listener = listener;
        this.current = new AtomicReference<>(empty);
    }

    /**
     * Loads the file now (failing if it cannot) and then checks it every {@code interval} (zero or
     * negative: never).
     */
    public void start(Duration interval) throws Exception {
        T first = reader.read();
        current.set(first);
        listener.reloaded(first);
        LOG.info("{} {} loaded", what, reader.path());
        if (interval != null && !interval.isZero() && !interval.isNegative()) {
            scheduler =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, what.replace(' ', '-') + "-reload");
                                t.setDaemon(true);
                                return t;
                            });
            scheduler.scheduleWithFixedDelay(
                    this::reloadIfChanged,
                    interval.toMillis(),
                    interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Re-reads the file if its modification time changed; returns true when a new version is in
     * effect.
     */
    public boolean reloadIfChanged() {
        try {
            if (reader.modificationTime() == modificationTimeOf.applyAsLong(current.get())) {
                return false;
            }
            T next = reader.read();
            current.set(next);
            listener.reloaded(next);
            LOG.info("{} {} reloaded", what, reader.path());
            return true;
        } catch (Exception e) {
            LOG.warn(
                    "{} {} could not be reloaded; keeping the previous version: {}",
                    what,
                    reader.path(),
                    e.getMessage());
            listener.reloadFailed(e);
            return false;
        }
    }

    /** The version in effect. */
    public T current() {
        return current.get();
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
