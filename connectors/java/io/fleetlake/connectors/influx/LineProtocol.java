package io.fleetlake.connectors.influx;

import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one line of InfluxDB line protocol ({@code measurement,tag=v field=1.5,s="x"
 * 1713430800000}) with the escaping rules the 1.x, 2.x and 3.x parsers share:
 *
 * <ul>
 *   <li>measurement: comma and space are backslash-escaped;
 *   <li>tag keys, tag values and field keys: comma, equals sign and space are backslash-escaped;
 *   <li>string field values: inside double quotes, {@code "} and {@code \} are backslash-escaped;
 *   <li>newlines: line protocol has no escape for them (a newline ends the line). In names and tag
 *       values a carriage return or line feed becomes an (escaped) space; in string field values it
 *       becomes the two characters {@code \n} (or {@code \r}).
 * </ul>
 *
 * A tag or string with an empty value is left out (line protocol has no empty tag value). Tags are
 * written in key order, as InfluxDB recommends. Non-finite floats (NaN, infinity) cannot be stored
 * and are left out; a line needs at least one field.
 */
public final class LineProtocol {
    private final String measurement;
    private final Map<String, String> tags = new TreeMap<>();
    private final Map<String, String> fields = new TreeMap<>();
    private Long timeMillis;

    private LineProtocol(String measurement) {
        if (measurement == null || measurement.isEmpty()) {
            throw new IllegalArgumentException("a line needs a measurement");
        }
        this.measurement = measurement;
    }

    /** Starts a line of {@code measurement}. */
    public static LineProtocol line(String measurement) {
        return new LineProtocol(measurement);
    }

    /** Adds a tag; null or empty values are skipped. */
    public LineProtocol tag(String key, String value) {
        if (key != null && !key.isEmpty() && value != null && !value.isEmpty()) {
            tags.put(key, value);
        }
        return this;
    }

    /** Adds a float field; null and non-finite values are skipped. */
    public LineProtocol field(String key, Double value) {
        if (key != null && !key.isEmpty() && value != null && Double.isFinite(value)) {
            fields.put(key, Double.toString(value));
        }
        return this;
    }

    /** Adds a string field; null is skipped. */
    public LineProtocol field(String key, String value) {
        if (key != null && !key.isEmpty() && value != null) {
            fields.put(key, "\"" + escapeString(value) + "\"");
        }
        return this;
    }

    /** Adds a boolean field; null is skipped. */
    public LineProtocol field(String key, Boolean value) {
        if (key != null && !key.isEmpty() && value != null) {
            fields.put(key, value.toString());
        }
        return this;
    }

    /** Timestamp in epoch milliseconds (write with precision ms). */
    public LineProtocol timeMillis(long millis) {
        this.timeMillis = millis;
        return this;
    }

    /** True when the line has at least one field (a line without fields is invalid). */
    public boolean hasFields() {
        return !fields.isEmpty();
    }

    /** The encoded line, without a trailing newline. */
    public String build() {
        if (fields.isEmpty()) {
            throw new IllegalStateException(
                    "a line of measurement '" + measurement + "' needs at least one field");
        }
        StringBuilder b = new StringBuilder(64 + 24 * (tags.size() + fields.size()));
        b.append(escapeMeasurement(measurement));
        for (Map.Entry<String, String> t : tags.entrySet()) {
            b.append(',').append(escapeKey(t.getKey())).append('=').append(escapeKey(t.getValue()));
        }
        char sep = ' ';
        for (Map.Entry<String, String> f : fields.entrySet()) {
            b.append(sep).append(escapeKey(f.getKey())).append('=').append(f.getValue());
            sep = ',';
        }
        if (timeMillis != null) {
            b.append(' ').append(timeMillis.longValue());
        }
        return b.toString();
    }

    /** Measurement names: comma and space escaped, newlines to spaces. */
    public static String escapeMeasurement(String s) {
        return escape(s, false);
    }

    /**
     * Tag keys, tag values and field keys: comma, equals sign and space escaped, newlines to
     * spaces.
     */
    public static String escapeKey(String s) {
        return escape(s, true);
    }

    /**
     * String field values (without the surrounding quotes): quote and backslash escaped, newlines
     * as \n.
     */
    public static String escapeString(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep;
            switch (c) {
                case '"':
                    rep = "\\\"";
                    break;
                case '\\':
                    rep = "\\\\";
                    break;
                case '\n':
                    rep = "\\n";
                    break;
                case '\r':
                    rep = "\\r";
                    break;
                default:
                    rep = null;
            }
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    private static String escape(String s, boolean equalsToo) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean special =
                    c == ',' || c == ' ' || c == '\n' || c == '\r' || (equalsToo && c == '=');
            if (special && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (special) {
                    b.append('\\').append(c == '\n' || c == '\r' ? ' ' : c);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
