package io.fleetlake.job.config;

import io.fleetlake.connectors.lake.LakeOptions;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where {@link io.fleetlake.job.FleetlakeApplication} gets its property groups: {@code --properties
 * FILE} (the MSF JSON shape) when given, otherwise Managed Service for Apache Flink's runtime
 * properties.
 *
 * <p>MSF's {@code KinesisAnalyticsRuntime.getApplicationProperties()} returns an empty map when its
 * properties file does not exist (no runtime properties configured, or not running on MSF at all).
 * A job started that way would run on defaults: a lake under the task manager's working directory
 * and no real source. So an empty or incomplete result fails here with a message naming the groups
 * that are missing.
 */
public final class ApplicationProperties {
    /**
     * Reads MSF's runtime properties ({@code KinesisAnalyticsRuntime::getApplicationProperties}).
     */
    @FunctionalInterface
    public interface RuntimePropertiesReader {
        Map<String, Properties> read() throws IOException;
    }

    static final String USAGE =
            "usage: FleetlakeApplication [--properties FILE]  (without --properties: the MSF "
                    + "application's runtime properties)";

    private ApplicationProperties() {}

    /**
     * Whether {@link #load} reads MSF's runtime properties for these arguments (no {@code
     * --properties}): the job runs on Managed Service for Apache Flink, whose parallelism must win.
     */
    public static boolean readsRuntimeProperties(String[] args) {
        return !java.util.Arrays.asList(args).contains("--properties");
    }

    /**
     * The property groups for this run. Fails with {@link IllegalArgumentException} on bad
     * arguments and on missing groups, naming them.
     */
    public static Map<String, Map<String, String>> load(
            String[] args, RuntimePropertiesReader runtime) throws IOException {
        String file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--properties") && file == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--properties needs a file; " + USAGE);
                }
                file = args[++i];
            } else {
                throw new IllegalArgumentException(
                        "unexpected argument '" + args[i] + "'; " + USAGE);
            }
        }
        if (file != null) {
            Map<String, Map<String, String>> groups = PropertyGroups.readJson(Paths.get(file));
            requireGroups(groups, "properties file " + file);
            return groups;
        }
        Map<String, Properties> props = runtime.read();
        if (props == null || props.isEmpty()) {
            throw new IllegalArgumentException(
                    "no property groups: the MSF runtime properties are empty (or this is "
                            + "not MSF: /etc/flink/application_properties.json does not exist). Add the property groups "
                            + describe(missingGroups(Map.of()))
                            + " to the application's runtime properties (see "
                            + "local-stack/msf-application-properties.example.json), or pass --properties FILE.");
        }
        Map<String, Map<String, String>> groups = fromRuntime(props);
        requireGroups(groups, "MSF runtime properties");
        return groups;
    }

    /**
     * MSF's {@code groupId -> Properties} as the {@code groupId -> key -> value} map {@link
     * FleetlakeConfig} takes.
     */
    public static Map<String, Map<String, String>> fromRuntime(Map<String, Properties> props) {
        // Sorted: MSF hands the groups over in a HashMap; a stable order keeps messages and logs
        // reproducible.
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Properties> e : new TreeMap<>(props).entrySet()) {
            Map<String, String> values = new LinkedHashMap<>();
            Properties p = e.getValue();
            if (p != null) {
                for (String key : new TreeSet<>(p.stringPropertyNames())) {
                    values.put(key, p.getProperty(key));
                }
            }
            groups.put(e.getKey(), values);
        }
        return groups;
    }

    /**
     * The groups a cluster or MSF run cannot do without: {@code Lake} (its default {@code ./lake}
     * would be the task manager's working directory) and at least one {@code Source.*} group (there
     * is no implicit simulator here). Empty when all are present.
     */
    public static List<String> missingGroups(Map<String, Map<String, String>> groups) {
        List<String> missing = new ArrayList<>();
        Map<String, String> lake = groups.get(FleetlakeOptions.LAKE.id());
        if (lake == null
                || lake.get(LakeOptions.PATH.key()) == null
                || lake.get(LakeOptions.PATH.key()).isBlank()) {
            missing.add(FleetlakeOptions.LAKE.id() + " (with " + LakeOptions.PATH.key() + ")");
        }
        boolean anySource =
                FleetlakeOptions.SOURCE_GROUPS.stream().anyMatch(g -> groups.containsKey(g.id()));
        if (!anySource) {
            missing.add(
                    "one of "
                            + FleetlakeOptions.SOURCE_GROUPS.stream()
                                    .map(ConfigGroup::id)
                                    .collect(Collectors.joining(", ")));
        }
        return missing;
    }

    private static void requireGroups(Map<String, Map<String, String>> groups, String where) {
        List<String> missing = missingGroups(groups);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    where
                            + ": missing property group(s) "
                            + describe(missing)
                            + "; present: "
                            + (groups.isEmpty() ? "none" : String.join(", ", groups.keySet())));
        }
    }

    private static String describe(List<String> missing) {
        return String.join(" and ", missing);
    }
}
