package io.fleetlake.job.decode;

import io.fleetlake.connectors.kinesis.KplAggregation;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.RawMessage;
import java.util.Arrays;

/**
 * What can be told from a message's bytes before reading them: empty, larger than {@code
 * Job.max-message-bytes}, or a damaged KPL aggregate. Each gives the dead letter, or null when the
 * payload may be decoded.
 */
final class PayloadChecks {
    private PayloadChecks() {}

    static DeadLetter empty(RawMessage message) {
        if (message.payload == null || message.payload.length == 0 || isBlank(message.payload)) {
            return DeadLetter.of(message, DeadLetterReason.EMPTY, "empty payload");
        }
        return null;
    }

    /**
     * Too large: the dead letter keeps only the first {@link DecodeLimits#DEAD_LETTER_PREFIX_BYTES}
     * bytes.
     */
    static DeadLetter tooLarge(RawMessage message, DecodeLimits limits) {
        int n = message.payload.length;
        if (n <= limits.maxMessageBytes) {
            return null;
        }
        int keep =
                utf8Boundary(message.payload, Math.min(n, DecodeLimits.DEAD_LETTER_PREFIX_BYTES));
        DeadLetter d =
                DeadLetter.of(
                        message,
                        DeadLetterReason.TOO_LARGE,
                        "message of "
                                + n
                                + " bytes is larger than Job.max-message-bytes ("
                                + limits.maxMessageBytes
                                + "); the first "
                                + keep
                                + " bytes are kept here");
        d.setPayload(Arrays.copyOf(message.payload, keep));
        return d;
    }

    /**
     * Kinesis consumers pass a damaged KPL aggregate through as one plain record; its binary body
     * must not be read as lines of JSON (its user records are embedded verbatim).
     */
    static DeadLetter damagedAggregate(RawMessage message) {
        String problem = KplAggregation.describe(message.payload);
        return problem == null
                ? null
                : DeadLetter.of(message, DeadLetterReason.CORRUPT_AGGREGATE, problem);
    }

    /**
     * {@code length}, moved back so that it does not split a UTF-8 sequence (a cut one would read
     * as binary).
     */
    static int utf8Boundary(byte[] b, int length) {
        int end = length;
        if (end < b.length) {
            int back = 0;
            while (end > 0 && back < 4 && (b[end] & 0xc0) == 0x80) {
                end--;
                back++;
            }
        }
        return end;
    }

    private static boolean isBlank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
