package io.fleetlake.connectors.timestream;

import java.io.Serializable;

/**
 * Turns a {@link RejectedRecord} into the application's own type (for Fleetlake, a dead-letter
 * row). The connector never knows what the application makes of a rejection. Must be serializable:
 * it runs in the task managers.
 *
 * @param <OUT> the application's type for a rejected record
 */
@FunctionalInterface
public interface RejectedRecordConverter<OUT> extends Serializable {
    OUT convert(RejectedRecord rejected);
}
