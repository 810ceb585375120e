package io.fleetlake.job.alerts;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.configuration.description.TextElement;

/** When the alert rules look at an input ({@code Alerts.evaluation}). */
public enum AlertEvaluation implements DescribedEnum {
    /** As it arrives, per device in event-time order; older inputs are skipped and counted. */
    ON_ARRIVAL("on-arrival", "evaluate each device's inputs as they arrive"),
    /** When the watermark passes it, in event-time order. */
    EVENT_TIME("event-time", "evaluate inputs in event-time order once the watermark passes them");

    private final String key;
    private final String description;

    AlertEvaluation(String key, String description) {
        this.key = key;
        this.description = description;
    }

    @Override
    public String toString() {
        return key;
    }

    @Override
    public InlineElement getDescription() {
        return TextElement.text(description);
    }
}
