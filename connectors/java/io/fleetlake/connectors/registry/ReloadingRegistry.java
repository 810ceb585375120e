package io.fleetlake.connectors.registry;

import io.fleetlake.connectors.files.ReloadingFile;
import java.time.Duration;

/**
 * A device registry (a file or the AWS IoT registry) that re-reads its source on an interval in a
 * background thread ({@link ReloadingFile}), so lookups on the record path never wait for I/O. A
 * changed file that fails to parse leaves the previous version in place and is reported (log and
 * listener); the first load must succeed, or the job fails at start.
 */
public final class ReloadingRegistry implements AutoCloseable {

    /** Told about each reload outcome (the job counts them in metrics). */
    public interface Listener extends ReloadingFile.Listener<RegistrySnapshot> {}

    private final ReloadingFile<RegistrySnapshot> file;
    private final ReloadingFile.Reader<RegistrySnapshot> reader;

    /** A registry read by {@code reader} (a file or the IoT registry); closes it when closed. */
    public ReloadingRegistry(ReloadingFile.Reader<RegistrySnapshot> reader, Listener listener) {
        this.reader = reader;
        this.file =
                new ReloadingFile<>(
                        "device registry",
                        reader,
                        RegistrySnapshot::modificationTime,
                        RegistrySnapshot.empty(),
                        listener);
    }

    /**
     * Loads the file now (failing if it cannot) and then every {@code interval} (zero or negative:
     * never).
     */
    public void start(Duration interval) throws Exception {
        file.start(interval);
    }

    /**
     * Re-reads the file if its modification time changed. Public for tests and for an explicit
     * refresh.
     */
    public void reloadIfChanged() {
        file.reloadIfChanged();
    }

    /** The registry in effect. */
    public RegistrySnapshot current() {
        return file.current();
    }

    @Override
    public void close() {
        file.close();
        if (reader instanceof AutoCloseable) {
            try {
                ((AutoCloseable) reader).close();
            } catch (Exception e) {
                // Closing an HTTP client: nothing to keep.
            }
        }
    }
}
