package io.fleetlake.job.topk;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The columns a TOP-K spec's {@code item} and {@code filter} can use, per table: every field of the
 * record under its lake column name, plus the well-known registry attributes as typed columns
 * ({@code model}, {@code owner}, {@code vehicle_type}, {@code speed_limit_kmh} and {@code
 * max_temp_c} as doubles when they parse, and {@code location} on readings); any other attribute is
 * {@code attributes['name']}.
 */
public final class TopKColumns {
    /**
     * The columns of either table whose SQL type is DOUBLE ({@code measures} is a map of doubles);
     * the others are strings, booleans and the {@code attributes} map.
     */
    public static final Set<String> DOUBLE_COLUMNS =
            Set.of(
                    "lat",
                    "lon",
                    "speed",
                    "temperature",
                    "temperature_fahrenheit",
                    "humidity",
                    "pressure",
                    "measures",
                    "speed_limit_kmh",
                    "max_temp_c");

    /** Columns of {@code breadcrumbs}. */
    public static final Map<String, Function<Breadcrumb, Object>> BREADCRUMBS;

    /** Columns of {@code readings}. */
    public static final Map<String, Function<Reading, Object>> READINGS;

    static {
        Map<String, Function<Breadcrumb, Object>> b = new LinkedHashMap<>();
        b.put("thing_name", r -> r.thingName);
        b.put("device_id", r -> r.deviceId);
        b.put("topic", r -> r.topic);
        b.put("geohash", r -> r.geohash);
        b.put("lat", r -> r.lat);
        b.put("lon", r -> r.lon);
        b.put("speed", r -> r.speed);
        b.put("heading", r -> r.heading);
        b.put("ignition", r -> r.ignition);
        b.put("address", r -> r.address);
        b.put("attributes", r -> r.attributes);
        b.put("origin", r -> r.origin);
        registryColumns(b, r -> r.attributes);
        BREADCRUMBS = Collections.unmodifiableMap(b);

        Map<String, Function<Reading, Object>> m = new LinkedHashMap<>();
        m.put("device_id", r -> r.deviceId);
        m.put("thing_name", r -> r.thingName);
        m.put("topic", r -> r.topic);
        m.put("temperature", r -> r.temperature);
        m.put("temperature_fahrenheit", r -> r.temperatureFahrenheit);
        m.put("humidity", r -> r.humidity);
        m.put("pressure", r -> r.pressure);
        m.put("measures", r -> r.measures);
        m.put("attributes", r -> r.attributes);
        m.put("origin", r -> r.origin);
        m.put("location", r -> attribute(r.attributes, "location"));
        registryColumns(m, r -> r.attributes);
        READINGS = Collections.unmodifiableMap(m);
    }

    private TopKColumns() {}

    /** The columns of a spec's table ({@code breadcrumbs} or {@code readings}). */
    @SuppressWarnings("unchecked")
    public static <T> Map<String, Function<T, Object>> of(String table) {
        switch (table) {
            case "breadcrumbs":
                return (Map<String, Function<T, Object>>) (Map<String, ?>) BREADCRUMBS;
            case "readings":
                return (Map<String, Function<T, Object>>) (Map<String, ?>) READINGS;
            default:
                throw new IllegalArgumentException("no TOP-K table '" + table + "'");
        }
    }

    private static <T> void registryColumns(
            Map<String, Function<T, Object>> columns, Function<T, Map<String, String>> attributes) {
        columns.put("model", r -> attribute(attributes.apply(r), "model"));
        columns.put("owner", r -> attribute(attributes.apply(r), "owner"));
        columns.put("vehicle_type", r -> attribute(attributes.apply(r), "vehicle_type"));
        columns.put(
                "speed_limit_kmh", r -> number(attribute(attributes.apply(r), "speed_limit_kmh")));
        columns.put("max_temp_c", r -> number(attribute(attributes.apply(r), "max_temp_c")));
    }

    private static String attribute(Map<String, String> attributes, String key) {
        return attributes == null ? null : attributes.get(key);
    }

    /** TRY_CAST(… AS DOUBLE): null when absent or not a number. */
    private static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
