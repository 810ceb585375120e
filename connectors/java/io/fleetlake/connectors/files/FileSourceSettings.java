package io.fleetlake.connectors.files;

import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * What the file source reads ({@link FileSourceOptions}): a path, once or continuously, and the
 * backfill mode.
 */
public final class FileSourceSettings {
    private final String path;
    private final Duration monitorInterval;
    private final FileSourceOptions.BackfillMode backfillMode;

    private FileSourceSettings(
            String path, Duration monitorInterval, FileSourceOptions.BackfillMode backfillMode) {
        this.path = path;
        this.monitorInterval = monitorInterval;
        this.backfillMode = backfillMode;
    }

    /**
     * Reads the {@link FileSourceOptions}; fails with {@link IllegalArgumentException} naming the
     * key.
     */
    public static FileSourceSettings fromConfiguration(ReadableConfig config) {
        String path = config.getOptional(FileSourceOptions.PATH).map(String::trim).orElse("");
        if (path.isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + FileSourceOptions.PATH.key() + "' must be set");
        }
        Duration monitor = config.getOptional(FileSourceOptions.MONITOR_INTERVAL).orElse(null);
        if (monitor != null && (monitor.isNegative() || monitor.isZero())) {
            throw new IllegalArgumentException(
                    "'"
                            + FileSourceOptions.MONITOR_INTERVAL.key()
                            + "' must be positive, got "
                            + monitor);
        }
        return new FileSourceSettings(path, monitor, config.get(FileSourceOptions.BACKFILL_MODE));
    }

    public String path() {
        return path;
    }

    /** How often to look for new files, or null for a bounded read. */
    public Duration monitorInterval() {
        return monitorInterval;
    }

    /** True when the source reads what is there and finishes. */
    public boolean isBounded() {
        return monitorInterval == null;
    }

    public FileSourceOptions.BackfillMode backfillMode() {
        return backfillMode;
    }
}
