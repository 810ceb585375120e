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
