package io.fleetlake.job.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.ReadableConfig;

/**
 * One property group (an MSF "PropertyGroupId"): its id, what it configures, its typed options
 * (declared in the owning package's options class), which of them must be set when the group is
 * present, and the check that builds the group's settings once so a bad combination fails when the
 * configuration is read.
 */
public final class ConfigGroup {
    private final String id;
    private final String description;
    private final List<ConfigOption<?>> options;
    private final Set<String> requiredKeys;
    private final List<Consumer<ReadableConfig>> checks;

    private ConfigGroup(Builder b) {
        this.id = b.id;
        this.description = b.description;
        this.options = Collections.unmodifiableList(new ArrayList<>(b.options));
        this.requiredKeys = Collections.unmodifiableSet(new LinkedHashSet<>(b.required));
        this.checks = Collections.unmodifiableList(new ArrayList<>(b.checks));
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

    /** The option with this key (or with this as one of its deprecated keys), or null. */
    public ConfigOption<?> option(String key) {
        for (ConfigOption<?> o : options) {
            if (o.key().equals(key)) {
                return o;
            }
        }
        // A key an option had before (withDeprecatedKeys): still accepted, read as the option.
        for (ConfigOption<?> o : options) {
            for (FallbackKey f : o.fallbackKeys()) {
                if (f.getKey().equals(key)) {
                    return o;
                }
            }
        }
        return null;
    }

    /**
     * True when {@code option} is one of this group's options (the same instance, not just the same
     * key).
     */
    public boolean owns(ConfigOption<?> option) {
        for (ConfigOption<?> o : options) {
            if (o == option) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the group's checks (typically its settings' {@code fromConfiguration}) on the group's
     * values; throws what they throw.
     */
    void check(ReadableConfig section) {
        for (Consumer<ReadableConfig> c : checks) {
            c.accept(section);
        }
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
        private final List<Consumer<ReadableConfig>> checks = new ArrayList<>();

        private Builder(String id, String description) {
            this.id = id;
            this.description = description;
        }

        public Builder option(ConfigOption<?> option) {
            for (ConfigOption<?> o : options) {
                if (o.key().equals(option.key())) {
                    throw new IllegalStateException(
                            "group " + id + " declares '" + option.key() + "' twice");
                }
            }
            options.add(option);
            return this;
        }

        /**
         * Every {@code public static final ConfigOption} of an options class, in the order the
         * class declares them (the order of the configuration reference).
         */
        public Builder options(Class<?> optionsClass) {
            // getDeclaredFields is in declaration order on every JVM we run on; ConfigReferenceTest
            // would
            // notice a different order, since the README's table follows it.
            for (Field f : optionsClass.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m)
                        && Modifier.isStatic(m)
                        && Modifier.isFinal(m)
                        && ConfigOption.class.isAssignableFrom(f.getType())) {
                    try {
                        option((ConfigOption<?>) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read " + f, e);
                    }
                }
            }
            return this;
        }

        /**
         * An option that must be set whenever this group is present (added unless already added).
         */
        public Builder required(ConfigOption<?> option) {
            boolean present = options.stream().anyMatch(o -> o == option);
            if (!present) {
                option(option);
            }
            required.add(option.key());
            return this;
        }

        /**
         * A check run on the group's values when the configuration is read, usually the settings'
         * {@code fromConfiguration}: an {@link IllegalArgumentException} from it fails the
         * configuration with the group named.
         */
        public Builder check(Consumer<ReadableConfig> check) {
            checks.add(check);
            return this;
        }

        public ConfigGroup build() {
            return new ConfigGroup(this);
        }
    }
}
