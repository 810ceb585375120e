package io.fleetlake.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.job.config.ApplicationProperties;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.config.PropertyGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a property-group file against every rule Managed Service for Apache Flink applies to
 * runtime properties (the {@code EnvironmentProperties} of {@code CreateApplication}: at most 50
 * groups; a group id of 1 to 50 characters of {@code [a-zA-Z0-9_.-]}; at most 50 entries per group;
 * keys and values are strings of 1 to 2,048 characters), then against Fleetlake's own (known groups
 * and keys, values that parse, required keys, a lake and a source; on MSF a lake on S3). Every
 * problem is one line naming the file, the group and the key.
 */
public final class PropertyFileCheck {
    /** Where the file is meant to run. */
    public enum Target {
        /** Managed Service for Apache Flink: its API rules and ours. */
        MSF,
        /** {@code ./fleetlake} or a Flink cluster: only ours (values may be numbers there). */
        LOCAL
    }

    static final int MAX_GROUPS = 50;
    static final int MAX_GROUP_ID = 50;
    static final int MAX_ENTRIES = 50;
    static final int MAX_KEY = 2048;
    static final int MAX_VALUE = 2048;
    static final Pattern GROUP_ID = Pattern.compile("[a-zA-Z0-9_.-]+");

    private PropertyFileCheck() {}

    /** The problems of {@code file} for {@code target}; empty when it is fine. */
    public static List<String> problems(Path file, Target target) {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": no such file (--properties names the property-group JSON)");
            return problems;
        }
        JsonNode document;
        try {
            document = PropertyGroups.readTree(file);
        } catch (IOException e) {
            problems.add(e.getMessage());
            return problems;
        }
        if (target == Target.MSF) {
            msfRules(file, PropertyGroups.groupArray(document), problems);
            if (!problems.isEmpty()) {
                return problems;
            }
        }
        Map<String, Map<String, String>> groups;
        try {
            groups = PropertyGroups.parse(document, file.toString());
        } catch (IOException e) {
            problems.add(e.getMessage());
            return problems;
        }
        ourRules(file, groups, target, problems);
        return problems;
    }

    /** MSF's API rules on the raw JSON (before anything turns numbers into strings). */
    static void msfRules(Path file, JsonNode root, List<String> problems) {
        if (root == null || !root.isArray()) {
            problems.add(
                    file
                            + ": expected a JSON array of {\"PropertyGroupId\", \"PropertyMap\"} objects"
                            + " or {\"PropertyGroups\": [...]}");
            return;
        }
        if (root.size() > MAX_GROUPS) {
            problems.add(
                    file
                            + ": "
                            + root.size()
                            + " property groups; MSF allows at most "
                            + MAX_GROUPS);
        }
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode g : root) {
            index++;
            JsonNode id = g.get("PropertyGroupId");
            String name =
                    id != null && id.isTextual() ? id.asText() : "#" + index + " (no valid id)";
            String where = file + ": group '" + name + "'";
            if (id == null || !id.isTextual()) {
                problems.add(file + ": group #" + index + ": \"PropertyGroupId\" must be a string");
            } else if (id.asText().isEmpty() || id.asText().length() > MAX_GROUP_ID) {
                problems.add(
                        where
                                + ": the id is "
                                + id.asText().length()
                                + " characters; MSF takes 1 to "
                                + MAX_GROUP_ID);
            } else if (!GROUP_ID.matcher(id.asText()).matches()) {
                problems.add(
                        where + ": the id may hold only letters, digits, '_', '.' and '-' (MSF)");
            } else if (!seen.add(id.asText())) {
                problems.add(where + ": appears twice");
            }
            JsonNode map = g.get("PropertyMap");
            if (map == null || !map.isObject()) {
                problems.add(where + ": \"PropertyMap\" must be an object of string values");
                continue;
            }
            if (map.size() > MAX_ENTRIES) {
                problems.add(
                        where + ": " + map.size() + " keys; MSF allows at most " + MAX_ENTRIES);
            }
            Iterator<Map.Entry<String, JsonNode>> it = map.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode v = e.getValue();
                String at = where + ", key '" + abbreviate(key) + "'";
                if (key.isEmpty() || key.length() > MAX_KEY) {
                    problems.add(
                            at
                                    + ": the key is "
                                    + key.length()
                                    + " characters; MSF takes 1 to "
                                    + MAX_KEY);
                }
                if (!v.isTextual()) {
                    problems.add(
                            at
                                    + ": the value is "
                                    + kind(v)
                                    + "; MSF takes strings only"
                                    + (v.isValueNode() && !v.isNull()
                                            ? ": write \"" + v.asText() + "\""
                                            : ""));
                } else if (v.asText().isEmpty()) {
                    problems.add(
                            at
                                    + ": the value is empty; MSF takes 1 to "
                                    + MAX_VALUE
                                    + " characters (leave the key out for its default)");
                } else if (v.asText().length() > MAX_VALUE) {
                    problems.add(
                            String.format(
                                    Locale.ROOT,
                                    "%s: the value is %,d characters; MSF allows at most %,d",
                                    at,
                                    v.asText().length(),
                                    MAX_VALUE));
                }
            }
        }
    }

    /** Fleetlake's rules, one line per group (each group is validated on its own). */
    static void ourRules(
            Path file,
            Map<String, Map<String, String>> groups,
            Target target,
            List<String> problems) {
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            Map<String, Map<String, String>> one = new LinkedHashMap<>();
            one.put(g.getKey(), g.getValue());
            try {
                FleetlakeConfig.of(one);
            } catch (IllegalArgumentException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        for (String missing : ApplicationProperties.missingGroups(groups)) {
            problems.add(file + ": missing property group " + missing);
        }
        Map<String, String> lake = groups.get(FleetlakeOptions.LAKE.id());
        String path = lake == null ? null : lake.get(LakeOptions.PATH.key());
        if (target == Target.MSF && path != null && !path.startsWith("s3://")) {
            problems.add(
                    file
                            + ": group 'Lake', key 'path': '"
                            + path
                            + "' is not on S3; on MSF the lake must be s3://bucket/prefix");
        }
    }

    private static String kind(JsonNode v) {
        if (v.isNumber()) {
            return "a number (" + v.asText() + ")";
        }
        if (v.isBoolean()) {
            return "a boolean (" + v.asText() + ")";
        }
        if (v.isNull()) {
            return "null";
        }
        return v.isArray() ? "an array" : "an object";
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
