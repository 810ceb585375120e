package io.fleetlake.connectors.timestream;

import java.io.Serializable;
import java.util.Objects;

/**
 * A record Timestream refused for good (rejected with a reason, or failing validation on its own),
 * as handed to the sink's rejected-record output. Version conflicts with an equal or newer existing
 * version are not rejections: the record (or a newer one) is already stored.
 */
public final class RejectedRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Why the record was not stored. */
    public enum Kind {
        /** Refused for good (bad value, outside the retention window, ...). */
        REJECTED,
        /**
         * A different value is already stored under the same dimensions, measure and time with an
         * equal or newer version (an identical replay is accepted by Timestream, never listed).
         */
        CONFLICT,
        /** Not taken within {@code retry-duration} (throttling, 5xx, network): re-sendable. */
        UNAVAILABLE
    }

    private final TimestreamRecord record;
    private final String reason;
    private final Long existingVersion;
    private final long rejectedAt;
    private final Kind kind;

    public RejectedRecord(
            TimestreamRecord record, String reason, Long existingVersion, long rejectedAt) {
        this(record, reason, existingVersion, rejectedAt, Kind.REJECTED);
    }

    public RejectedRecord(
            TimestreamRecord record,
            String reason,
            Long existingVersion,
            long rejectedAt,
            Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.record = Objects.requireNonNull(record, "record");
        this.reason = reason == null ? "rejected without a reason" : reason;
        this.existingVersion = existingVersion;
        this.rejectedAt = rejectedAt;
    }

    public TimestreamRecord record() {
        return record;
    }

    /** Timestream's reason (or the validation message), as returned by the service. */
    public String reason() {
        return reason;
    }

    /** The version Timestream already holds for this record, when it reported one; else null. */
    public Long existingVersion() {
        return existingVersion;
    }

    public Kind kind() {
        return kind;
    }

    /** When the sink learnt of the rejection, epoch milliseconds. */
    public long rejectedAt() {
        return rejectedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RejectedRecord)) {
            return false;
        }
        RejectedRecord r = (RejectedRecord) o;
        return rejectedAt == r.rejectedAt
                && kind == r.kind
                && record.equals(r.record)
                && reason.equals(r.reason)
                && Objects.equals(existingVersion, r.existingVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(record, reason);
    }

    @Override
    public String toString() {
        return "RejectedRecord{"
                + kind
                + " "
                + reason
                + " existingVersion="
                + existingVersion
                + " "
                + record
                + "}";
    }
}
