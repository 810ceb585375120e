package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the timestamp forms devices send, always to epoch milliseconds UTC: epoch seconds,
 * milliseconds, microseconds or nanoseconds (as numbers or numeric strings; told apart by
 * magnitude), ISO-8601 with or without offset, and {@code yyyy-MM-dd HH:mm:ss[.fff]}. A time
 * without an offset is read as UTC, as IoT Analytics and the seeds' generators wrote it.
 */
public final class EventTimes {

    private static final DateTimeFormatter FLEXIBLE =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HH:MM", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HHMM", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HH", "Z")
                    .optionalEnd()
                    .toFormatter()
                    // STRICT: 2024-02-30 is a bad timestamp, not quietly the 29th.
                    .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private EventTimes() {}

    /** Epoch milliseconds of a JSON timestamp value, or throws {@link IllegalArgumentException}. */
    public static long parse(JsonNode value) {
        if (value.isNumber()) {
            return fromEpochNumber(value.asDouble());
        }
        if (value.isTextual()) {
            return parse(value.asText());
        }
        throw new IllegalArgumentException(
                "timestamp is a " + value.getNodeType().toString().toLowerCase() + ": " + value);
    }

    /** Epoch milliseconds of a timestamp string, or throws {@link IllegalArgumentException}. */
    public static long parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("timestamp is empty");
        }
        if (Numbers.isNumeric(s)) {
            return fromEpochNumber(Double.parseDouble(s));
        }
        long fast = parseCommonForm(s);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            TemporalAccessor t = FLEXIBLE.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            if (t instanceof OffsetDateTime) {
                return ((OffsetDateTime) t).toInstant().toEpochMilli();
            }
            return ((LocalDateTime) t).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("unrecognised timestamp '" + text + "'");
            }
        }
    }

    /**
     * The forms devices send most, {@code yyyy-MM-dd HH:mm:ss} and {@code
     * yyyy-MM-ddTHH:mm:ss[.fff][Z]}, parsed without a formatter (the general parser costs several
     * microseconds per call). Long.MIN_VALUE when the text is in any other form, which then goes to
     * the general parser.
     */
    static long parseCommonForm(String s) {
        int n = s.length();
        if (n < 19
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start) {
                return Long.MIN_VALUE;
            }
            for (int k = i - start; k < 3; k++) {
                millis *= 10;
            }
        }
        if (i < n && !(i == n - 1 && s.charAt(i) == 'Z')) {
            return Long.MIN_VALUE; // an offset or anything else: the general parser handles it
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Epoch number in seconds, ms, µs or ns, told apart by magnitude: below 1e11 is seconds (until
     * year 5138), below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
     */
    public static long fromEpochNumber(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
            throw new IllegalArgumentException("timestamp out of range: " + v);
        }
        if (v < 1e11) {
            return Math.round(v * 1000.0);
        }
        if (v < 1e14) {
            return Math.round(v);
        }
        if (v < 1e17) {
            return Math.round(v / 1000.0);
        }
        return Math.round(v / 1_000_000.0);
    }

    /**
     * Epoch millis as an ISO-8601 instant, for messages; any long, even far outside the calendar's
     * range.
     */
    public static String formatIso(long epochMillis) {
        try {
            return java.time.Instant.ofEpochMilli(epochMillis).toString();
        } catch (java.time.DateTimeException e) {
            return epochMillis + " ms since 1970";
        }
    }

    /** Formats epoch millis as {@code yyyy-MM-dd HH:mm:ss} UTC, the seeds' telemetry form. */
    public static String formatSql(long epochMillis) {
        LocalDateTime t =
                LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        return String.format(
                java.util.Locale.ROOT,
                "%04d-%02d-%02d %02d:%02d:%02d",
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.get(ChronoField.SECOND_OF_MINUTE));
    }
}
