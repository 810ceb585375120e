package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.job.model.DeadLetterReason;

/**
 * The event time of a document: the first time field of the reported state, then of the document (a
 * shadow document's own timestamp). A field holding JSON {@code null} counts as absent (as an empty
 * CSV cell does); any other value that is not a time ({@code ""}, {@code true}, an object, {@code
 * "yesterday"}) is {@link DeadLetterReason#BAD_TIMESTAMP}, and a time outside the plausible range
 * {@link DeadLetterReason#IMPLAUSIBLE_TIME}. Whether the arrival time may stand in for a missing
 * one is the row builder's decision ({@link RowBuilder}).
 */
final class EventTimeRule implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final DecodeLimits limits;

    EventTimeRule(DecodeLimits limits) {
        this.limits = limits;
    }

    /** The document's event time in epoch ms, or null when it has none. */
    Long messageTime(ShadowEnvelope doc, long now) {
        JsonNode t = doc.body.firstPresent(FieldNames.TIME);
        if (t == null && doc.isEnvelope()) {
            t = doc.root.firstPresent(FieldNames.TIME);
        }
        if (t == null) {
            return null;
        }
        long time;
        try {
            time = EventTimes.parse(t);
        } catch (IllegalArgumentException e) {
            throw new Rejected(DeadLetterReason.BAD_TIMESTAMP, e.getMessage());
        }
        checkPlausible(time, now, "event time");
        return time;
    }

    /**
     * Rejects a time before {@code Job.min-event-time} or more than {@code
     * Job.max-event-time-ahead} from now.
     */
    void checkPlausible(long time, long now, String what) {
        if (time < limits.minEventTime) {
            throw new Rejected(
                    DeadLetterReason.IMPLAUSIBLE_TIME,
                    what
                            + " "
                            + EventTimes.formatIso(time)
                            + " is before Job.min-event-time "
                            + EventTimes.formatIso(limits.minEventTime));
        }
        long max = limits.maxEventTime(now);
        if (time > max) {
            // The limit moves with the clock: say what it is, not when it was checked, so the
            // reason is stable.
            throw new Rejected(
                    DeadLetterReason.IMPLAUSIBLE_TIME,
                    what
                            + " "
                            + EventTimes.formatIso(time)
                            + " is more than Job.max-event-time-ahead ("
                            + java.time.Duration.ofMillis(limits.maxEventTimeAheadMillis)
                            + ") after the time it was decoded");
        }
    }
}
