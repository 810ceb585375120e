package io.fleetlake.job.decode;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The decoder's plausibility limits (see {@link DecodeOptions}); defaults when the {@code Job}
 * group is absent.
 */
public final class DecodeLimits implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How much of a too-large message its dead letter keeps. */
    public static final int DEAD_LETTER_PREFIX_BYTES = 4096;

    public final long minEventTime;
    public final long maxEventTimeAheadMillis;
    public final int maxMessageBytes;
    public final int maxTextLength;

    public DecodeLimits(
            long minEventTime, Duration maxEventTimeAhead, int maxMessageBytes, int maxTextLength) {
        this.minEventTime = minEventTime;
        this.maxEventTimeAheadMillis = maxEventTimeAhead.toMillis();
        this.maxMessageBytes = maxMessageBytes;
        this.maxTextLength = maxTextLength;
    }

    /** The defaults of {@link DecodeOptions}. */
    public static DecodeLimits defaults() {
        return fromConfiguration(new Configuration());
    }

    /** The limits of a {@code Job} group; fails naming the key when a value is out of range. */
    public static DecodeLimits fromConfiguration(ReadableConfig job) {
        String min = job.get(DecodeOptions.MIN_EVENT_TIME);
        long minMillis;
        try {
            minMillis = Instant.parse(min.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Job."
                            + DecodeOptions.MIN_EVENT_TIME.key()
                            + " must be an ISO-8601 instant such as 2000-01-01T00:00:00Z, got '"
                            + min
                            + "'");
        }
        Duration ahead = job.get(DecodeOptions.MAX_EVENT_TIME_AHEAD);
        if (ahead.isNegative()) {
            throw new IllegalArgumentException(
                    "Job."
                            + DecodeOptions.MAX_EVENT_TIME_AHEAD.key()
                            + " must not be negative, got "
                            + ahead);
        }
        long bytes = job.get(DecodeOptions.MAX_MESSAGE_BYTES).getBytes();
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "Job."
                            + DecodeOptions.MAX_MESSAGE_BYTES.key()
                            + " must be between 1 byte and 2 GB, got "
                            + bytes
                            + " bytes");
        }
        int text = job.get(DecodeOptions.MAX_TEXT_LENGTH);
        if (text < 1) {
            throw new IllegalArgumentException(
                    "Job."
                            + DecodeOptions.MAX_TEXT_LENGTH.key()
                            + " must be at least 1, got "
                            + text);
        }
        return new DecodeLimits(minMillis, ahead, (int) bytes, text);
    }

    /** The latest plausible event time at wall-clock time {@code now}. */
    public long maxEventTime(long now) {
        long max = now + maxEventTimeAheadMillis;
        return max < now ? Long.MAX_VALUE : max;
    }
}
