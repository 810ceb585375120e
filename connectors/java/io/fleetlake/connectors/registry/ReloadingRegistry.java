package io.fleetlake.connectors.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device registry that re-reads its file on an interval in a background thread, so lookups on the record
 * path never wait for I/O. A changed file that fails to parse leaves the previous version in place and is
 * reported (log and listener); the first load must succeed, or the job fails at start with the reason.
 */
public final class ReloadingRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingRegistry.class);

    /** Told about each reload outcome (the job counts them in metrics). */
    public interface Listener {
        void reloaded(RegistrySnapshot snapshot);

        void reloadFailed(Exception error);
    }

    private final RegistryFileReader reader;
    private final AtomicReference<RegistrySnapshot> current = new AtomicReference<>(RegistrySnapshot.empty());
    private final Listener listener;
    private ScheduledExecutorService scheduler;

    public ReloadingRegistry(RegistryFileReader reader, Listener listener) {
        this.reader = reader;
        this.listener = listener;
    }

    /** Loads the file now (failing if it cannot) and then every {@code interval} (zero or negative: never). */
    public void start(Duration interval) throws Exception {
        RegistrySnapshot first = reader.read();
        current.set(first);
        listener.reloaded(first);
        LOG.info("device registry {}: {} keys", reader.path(), first.size());
        if (interval != null && !interval.isZero() && !interval.isNegative()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "registry-reload");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Re-reads the file if its modification time changed. Public for tests and for an explicit refresh. */
    public void reloadIfChanged() {
        try {
            if (reader.modificationTime() == current.get().modificationTime()) {
                return;
            }
            RegistrySnapshot next = reader.read();
            current.set(next);
            listener.reloaded(next);
            LOG.info("device registry {} reloaded: {} keys", reader.path(), next.size());
        } catch (Exception e) {
            LOG.warn("device registry {} could not be reloaded; keeping the version loaded at {}: {}", reader.path(),
                    current.get().loadedAt(), e.getMessage());
            listener.reloadFailed(e);
        }
    }

    /** The registry in effect. */
    public RegistrySnapshot current() {
        return current.get();
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
