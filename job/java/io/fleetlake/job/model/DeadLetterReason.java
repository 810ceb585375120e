package io.fleetlake.job.model;

/**
 * Why a message went to {@code dead_letter}. The code is stable: dashboards and queries filter on
 * it.
 */
public enum DeadLetterReason {
    /** Bytes are not JSON (or are truncated JSON). */
    NOT_JSON,
    /** Valid JSON, but not an object. */
    NOT_AN_OBJECT,
    /** A CSV row that does not parse against its header. */
    BAD_CSV,
    /**
     * A timestamp field is present but not a time: in no known form, {@code true}, an object,
     * {@code ""}.
     */
    BAD_TIMESTAMP,
    /** A time outside {@code Job.min-event-time} .. now + {@code Job.max-event-time-ahead}. */
    IMPLAUSIBLE_TIME,
    /**
     * A row from a file with no event time of its own (a file's read time says nothing about its
     * rows).
     */
    NO_TIMESTAMP,
    /** Text that is not valid UTF-8 (the bytes as received, before any decoding). */
    BAD_ENCODING,
    /**
     * A message over {@code Job.max-message-bytes} (the dead letter keeps only its first bytes), or
     * a text value (identifier, attribute, attribute name) over {@code Job.max-text-length}
     * characters.
     */
    TOO_LARGE,
    /** A position is present but not a valid latitude/longitude. */
    BAD_POSITION,
    /** An element of a {ts,value} array is not an object with a numeric value. */
    BAD_ARRAY_ELEMENT,
    /** An object with neither a position nor any numeric measure. */
    NO_POSITION_OR_MEASURE,
    /** Measures, but no device id in the payload, the topic or the file name. */
    NO_DEVICE_ID,
    /**
     * A KPL-aggregated Kinesis record that could not be de-aggregated (bad checksum, truncated).
     */
    CORRUPT_AGGREGATE,
    /** The message was empty. */
    EMPTY,
    /** A failure no rule above describes (a bug, reported rather than crashing the job). */
    UNEXPECTED,
    /**
     * Timestream refused the record for good (outside the retention window, bad value, ...); see
     * the reason.
     */
    TIMESTREAM_REJECTED,
    /**
     * InfluxDB refused the line for good (HTTP 400 naming it: parse error, type conflict, ...); see
     * the reason.
     */
    INFLUX_REJECTED,
    /**
     * InfluxDB did not take the line within {@code Influx.retry-duration} (5xx, 429, timeouts,
     * refused connections); the payload is the line protocol, re-sendable as is ({@code ./fleetlake
     * redrive --sink influx} re-sends the time range from the lake).
     */
    INFLUX_UNAVAILABLE,
    /**
     * Timestream did not take the record within {@code Timestream.retry-duration} (throttling, 5xx,
     * network); the payload is the record as JSON ({@code ./fleetlake redrive --sink timestream}).
     */
    TIMESTREAM_UNAVAILABLE,
    /**
     * Timestream already holds a different value for the record's dimensions, measure and time
     * (version = event time: an identical replay is accepted, a distinct reading at the same time
     * is not); the payload is the record as JSON.
     */
    TIMESTREAM_CONFLICT,
    /**
     * An alert could not be delivered (MQTT, SNS) after retries; the payload is the alert as JSON.
     */
    ALERT_DELIVERY_FAILED;

    /** The code as stored in {@code dead_letter.reason_code}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
