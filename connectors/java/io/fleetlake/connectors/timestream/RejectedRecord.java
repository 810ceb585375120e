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

    private final TimestreamRecord record;
    private final String reason;
    private final Long existingVersion;
    private final long rejectedAt;

    public RejectedRecord(
            TimestreamRecord record, String reason, Long existingVersion, long rejectedAt) {
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
                + reason
                + " existingVersion="
                + existingVersion
                + " "
                + record
                + "}";
    }
}
