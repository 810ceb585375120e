package io.fleetlake.connectors.registry;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/** Which registry file to read and how ({@link RegistryOptions}). */
public final class RegistrySettings {
    private final String path;
    private final List<String> keyColumns;
    private final Duration reloadInterval;

    private RegistrySettings(String path, List<String> keyColumns, Duration reloadInterval) {
        this.path = path;
        this.keyColumns = Collections.unmodifiableList(keyColumns);
        this.reloadInterval = reloadInterval;
    }

    /**
     * Reads the {@link RegistryOptions}; fails with {@link IllegalArgumentException} naming the
     * key.
     */
    public static RegistrySettings fromConfiguration(ReadableConfig config) {
        String path = config.getOptional(RegistryOptions.PATH).map(String::trim).orElse("");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("'" + RegistryOptions.PATH.key() + "' must be set");
        }
        List<String> keys = config.get(RegistryOptions.KEY_COLUMNS);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + RegistryOptions.KEY_COLUMNS.key() + "' names no column");
        }
        Duration reload = config.get(RegistryOptions.RELOAD_INTERVAL);
        if (reload.isNegative()) {
            throw new IllegalArgumentException(
                    "'"
                            + RegistryOptions.RELOAD_INTERVAL.key()
                            + "' must not be negative, got "
                            + reload);
        }
        return new RegistrySettings(path, keys, reload);
    }

    public String path() {
        return path;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    /** How often to look for a changed file; zero: never. */
    public Duration reloadInterval() {
        return reloadInterval;
    }
}
