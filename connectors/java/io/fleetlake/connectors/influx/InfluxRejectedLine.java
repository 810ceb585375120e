package io.fleetlake.connectors.influx;

import java.util.Objects;

/**
 * A line the server refused for good (HTTP 400 naming it, or isolated by bisection), with the
 * server's words; or, when {@link #unavailable()}, a line given up after {@code retry-duration}
 * because the server did not take it (5xx, 429, timeouts): the line itself is fine and may be
 * re-sent.
 */
public final class InfluxRejectedLine {
    private final InfluxLine line;
    private final String reason;
    private final long rejectedAt;
    private final boolean unavailable;

    public InfluxRejectedLine(InfluxLine line, String reason, long rejectedAt) {
        this(line, reason, rejectedAt, false);
    }

    public InfluxRejectedLine(
            InfluxLine line, String reason, long rejectedAt, boolean unavailable) {
        this.line = Objects.requireNonNull(line, "line");
        this.reason = reason == null ? "" : reason;
        this.rejectedAt = rejectedAt;
        this.unavailable = unavailable;
    }

    /** True when the line was given up because the server was unavailable, not refused. */
    public boolean unavailable() {
        return unavailable;
    }

    public InfluxLine line() {
        return line;
    }

    /** The server's message about this line (or its batch). */
    public String reason() {
        return reason;
    }

    /** When the sink learnt of the rejection, epoch ms. */
    public long rejectedAt() {
        return rejectedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InfluxRejectedLine)) {
            return false;
        }
        InfluxRejectedLine r = (InfluxRejectedLine) o;
        return line.equals(r.line)
                && reason.equals(r.reason)
                && rejectedAt == r.rejectedAt
                && unavailable == r.unavailable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, reason);
    }

    @Override
    public String toString() {
        return "InfluxRejectedLine{" + reason + " " + line + "}";
    }
}
