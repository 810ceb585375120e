package io.fleetlake.connectors.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an answer to a write request means: its status class, the server's message, the lines a 400
 * names and the wait a {@code Retry-After} asks for. Pure functions, unit-tested against the
 * servers' real bodies.
 */
final class InfluxResponses {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNABLE_TO_PARSE = "unable to parse '";

    private InfluxResponses() {}

    /** What to do with a batch after an HTTP status. */
    enum Kind {
        /** Stored. */
        WRITTEN,
        /**
         * Some lines are bad (400: parse error, partial write; 413 too large; 422 outside
         * retention).
         */
        REJECTED,
        /** Try again later (429, 5xx, 408). */
        RETRY,
        /** The configuration is wrong (401, 403, 404, any other status): fail the job. */
        FATAL
    }

    static Kind classify(int status) {
        if (status >= 200 && status < 300) {
            return Kind.WRITTEN;
        }
        if (status == 400 || status == 413 || status == 422) {
            return Kind.REJECTED;
        }
        if (status == 429 || status == 408 || status >= 500) {
            return Kind.RETRY;
        }
        return Kind.FATAL;
    }

    /**
     * The server's message: the {@code error} (1.x, 3.x) or {@code message} (2.x) of a JSON body,
     * else the body itself, shortened to 1,000 characters.
     */
    static String message(String body) {
        String m = body == null ? "" : body.trim();
        JsonNode json = parse(m);
        if (json != null) {
            if (json.hasNonNull("error")) {
                m = json.get("error").asText();
            } else if (json.hasNonNull("message")) {
                m = json.get("message").asText();
            }
        }
        return m.length() > 1000 ? m.substring(0, 1000) + "..." : m;
    }

    /**
     * The messages a 400 gives about single lines, by index into {@code batch}: InfluxDB 1.x and
     * 2.x name a line as {@code unable to parse '<line>': <why>}, InfluxDB 3 lists {@code
     * {"original_line", "line_number", "error_message"}} under {@code data}. Lines the body does
     * not name are not in the map.
     */
    static Map<Integer, String> namedLines(String body, List<InfluxLine> batch) {
        Map<Integer, String> named = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return named;
        }
        Map<String, List<Integer>> index = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            index.computeIfAbsent(batch.get(i).line(), k -> new ArrayList<>(1)).add(i);
        }
        JsonNode json = parse(body.trim());
        if (json != null && json.path("data").isArray()) {
            for (JsonNode e : json.get("data")) {
                String why = e.path("error_message").asText("rejected");
                List<Integer> hits = index.get(e.path("original_line").asText(null));
                if (hits != null) {
                    hits.forEach(i -> named.put(i, why));
                } else if (e.path("line_number").canConvertToInt()) {
                    int n = e.get("line_number").asInt() - 1;
                    if (n >= 0 && n < batch.size()) {
                        named.put(n, why);
                    }
                }
            }
        }
        String text = message(body);
        if (json != null && json.hasNonNull("error") && json.hasNonNull("message")) {
            text = json.get("error").asText() + "\n" + json.get("message").asText();
        }
        // A line may itself contain "': ", so every quote after the marker is tried as the line's
        // end.
        int from = text.indexOf(UNABLE_TO_PARSE);
        while (from >= 0) {
            int start = from + UNABLE_TO_PARSE.length();
            int next = text.indexOf(UNABLE_TO_PARSE, start);
            int limit = next < 0 ? text.length() : next;
            for (int q = text.indexOf('\'', start);
                    q >= 0 && q < limit;
                    q = text.indexOf('\'', q + 1)) {
                List<Integer> hits = index.get(text.substring(start, q));
                if (hits != null) {
                    String why =
                            text.substring(Math.min(q + 1, limit), limit)
                                    .replaceFirst("^:\\s*", "")
                                    .trim();
                    hits.forEach(i -> named.put(i, "unable to parse: " + why));
                    break;
                }
            }
            from = next;
        }
        return named;
    }

    /** The lines of {@code batch} not in {@code named}. */
    static List<InfluxLine> others(List<InfluxLine> batch, Map<Integer, String> named) {
        BitSet bad = new BitSet(batch.size());
        named.keySet().forEach(bad::set);
        List<InfluxLine> rest = new ArrayList<>(batch.size() - named.size());
        for (int i = 0; i < batch.size(); i++) {
            if (!bad.get(i)) {
                rest.add(batch.get(i));
            }
        }
        return rest;
    }

    /**
     * The wait a {@code Retry-After} header asks for (delay-seconds or an HTTP date), in ms; 0 when
     * absent or unreadable.
     */
    static long retryAfterMillis(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        String h = header.trim();
        try {
            return Math.max(0, Duration.ofSeconds(Long.parseLong(h)).toMillis());
        } catch (NumberFormatException | ArithmeticException e) {
            // not delay-seconds: try the date form
        }
        try {
            long at =
                    ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant()
                            .toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static JsonNode parse(String s) {
        if (!s.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
