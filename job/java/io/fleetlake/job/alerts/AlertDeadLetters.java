package io.fleetlake.job.alerts;

import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.DeadLetterReason;
import java.nio.charset.StandardCharsets;

/**
 * Dead letters for alerts that could not be delivered: the alert's JSON, where it was going, and
 * why.
 */
public final class AlertDeadLetters {
    private AlertDeadLetters() {}

    /** A {@code alert_delivery_failed} dead letter, received now, with origin {@code target}. */
    public static DeadLetter of(Alert alert, String target, String detail) {
        return of(alert.alertId + "-" + alert.state, AlertJson.toJson(alert), target, detail);
    }

    /**
     * The same for an alert already in its JSON form, named by {@code key} (alert id and state).
     */
    public static DeadLetter of(String key, String json, String target, String detail) {
        DeadLetter d = new DeadLetter();
        d.receivedAt = System.currentTimeMillis();
        d.source = "alerts";
        d.origin = target;
        d.reasonCode = DeadLetterReason.ALERT_DELIVERY_FAILED.code();
        d.reason = d.reasonCode + ": " + key + " to " + target + ": " + detail;
        d.setPayload(json.getBytes(StandardCharsets.UTF_8));
        return d;
    }
}
