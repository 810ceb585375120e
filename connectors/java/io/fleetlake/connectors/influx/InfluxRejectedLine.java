package io.fleetlake.connectors.influx;

import java.util.Objects;

/**
 * A line the server refused for good (HTTP 400 naming it, or isolated by bisection), with the
 * server's words.
 */
public final class InfluxRejectedLine {
    private final InfluxLine line;
    private final String reason;
    private final long rejectedAt;

    public InfluxRejectedLine(InfluxLine line, String reason, long rejectedAt) {
        this.line = Objects.requireNonNull(line, "line");
        this.reason = reason == null ? "" : reason;
        this.rejectedAt = rejectedAt;
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
        return line.equals(r.line) && reason.equals(r.reason) && rejectedAt == r.rejectedAt;
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
