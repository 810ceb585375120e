package io.fleetlake.connectors.influx;

/**
 * The Influx sink cannot go on (refused credentials, missing database or bucket, wrong URL): fails
 * the job.
 */
public final class InfluxSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InfluxSinkException(String message) {
        super(message);
    }
}
