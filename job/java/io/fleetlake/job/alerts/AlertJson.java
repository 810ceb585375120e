package io.fleetlake.job.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON form of an alert that MQTT and SNS deliver (and dead letters keep): the lake's column
 * names.
 */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    /** The alert as a JSON object; times as ISO-8601 UTC. */
    public static String toJson(Alert a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("alert_id", a.alertId);
        n.put("rule", a.rule);
        n.put("type", a.type);
        n.put("device_id", a.deviceId);
        n.put("thing_name", a.thingName);
        n.put("state", a.state);
        n.put("opened_at", Instant.ofEpochMilli(a.openedAt).toString());
        if (a.closedAt != null) {
            n.put("closed_at", Instant.ofEpochMilli(a.closedAt).toString());
            n.put("duration_s", a.durationS);
        }
        if (a.value != null) {
            n.put("value", a.value);
        }
        if (a.threshold != null) {
            n.put("threshold", a.threshold);
        }
        if (a.lat != null && a.lon != null) {
            n.put("lat", a.lat);
            n.put("lon", a.lon);
        }
        ObjectNode details = n.putObject("details");
        if (a.details != null) {
            for (Map.Entry<String, String> e : a.details.entrySet()) {
                details.put(e.getKey(), e.getValue());
            }
        }
        return n.toString();
    }

    public static byte[] toBytes(Alert a) {
        return toJson(a).getBytes(StandardCharsets.UTF_8);
    }

    /** A one-line summary for people: the console, an SNS subject. */
    public static String summary(Alert a) {
        String who = a.thingName != null ? a.thingName : a.deviceId;
        StringBuilder sb = new StringBuilder();
        sb.append(a.isOpen() ? "OPEN   " : "CLOSED ").append(a.rule).append(' ').append(who);
        if (a.value != null) {
            sb.append(String.format(java.util.Locale.ROOT, " peak %.1f", a.value));
        }
        if (a.threshold != null) {
            sb.append(String.format(java.util.Locale.ROOT, " > %.1f", a.threshold));
        }
        sb.append(" since ").append(Instant.ofEpochMilli(a.openedAt));
        if (a.durationS != null) {
            sb.append(String.format(java.util.Locale.ROOT, " for %.0f s", a.durationS));
        }
        return sb.toString();
    }
}
