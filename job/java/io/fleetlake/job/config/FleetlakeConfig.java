package io.fleetlake.job.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;

/**
 * Fleetlake's settings: the property groups in effect, validated against {@link FleetlakeOptions}
 * when built. An unknown group or key, a missing required key, or a value that does not parse fails
 * here, before the job starts, with a message naming the group and key.
 */
public final class FleetlakeConfig {
    private final Map<String, Map<String, String>> groups;
    private final Map<String, Configuration> parsed = new LinkedHashMap<>();

    private FleetlakeConfig(Map<String, Map<String, String>> groups) {
        this.groups = groups;
    }

    /** Validates and wraps raw property groups ({@code groupId -> key -> value}). */
    public static FleetlakeConfig of(Map<String, Map<String, String>> rawGroups) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        rawGroups.forEach(
                (g, m) -> copy.put(g, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        FleetlakeConfig config = new FleetlakeConfig(Collections.unmodifiableMap(copy));
        config.validate();
        return config;
    }

    private void validate() {
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            ConfigGroup group = FleetlakeOptions.group(g.getKey());
            if (group == null) {
                throw new IllegalArgumentException(
                        "unknown property group '"
                                + g.getKey()
                                + "'; known groups: "
                                + FleetlakeOptions.groups().stream()
                                        .map(ConfigGroup::id)
                                        .collect(Collectors.joining(", ")));
            }
            for (String key : g.getValue().keySet()) {
                if (group.option(key) == null) {
                    throw new IllegalArgumentException(
                            "unknown key '"
                                    + key
                                    + "' in property group '"
                                    + group.id()
                                    + "'; known keys: "
                                    + group.options().stream()
                                            .map(ConfigOption::key)
                                            .collect(Collectors.joining(", ")));
                }
            }
            for (String key : group.requiredKeys()) {
                String v = value(g.getValue(), group.option(key));
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException(
                            "missing required key '"
                                    + key
                                    + "' in property group '"
                                    + group.id()
                                    + "'");
                }
            }
            GroupSection conf = new GroupSection(group, g.getValue());
            for (ConfigOption<?> option : group.options()) {
                try {
                    conf.getOptional(option);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "bad value '"
                                    + value(g.getValue(), option)
                                    + "' for '"
                                    + option.key()
                                    + "' in property group '"
                                    + group.id()
                                    + "': "
                                    + rootMessage(e),
                            e);
                }
            }
            try {
                group.check(conf);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "property group '" + group.id() + "': " + e.getMessage(), e);
            }
            parsed.put(group.id(), conf);
        }
    }

    /** The option's raw value: under its key, else under one of its deprecated keys. */
    private static String value(Map<String, String> values, ConfigOption<?> option) {
        String v = values.get(option.key());
        if (v == null) {
            for (FallbackKey f : option.fallbackKeys()) {
                v = values.get(f.getKey());
                if (v != null) {
                    break;
                }
            }
        }
        return v;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** True when the group is present (for source/sink groups: that system is enabled). */
    public boolean has(ConfigGroup group) {
        return groups.containsKey(group.id());
    }

    /**
     * The option's value in the group, or its default (the group need not be present). For a single
     * value (a launcher flag, a test); a connector or feature takes its whole {@link #section}
     * instead. Fails when the option is not one of the group's.
     */
    public <T> T get(ConfigGroup group, ConfigOption<T> option) {
        return section(group).get(option);
    }

    /**
     * True when the group sets the option (under its key or a deprecated one): for defaults a
     * launcher adds, without reading another group's value.
     */
    public boolean isSet(ConfigGroup group, ConfigOption<?> option) {
        return section(group).contains(option);
    }

    /** The option's value if set in the group. Fails when the option is not one of the group's. */
    public <T> Optional<T> getOptional(ConfigGroup group, ConfigOption<T> option) {
        return section(group).getOptional(option);
    }

    /**
     * The group's parsed settings as one Flink {@link Configuration} (empty when the group is
     * absent, so every option reads its default). A connector builds itself from it with its own
     * {@code fromConfiguration}. Reading an option of another group from it fails: {@code region},
     * {@code endpoint} or {@code path} of one group can never be read as another's.
     */
    public Configuration section(ConfigGroup group) {
        Configuration c = parsed.get(group.id());
        return c == null ? new GroupSection(group, Map.of()) : new GroupSection(group, c.toMap());
    }

    /**
     * One group's values; refuses options the group does not own. Serializable like any
     * Configuration; a deserialized copy (the group's checks are not serializable) no longer checks
     * ownership.
     */
    private static final class GroupSection extends Configuration {
        private static final long serialVersionUID = 1L;
        private final transient ConfigGroup group;

        GroupSection(ConfigGroup group, Map<String, String> values) {
            this.group = group;
            // What Configuration.fromMap does; the string values are parsed per option on read.
            synchronized (confData) {
                confData.putAll(values);
            }
        }

        private void own(ConfigOption<?> option) {
            if (group != null && !group.owns(option)) {
                throw new IllegalStateException(
                        "option '"
                                + option.key()
                                + "' is not one of property group '"
                                + group.id()
                                + "'s options");
            }
        }

        @Override
        public <T> T get(ConfigOption<T> option) {
            own(option);
            return super.get(option);
        }

        @Override
        public <T> T get(ConfigOption<T> option, T overrideDefault) {
            own(option);
            return super.get(option, overrideDefault);
        }

        @Override
        public <T> Optional<T> getOptional(ConfigOption<T> option) {
            own(option);
            return super.getOptional(option);
        }

        @Override
        public boolean contains(ConfigOption<?> option) {
            own(option);
            return super.contains(option);
        }
    }

    /** The raw groups, as given. */
    public Map<String, Map<String, String>> groups() {
        return groups;
    }

    /** Returns a copy with one more group value set (used by command-line flags). */
    public FleetlakeConfig with(ConfigGroup group, ConfigOption<?> option, String value) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        groups.forEach((g, m) -> copy.put(g, new LinkedHashMap<>(m)));
        copy.computeIfAbsent(group.id(), k -> new LinkedHashMap<>()).put(option.key(), value);
        return of(copy);
    }

    /**
     * Returns a copy with the group present (possibly empty, to enable a system with its defaults).
     */
    public FleetlakeConfig withGroup(ConfigGroup group) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        groups.forEach((g, m) -> copy.put(g, new LinkedHashMap<>(m)));
        copy.putIfAbsent(group.id(), new LinkedHashMap<>());
        return of(copy);
    }

    /** The ids of the present groups among the given ones. */
    public List<String> presentAmong(List<ConfigGroup> candidates) {
        return candidates.stream()
                .filter(this::has)
                .map(ConfigGroup::id)
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        // Values are not printed: a property group may hold credentials.
        return "FleetlakeConfig" + groups.keySet();
    }
}
