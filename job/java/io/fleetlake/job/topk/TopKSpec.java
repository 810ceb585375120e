package io.fleetlake.job.topk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.util.TimeUtils;

/**
 * One TOP-K question: the K most frequent values of {@code item} in {@code table} rows matching
 * {@code filter}, per tumbling event-time window. {@code item} and {@code filter} are SQL
 * expressions ({@link TopKExpression}) over the table's {@link TopKColumns} (such as {@code
 * thing_name}, {@code geohash}, {@code device_id}, {@code location}, {@code speed_limit_kmh}); they
 * are parsed here, so a bad spec fails the job at build time.
 */
public final class TopKSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The default specs: most active vehicles, trending geohash cells, most frequent speeders. */
    public static final String DEFAULTS_JSON =
            "["
                    + "{\"name\":\"active_vehicles\",\"table\":\"breadcrumbs\",\"item\":\"thing_name\",\"k\":10,\"window\":\"60 s\"},"
                    + "{\"name\":\"trending_cells\",\"table\":\"breadcrumbs\",\"item\":\"geohash\",\"k\":10,\"window\":\"60 s\"},"
                    + "{\"name\":\"speeders\",\"table\":\"breadcrumbs\",\"item\":\"thing_name\","
                    + "\"filter\":\"speed > COALESCE(speed_limit_kmh, 90)\",\"k\":10,\"window\":\"60 s\"}]";

    public final String name;
    public final String table;
    public final String item;
    public final String filter;
    public final int k;
    public final long windowSeconds;

    public TopKSpec(
            String name, String table, String item, String filter, int k, long windowSeconds) {
        if (name == null || !name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(
                    "TOP-K spec name '" + name + "' must match [a-z][a-z0-9_]*");
        }
        if (!"breadcrumbs".equals(table) && !"readings".equals(table)) {
            throw new IllegalArgumentException(
                    "TOP-K spec '"
                            + name
                            + "': table must be breadcrumbs or readings, got '"
                            + table
                            + "'");
        }
        if (item == null || item.isBlank()) {
            throw new IllegalArgumentException("TOP-K spec '" + name + "': item is required");
        }
        if (k < 1 || k > 100_000) {
            throw new IllegalArgumentException(
                    "TOP-K spec '" + name + "': k must be 1..100000, got " + k);
        }
        if (windowSeconds < 1 || windowSeconds > 3600) {
            throw new IllegalArgumentException(
                    "TOP-K spec '"
                            + name
                            + "': window must be 1 s..3600 s, got "
                            + windowSeconds
                            + " s");
        }
        for (String part :
                new String[] {item, filter == null || filter.isBlank() ? "TRUE" : filter}) {
            try {
                TopKExpression.parse(part, TopKColumns.of(table));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "TOP-K spec '" + name + "': " + e.getMessage(), e);
            }
        }
        this.name = name;
        this.table = table;
        this.item = item;
        this.filter = filter == null || filter.isBlank() ? "TRUE" : filter;
        this.k = k;
        this.windowSeconds = windowSeconds;
    }

    /** Parses a JSON array of specs ({@code name, table, item, filter?, k, window}). */
    public static List<TopKSpec> parseList(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "TopK.specs is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("TopK.specs must be a JSON array of specs");
        }
        List<TopKSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode n : root) {
            String name = text(n, "name");
            Duration window =
                    TimeUtils.parseDuration(n.has("window") ? n.get("window").asText() : "60 s");
            TopKSpec spec =
                    new TopKSpec(
                            name,
                            text(n, "table"),
                            text(n, "item"),
                            text(n, "filter"),
                            n.has("k") ? n.get("k").asInt() : 10,
                            window.getSeconds());
            if (window.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException(
                        "TOP-K spec '" + name + "': window must be whole seconds");
            }
            if (!names.add(spec.name)) {
                throw new IllegalArgumentException(
                        "TOP-K spec name '" + spec.name + "' appears twice");
            }
            specs.add(spec);
        }
        return specs;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return name
                + "("
                + table
                + ", item="
                + item
                + ", filter="
                + filter
                + ", k="
                + k
                + ", window="
                + windowSeconds
                + "s)";
    }
}
