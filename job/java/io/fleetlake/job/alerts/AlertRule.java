package io.fleetlake.job.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.util.TimeUtils;

/**
 * One alert rule of the {@code Alerts} group's {@code rules} JSON list: {@code name}, {@code type}
 * and the type's parameters. Parsing fails naming the rule and the key, never guessing.
 *
 * <ul>
 *   <li>{@code speeding}: {@code limit-kmh} (used when the device has no {@code limit-attribute},
 *       default {@code speed_limit_kmh}), {@code min-duration} (10 s);
 *   <li>{@code temperature}: {@code measure} ({@code temperature}), {@code threshold} (used when
 *       the device has no {@code threshold-attribute}, default {@code max_temperature_c}), {@code
 *       hysteresis} (1.0), {@code min-duration} (30 s);
 *   <li>{@code silent}: {@code timeout} (15 min);
 *   <li>{@code geofence}: {@code path} (GeoJSON, local or s3://; default {@code Alerts.geofences}).
 * </ul>
 *
 * Every rule may have {@code devices}: a regular expression the device id or thing name must match.
 */
public final class AlertRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The rule types. */
    public enum Type {
        SPEEDING,
        TEMPERATURE,
        SILENT,
        GEOFENCE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The rules in effect when {@code rules} is not set. */
    public static final String DEFAULTS_JSON =
            "["
                    + "{\"name\":\"speeding\",\"type\":\"speeding\",\"limit-kmh\":90,\"min-duration\":\"10 s\"},"
                    + "{\"name\":\"reefer-temperature\",\"type\":\"temperature\",\"measure\":\"temperature\","
                    + "\"threshold\":-15,\"hysteresis\":1.0,\"min-duration\":\"30 s\",\"devices\":\"iotfleet_.*\"},"
                    + "{\"name\":\"silent\",\"type\":\"silent\",\"timeout\":\"15 min\"},"
                    + "{\"name\":\"geofence\",\"type\":\"geofence\"}"
                    + "]";

    private static final Map<Type, Set<String>> KEYS =
            Map.of(
                    Type.SPEEDING, Set.of("limit-kmh", "limit-attribute", "min-duration"),
                    Type.TEMPERATURE,
                            Set.of(
                                    "measure",
                                    "threshold",
                                    "threshold-attribute",
                                    "hysteresis",
                                    "min-duration"),
                    Type.SILENT, Set.of("timeout"),
                    Type.GEOFENCE, Set.of("path"));

    public final String name;
    public final Type type;

    /** Regular expression on device id or thing name; null: every device. */
    public final String devices;

    /**
     * speeding: fallback limit; temperature: fallback threshold. Null: only devices with the
     * attribute.
     */
    public final Double threshold;

    /** Registry attribute holding the device's own limit/threshold. */
    public final String thresholdAttribute;

    public final long minDurationMs;
    public final String measure;
    public final double hysteresis;
    public final long timeoutMs;

    /** Geofence file; null: {@code Alerts.geofences}. */
    public final String path;

    private transient Pattern devicePattern;

    private AlertRule(
            String name,
            Type type,
            String devices,
            Double threshold,
            String thresholdAttribute,
            long minDurationMs,
            String measure,
            double hysteresis,
            long timeoutMs,
            String path) {
        this.name = name;
        this.type = type;
        this.devices = devices;
        this.threshold = threshold;
        this.thresholdAttribute = thresholdAttribute;
        this.minDurationMs = minDurationMs;
        this.measure = measure;
        this.hysteresis = hysteresis;
        this.timeoutMs = timeoutMs;
        this.path = path;
    }

    /** A speeding rule. */
    public static AlertRule speeding(String name, Double limitKmh, Duration minDuration) {
        return new AlertRule(
                name,
                Type.SPEEDING,
                null,
                limitKmh,
                "speed_limit_kmh",
                minDuration.toMillis(),
                null,
                0,
                0,
                null);
    }

    /** A temperature rule. */
    public static AlertRule temperature(
            String name,
            String measure,
            Double threshold,
            double hysteresis,
            Duration minDuration) {
        return new AlertRule(
                name,
                Type.TEMPERATURE,
                null,
                threshold,
                "max_temperature_c",
                minDuration.toMillis(),
                measure,
                hysteresis,
                0,
                null);
    }

    /** A silent-device rule. */
    public static AlertRule silent(String name, Duration timeout) {
        return new AlertRule(
                name, Type.SILENT, null, null, null, 0, null, 0, timeout.toMillis(), null);
    }

    /** A geofence rule. */
    public static AlertRule geofence(String name, String path) {
        return new AlertRule(name, Type.GEOFENCE, null, null, null, 0, null, 0, 0, path);
    }

    /** The same rule, only for devices whose id or thing name matches {@code regex}. */
    public AlertRule forDevices(String regex) {
        AlertRule r =
                new AlertRule(
                        name,
                        type,
                        regex,
                        threshold,
                        thresholdAttribute,
                        minDurationMs,
                        measure,
                        hysteresis,
                        timeoutMs,
                        path);
        r.devicePattern();
        return r;
    }

    /** The same geofence rule reading {@code file}. */
    public AlertRule withPath(String file) {
        return new AlertRule(
                name,
                type,
                devices,
                threshold,
                thresholdAttribute,
                minDurationMs,
                measure,
                hysteresis,
                timeoutMs,
                file);
    }

    /** True when the rule applies to this device. */
    public boolean appliesTo(String deviceId, String thingName) {
        if (devices == null) {
            return true;
        }
        Pattern p = devicePattern();
        return (deviceId != null && p.matcher(deviceId).matches())
                || (thingName != null && p.matcher(thingName).matches());
    }

    private Pattern devicePattern() {
        if (devicePattern == null) {
            try {
                devicePattern = Pattern.compile(devices);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "alert rule '" + name + "': bad 'devices' pattern: " + e.getDescription(),
                        e);
            }
        }
        return devicePattern;
    }

    /**
     * The threshold for a device: its registry attribute when it has a number there, else the
     * rule's; null when neither (the rule does not apply).
     */
    public Double thresholdFor(Map<String, String> attributes) {
        if (thresholdAttribute != null && attributes != null) {
            String v = attributes.get(thresholdAttribute);
            if (v != null) {
                try {
                    return Double.parseDouble(v.trim());
                } catch (NumberFormatException e) {
                    // Not a number: the rule's own threshold applies (the registry row is reported
                    // elsewhere).
                }
            }
        }
        return threshold;
    }

    /**
     * {@code registry:<attribute>} when the device's threshold comes from the registry, else {@code
     * rule}.
     */
    public String thresholdSource(Map<String, String> attributes) {
        if (thresholdAttribute != null
                && attributes != null
                && attributes.get(thresholdAttribute) != null) {
            try {
                Double.parseDouble(attributes.get(thresholdAttribute).trim());
                return "registry:" + thresholdAttribute;
            } catch (NumberFormatException e) {
                return "rule";
            }
        }
        return "rule";
    }

    /** Parses the JSON list of rules; fails naming the rule and key at fault. */
    public static List<AlertRule> parseList(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "Alerts.rules is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("Alerts.rules must be a JSON array of rules");
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode n : root) {
            AlertRule r = parse(n, i++);
            if (!names.add(r.name)) {
                throw new IllegalArgumentException(
                        "Alerts.rules: rule name '" + r.name + "' used twice");
            }
            rules.add(r);
        }
        return rules;
    }

    private static AlertRule parse(JsonNode n, int index) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("Alerts.rules[" + index + "] is not an object");
        }
        String name = text(n, "name", null);
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException(
                    "Alerts.rules[" + index + "] needs a 'name' (without '/')");
        }
        String where = "alert rule '" + name + "'";
        String typeText = text(n, "type", null);
        Type type;
        try {
            type = Type.valueOf(String.valueOf(typeText).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where
                            + ": unknown type '"
                            + typeText
                            + "'; use speeding, temperature, silent or geofence");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("name")
                    && !key.equals("type")
                    && !key.equals("devices")
                    && !KEYS.get(type).contains(key)) {
                throw new IllegalArgumentException(
                        where
                                + ": unknown key '"
                                + key
                                + "' for type "
                                + type.code()
                                + "; allowed: name, type, devices, "
                                + String.join(", ", new java.util.TreeSet<>(KEYS.get(type))));
            }
        }
        AlertRule rule;
        switch (type) {
            case SPEEDING:
                rule =
                        new AlertRule(
                                name,
                                type,
                                null,
                                number(n, "limit-kmh", where),
                                text(n, "limit-attribute", "speed_limit_kmh"),
                                duration(n, "min-duration", Duration.ofSeconds(10), where),
                                null,
                                0,
                                0,
                                null);
                break;
            case TEMPERATURE:
                {
                    Double hysteresis = number(n, "hysteresis", where);
                    if (hysteresis != null && hysteresis < 0) {
                        throw new IllegalArgumentException(where + ": 'hysteresis' must be >= 0");
                    }
                    rule =
                            new AlertRule(
                                    name,
                                    type,
                                    null,
                                    number(n, "threshold", where),
                                    text(n, "threshold-attribute", "max_temperature_c"),
                                    duration(n, "min-duration", Duration.ofSeconds(30), where),
                                    text(n, "measure", "temperature"),
                                    hysteresis == null ? 1.0 : hysteresis,
                                    0,
                                    null);
                    break;
                }
            case SILENT:
                {
                    long timeout = duration(n, "timeout", Duration.ofMinutes(15), where);
                    if (timeout <= 0) {
                        throw new IllegalArgumentException(where + ": 'timeout' must be positive");
                    }
                    rule = new AlertRule(name, type, null, null, null, 0, null, 0, timeout, null);
                    break;
                }
            case GEOFENCE:
            default:
                rule =
                        new AlertRule(
                                name, type, null, null, null, 0, null, 0, 0, text(n, "path", null));
                break;
        }
        String devices = text(n, "devices", null);
        return devices == null ? rule : rule.forDevices(devices);
    }

    private static String text(JsonNode n, String key, String dflt) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    private static Double number(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    where + ": '" + key + "' must be a number, got '" + v.asText() + "'");
        }
    }

    private static long duration(JsonNode n, String key, Duration dflt, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt.toMillis();
        }
        try {
            long ms = TimeUtils.parseDuration(v.asText()).toMillis();
            if (ms < 0) {
                throw new IllegalArgumentException("negative");
            }
            return ms;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where
                            + ": '"
                            + key
                            + "' is not a duration (e.g. '10 s', '15 min'): '"
                            + v.asText()
                            + "'");
        }
    }

    @Override
    public String toString() {
        return name + "(" + type.code() + ")";
    }
}
