package io.fleetlake.connectors.registry;

import io.fleetlake.connectors.config.ConfigStrings;
import io.fleetlake.connectors.files.ReloadingFile;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Where the device registry comes from (a file or the AWS IoT registry) and how often it is re-read
 * ({@link RegistryOptions}). Serializable: the enrichment operators carry it to the task managers
 * and open their {@link #reader()} there.
 */
public final class RegistrySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String SOURCE_FILE = "file";
    public static final String SOURCE_IOT = "iot";

    private final String source;
    private final String path;
    private final ArrayList<String> keyColumns;
    private final Duration reloadInterval;
    private String region;
    private String endpoint;
    private String accessKey;
    private String secretKey;

    private RegistrySettings(
            String source, String path, List<String> keyColumns, Duration reloadInterval) {
        this.source = source;
        this.path = path;
        this.keyColumns = new ArrayList<>(keyColumns);
        this.reloadInterval = reloadInterval;
    }

    /** A registry file (JSON lines or CSV), re-read every {@code reloadInterval} if it changed. */
    public static RegistrySettings file(
            String path, List<String> keyColumns, Duration reloadInterval) {
        return new RegistrySettings(SOURCE_FILE, path, keyColumns, reloadInterval);
    }

    /**
     * The AWS IoT registry, re-read every {@code reloadInterval}; region, endpoint and credentials
     * unset: the default chains.
     */
    public static RegistrySettings iot(
            List<String> keyColumns,
            Duration reloadInterval,
            String region,
            String endpoint,
            String accessKey,
            String secretKey) {
        RegistrySettings s = new RegistrySettings(SOURCE_IOT, null, keyColumns, reloadInterval);
        s.region = ConfigStrings.trimToNull(region);
        s.endpoint = ConfigStrings.trimToNull(endpoint);
        s.accessKey = ConfigStrings.trimToNull(accessKey);
        s.secretKey = ConfigStrings.trimToNull(secretKey);
        return s;
    }

    /**
     * Reads the {@link RegistryOptions}; fails with {@link IllegalArgumentException} naming the
     * key.
     */
    public static RegistrySettings fromConfiguration(ReadableConfig config) {
        String source = config.get(RegistryOptions.SOURCE).trim().toLowerCase(Locale.ROOT);
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
        switch (source) {
            case SOURCE_FILE:
                String path = config.getOptional(RegistryOptions.PATH).map(String::trim).orElse("");
                if (path.isEmpty()) {
                    throw new IllegalArgumentException(
                            "'" + RegistryOptions.PATH.key() + "' must be set");
                }
                return file(path, keys, reload);
            case SOURCE_IOT:
                String accessKey = config.getOptional(RegistryOptions.ACCESS_KEY_ID).orElse(null);
                String secretKey =
                        config.getOptional(RegistryOptions.SECRET_ACCESS_KEY).orElse(null);
                if ((ConfigStrings.trimToNull(accessKey) == null)
                        != (ConfigStrings.trimToNull(secretKey) == null)) {
                    throw new IllegalArgumentException(
                            "'"
                                    + RegistryOptions.ACCESS_KEY_ID.key()
                                    + "' and '"
                                    + RegistryOptions.SECRET_ACCESS_KEY.key()
                                    + "' are set together or not at all");
                }
                return iot(
                        keys,
                        reload,
                        config.getOptional(RegistryOptions.REGION).orElse(null),
                        config.getOptional(RegistryOptions.ENDPOINT).orElse(null),
                        accessKey,
                        secretKey);
            default:
                throw new IllegalArgumentException(
                        "'"
                                + RegistryOptions.SOURCE.key()
                                + "' must be 'file' or 'iot', got '"
                                + source
                                + "'");
        }
    }

    /** A new reader of this registry (the caller closes it when it is {@link AutoCloseable}). */
    public ReloadingFile.Reader<RegistrySnapshot> reader() {
        return SOURCE_IOT.equals(source)
                ? IotRegistryReader.create(this)
                : new RegistryFileReader(path, keyColumns);
    }

    /** {@code file} or {@code iot}. */
    public String source() {
        return source;
    }

    /** The registry file (source {@code file}), else null. */
    public String path() {
        return path;
    }

    public List<String> keyColumns() {
        return Collections.unmodifiableList(keyColumns);
    }

    /** How often to look for a changed registry; zero: never. */
    public Duration reloadInterval() {
        return reloadInterval;
    }

    public String region() {
        return region;
    }

    public String endpoint() {
        return endpoint;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    @Override
    public String toString() {
        return "RegistrySettings{source="
                + source
                + (path != null ? ", path=" + path : "")
                + (region != null ? ", region=" + region : "")
                + (endpoint != null ? ", endpoint=" + endpoint : "")
                + ", staticCredentials="
                + (accessKey != null)
                + "}";
    }
}
