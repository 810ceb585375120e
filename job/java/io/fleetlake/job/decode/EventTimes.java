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
 * Reads the timestamp forms devices send, always to epoch milliseconds UTC:
 * epoch seconds, milliseconds, microseconds or nanoseconds (as numbers or numeric strings; told apart by
 * magnitude), ISO-8601 with or without offset, and {@code yyyy-MM-dd HH:mm:ss[.fff]}. A time without an offset
 * is read as UTC, as IoT Analytics and the seeds' generators wrote it.
 */
public final class EventTimes {

    private static final DateTimeFormatter FLEXIBLE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    private EventTimes() {}

    /** Epoch milliseconds of a JSON timestamp value, or throws {@link IllegalArgumentException}. */
    public static long parse(JsonNode value) {
        if (value.isNumber()) {
            return fromEpochNumber(value.asDouble());
        }
        if (value.isTextual()) {
            return parse(value.asText());
        }
        throw new IllegalArgumentException("timestamp is a " + value.getNodeType().toString().toLowerCase() + ": "
                + value);
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
     * Epoch number in seconds, ms, µs or ns, told apart by magnitude: below 1e11 is seconds (until year 5138),
     * below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
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

    /** Formats epoch millis as {@code yyyy-MM-dd HH:mm:ss} UTC, the seeds' telemetry form. */
    public static String formatSql(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        return String.format(java.util.Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.get(ChronoField.SECOND_OF_MINUTE));
    }
}
