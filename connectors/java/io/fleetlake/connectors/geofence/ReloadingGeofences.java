package io.fleetlake.connectors.geofence;

import io.fleetlake.connectors.files.ReloadingFile;
import java.time.Duration;

/**
 * Geofences re-read in a background thread when the file changes ({@link ReloadingFile}, as for the
 * device registry): lookups never wait for I/O; a changed file that fails to parse keeps the
 * previous version; the first load must succeed (the job fails at start naming the file).
 */
public final class ReloadingGeofences implements AutoCloseable {
    private final ReloadingFile<Geofences> file;

    public ReloadingGeofences(GeofenceFile file) {
        this.file =
                new ReloadingFile<>(
                        "geofences",
                        file,
                        Geofences::modificationTime,
                        Geofences.empty(),
                        new ReloadingFile.Listener<>() {
                            @Override
                            public void reloaded(Geofences fences) {
                                // Logged by ReloadingFile; the alert rules have no reload metrics.
                            }

                            @Override
                            public void reloadFailed(Exception error) {
                                // Logged by ReloadingFile; the previous fences stay in effect.
                            }
                        });
    }

    /**
     * Loads the file now (failing if it cannot) and then checks it every {@code interval} (zero:
     * never).
     */
    public void start(Duration interval) throws Exception {
        file.start(interval);
    }

    /**
     * Re-reads the file if its modification time changed; returns true when a new version is in
     * effect.
     */
    public boolean reloadIfChanged() {
        return file.reloadIfChanged();
    }

    /** The fences in effect. */
    public Geofences current() {
        return file.current();
    }

    @Override
    public void close() {
        file.close();
    }
}
