package io.fleetlake.job.model;

/**
 * How a message reached the job, which decides what its arrival time and origin may stand in for.
 * Set by the source that made the {@link RawMessage}; the decoder never guesses it from the
 * source's name.
 */
public enum Delivery {
    /**
     * Sent by a device moments ago (Kinesis, MQTT, the simulator): when it has no event time of its
     * own, its arrival time stands in for one.
     */
    LIVE,
    /**
     * Replayed from a file (backfill): the time a file is read says nothing about its rows, so a
     * row needs its own event time; a file name may name the device of a historian export that has
     * no device column.
     */
    FILE
}
