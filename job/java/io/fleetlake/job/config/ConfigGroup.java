package io.fleetlake.job.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;

/**
 * One property group (an MSF "PropertyGroupId"): its id, what it configures, its typed options, and which of
 * them must be set when the group is present.
 */
public final class ConfigGroup {
    private final String id;
    private final String description;
    private final List<ConfigOption<?>> options;
    private final Set<String> requiredKeys;

    private ConfigGroup(String id, String description, List<ConfigOption<?>> options, Set<String> requiredKeys) {
        this.id = id;
        this.description = description;
        this.options = Collections.unmodifiableList(options);
        this.requiredKeys = Collections.unmodifiableSet(requiredKeys);
    }

    public static Builder builder(String id, String description) {
        return new Builder(id, description);
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public List<ConfigOption<?>> options() {
        return options;
    }

    public Set<String> requiredKeys() {
        return requiredKeys;
    }

    /** The option with this key, or null. */
    public ConfigOption<?> option(String key) {
        for (ConfigOption<?> o : options) {
            if (o.key().equals(key)) {
                return o;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Builds a {@link ConfigGroup}. */
    public static final class Builder {
        private final String id;
        private final String description;
        private final List<ConfigOption<?>> options = new ArrayList<>();
        private final Set<String> required = new LinkedHashSet<>();

        private Builder(String id, String description) {
            this.id = id;
            this.description = description;
        }

        public Builder option(ConfigOption<?> option) {
            options.add(option);
            return this;
        }

        /** An option that must be set whenever this group is present. */
        public Builder required(ConfigOption<?> option) {
            options.add(option);
            required.add(option.key());
            return this;
        }

        public ConfigGroup build() {
            return new ConfigGroup(id, description, new ArrayList<>(options), new LinkedHashSet<>(required));
        }
    }
}
