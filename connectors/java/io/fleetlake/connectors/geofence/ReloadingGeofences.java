package io.fleetlake.connectors.geofence;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Geofences re-read in a background thread when the file changes, as {@code ReloadingRegistry} does for the
 * device registry: lookups never wait for I/O; a changed file that fails to parse keeps the previous version;
 * the first load must succeed (the job fails at start naming the file).
 */
public final class ReloadingGeofences implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingGeofences.class);

    private final GeofenceFile file;
    private final AtomicReference<Geofences> current = new AtomicReference<>(Geofences.empty());
    private ScheduledExecutorService scheduler;

    public ReloadingGeofences(GeofenceFile file) {
        this.file = file;
    }

    /** Loads the file now (failing if it cannot) and then checks it every {@code interval} (zero: never). */
    public void start(Duration interval) throws Exception {
        current.set(file.read());
        LOG.info("geofences {}: {}", file.path(), current.get().names());
        if (interval != null && !interval.isZero() && !interval.isNegative()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "geofence-reload");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Re-reads the file if its modification time changed; returns true when a new version is in effect. */
    public boolean reloadIfChanged() {
        try {
            if (file.modificationTime() == current.get().modificationTime()) {
                return false;
            }
            current.set(file.read());
            LOG.info("geofences {} reloaded: {}", file.path(), current.get().names());
            return true;
        } catch (Exception e) {
            LOG.warn("geofences {} could not be reloaded; keeping the previous version: {}", file.path(),
                    e.getMessage());
            return false;
        }
    }

    /** The fences in effect. */
    public Geofences current() {
        return current.get();
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
