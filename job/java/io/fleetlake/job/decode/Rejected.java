package io.fleetlake.job.decode;

import io.fleetlake.job.model.DeadLetterReason;

/**
 * A field rule's verdict that a document cannot become rows: thrown by the rules, turned into a
 * dead letter by {@link MessageNormalizer}. No stack trace: it is a result, not a failure, and
 * hostile input makes many.
 */
final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final DeadLetterReason reason;

    Rejected(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }
}
