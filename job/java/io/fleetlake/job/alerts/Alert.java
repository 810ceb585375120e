package io.fleetlake.job.alerts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One state change of an alert episode: written when it opens and again when it closes (two rows
 * with the same {@link #alertId}; readers keep the latest). A row of the lake table {@code alerts},
 * and what delivery sends.
 */
@TypeInfo(AlertTypeInfoFactory.class)
public class Alert {
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    /**
     * Deterministic: a name-based UUID of (rule key, device, opening event time); a replay gives
     * the same id.
     */
    public String alertId;

    /** The rule's name (for a geofence rule: {@code rule/fence}). */
    public String rule;

    /** speeding, temperature, silent or geofence. */
    public String type;

    public String deviceId;
    public String thingName;

    /** {@link #OPEN} or {@link #CLOSED}. */
    public String state;

    /** Event time the episode started, epoch ms UTC. */
    public long openedAt;

    /** Event time it ended; null while open. */
    public Long closedAt;

    /** {@code (closedAt - openedAt) / 1000}; null while open. */
    public Double durationS;

    /** Peak value of the episode (speed, temperature); null for silent and geofence. */
    public Double value;

    /** The threshold in effect (registry attribute or the rule's). */
    public Double threshold;

    /** Position at the opening (or last known), when the device reports one. */
    public Double lat;

    public Double lon;

    /** Rule-specific detail: fence, measure, threshold source, last seen time, ... */
    public Map<String, String> details = new LinkedHashMap<>();

    public Alert() {}

    /**
     * The id of the episode of {@code ruleKey} on {@code deviceId} that opened at {@code openedAt}.
     */
    public static String idOf(String ruleKey, String deviceId, long openedAt) {
        String name = ruleKey + '\u0000' + deviceId + '\u0000' + openedAt;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Event time of this row's state change: the opening, or the closing. */
    public long changedAt() {
        return closedAt != null ? closedAt : openedAt;
    }

    public boolean isOpen() {
        return OPEN.equals(state);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Alert)) {
            return false;
        }
        Alert a = (Alert) o;
        return openedAt == a.openedAt
                && Objects.equals(alertId, a.alertId)
                && Objects.equals(rule, a.rule)
                && Objects.equals(type, a.type)
                && Objects.equals(deviceId, a.deviceId)
                && Objects.equals(thingName, a.thingName)
                && Objects.equals(state, a.state)
                && Objects.equals(closedAt, a.closedAt)
                && Objects.equals(durationS, a.durationS)
                && Objects.equals(value, a.value)
                && Objects.equals(threshold, a.threshold)
                && Objects.equals(lat, a.lat)
                && Objects.equals(lon, a.lon)
                && Objects.equals(details, a.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId, state);
    }

    @Override
    public String toString() {
        return "Alert{"
                + state
                + " "
                + rule
                + " "
                + deviceId
                + " opened="
                + openedAt
                + " closed="
                + closedAt
                + " value="
                + value
                + " threshold="
                + threshold
                + " id="
                + alertId
                + "}";
    }
}
