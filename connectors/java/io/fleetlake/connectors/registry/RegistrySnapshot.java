package io.fleetlake.connectors.registry;

import java.util.Collections;
import java.util.Map;

/**
 * One loaded version of the device registry: attributes by device key, and where/when it was read.
 */
public final class RegistrySnapshot {
    private final Map<String, Map<String, String>> attributesByKey;
    private final long modificationTime;
    private final long loadedAt;

    public RegistrySnapshot(
            Map<String, Map<String, String>> attributesByKey,
            long modificationTime,
            long loadedAt) {
        this.attributesByKey = Collections.unmodifiableMap(attributesByKey);
        this.modificationTime = modificationTime;
        this.loadedAt = loadedAt;
    }

    /** An empty registry (before the first load). */
    public static RegistrySnapshot empty() {
        return new RegistrySnapshot(Collections.emptyMap(), -1, -1);
    }

    /** Attributes of a device key, or null when unknown. */
    public Map<String, String> attributesOf(String key) {
        return key == null ? null : attributesByKey.get(key);
    }

    public int size() {
        return attributesByKey.size();
    }

    /** The file's modification time when read (used to skip re-parsing an unchanged file). */
    public long modificationTime() {
        return modificationTime;
    }

    public long loadedAt() {
        return loadedAt;
    }
}
