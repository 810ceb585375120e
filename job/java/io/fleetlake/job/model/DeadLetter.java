package io.fleetlake.job.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A message the pipeline could not turn into rows, with the reason. A row of the lake table {@code
 * dead_letter}; bad input always ends here, never in a job failure or a silent drop.
 */
public class DeadLetter {
    /**
     * When the source received the message, epoch milliseconds (the table is partitioned by it).
     */
    public long receivedAt;

    public String source;
    public String origin;

    /** Short machine-readable reason, e.g. {@code not_json}; see {@link DeadLetterReason}. */
    public String reasonCode;

    /** Human-readable reason with detail. */
    public String reason;

    /** The payload as text, or base64 when it is not valid UTF-8. */
    public String payload;

    /** {@code utf8} or {@code base64}. */
    public String payloadEncoding;

    public DeadLetter() {}

    /** A dead letter for a raw message. */
    public static DeadLetter of(RawMessage message, DeadLetterReason code, String detail) {
        DeadLetter d = new DeadLetter();
        d.receivedAt = message.arrivalTime;
        d.source = message.source;
        d.origin = message.origin;
        d.reasonCode = code.code();
        d.reason = detail == null || detail.isEmpty() ? code.code() : code.code() + ": " + detail;
        d.setPayload(message.payload);
        return d;
    }

    /** Stores bytes as UTF-8 text when they are valid UTF-8, otherwise as base64. */
    public void setPayload(byte[] bytes) {
        if (bytes == null) {
            payload = null;
            payloadEncoding = "utf8";
            return;
        }
        try {
            payload =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
            payloadEncoding = "utf8";
        } catch (CharacterCodingException e) {
            payload = Base64.getEncoder().encodeToString(bytes);
            payloadEncoding = "base64";
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter d = (DeadLetter) o;
        return receivedAt == d.receivedAt
                && Objects.equals(source, d.source)
                && Objects.equals(origin, d.origin)
                && Objects.equals(reasonCode, d.reasonCode)
                && Objects.equals(reason, d.reason)
                && Objects.equals(payload, d.payload)
                && Objects.equals(payloadEncoding, d.payloadEncoding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(receivedAt, origin, reason);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + origin + " " + reason + "}";
    }
}
