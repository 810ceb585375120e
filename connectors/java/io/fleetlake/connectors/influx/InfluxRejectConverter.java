package io.fleetlake.connectors.influx;

import java.io.Serializable;

/**
 * Turns a rejected line into the application's own type (for Fleetlake, a dead-letter row). Runs in
 * the task managers, so it must be serializable.
 *
 * @param <OUT> the application's type for a rejected line
 */
@FunctionalInterface
public interface InfluxRejectConverter<OUT> extends Serializable {
    OUT convert(InfluxRejectedLine rejected);
}
