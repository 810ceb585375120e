package io.fleetlake.connectors.timestream;

/**
 * A Timestream write failure that retrying cannot fix; it fails the job with a message saying what
 * to change.
 */
public final class TimestreamSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimestreamSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
