package io.fleetlake.job.alerts;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the alert rules look at, from a breadcrumb or a reading of one device: position and speed,
 * measures, and the registry attributes that carry per-device thresholds.
 */
@TypeInfo(AlertInputTypeInfoFactory.class)
public class AlertInput {
    public String deviceId;
    public String thingName;
    public long eventTime;

    /** Position (breadcrumbs only). */
    public Double lat;

    public Double lon;

    /** km/h (breadcrumbs only). */
    public Double speed;

    /** Numeric measures (readings only). */
    public Map<String, Double> measures = new HashMap<>();

    /** Registry attributes (and other scalar fields). */
    public Map<String, String> attributes = new HashMap<>();

    public AlertInput() {}

    /** The alert view of a breadcrumb. */
    public static AlertInput of(Breadcrumb b) {
        AlertInput in = new AlertInput();
        in.deviceId = b.deviceId != null ? b.deviceId : b.thingName;
        in.thingName = b.thingName;
        in.eventTime = b.eventTime;
        in.lat = b.lat;
        in.lon = b.lon;
        in.speed = b.speed;
        in.attributes = b.attributes == null ? new HashMap<>() : b.attributes;
        return in;
    }

    /** The alert view of a reading. */
    public static AlertInput of(Reading r) {
        AlertInput in = new AlertInput();
        in.deviceId = r.deviceId;
        in.thingName = r.thingName;
        in.eventTime = r.eventTime;
        in.measures = r.measures == null ? new HashMap<>() : r.measures;
        in.attributes = r.attributes == null ? new HashMap<>() : r.attributes;
        return in;
    }

    /**
     * The alert view of a reading with only the measures and attributes named (those the rules
     * read), so the shuffle to the detector carries nothing the rules ignore.
     */
    public static AlertInput of(Reading r, String[] measures, String[] attributes) {
        AlertInput in = new AlertInput();
        in.deviceId = r.deviceId;
        in.thingName = r.thingName;
        in.eventTime = r.eventTime;
        in.measures = only(r.measures, measures);
        in.attributes = only(r.attributes, attributes);
        return in;
    }

    /** The alert view of a breadcrumb with only the attributes named. */
    public static AlertInput of(Breadcrumb b, String[] attributes) {
        AlertInput in = of(b);
        in.attributes = only(b.attributes, attributes);
        return in;
    }

    private static <V> Map<String, V> only(Map<String, V> all, String[] keys) {
        Map<String, V> kept = new HashMap<>(keys.length * 2);
        if (all != null) {
            for (String k : keys) {
                V v = all.get(k);
                if (v != null) {
                    kept.put(k, v);
                }
            }
        }
        return kept;
    }

    @Override
    public String toString() {
        return "AlertInput{"
                + deviceId
                + " t="
                + eventTime
                + " speed="
                + speed
                + " "
                + lat
                + ","
                + lon
                + " "
                + measures
                + "}";
    }
}
