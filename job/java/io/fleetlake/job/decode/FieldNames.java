package io.fleetlake.job.decode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The field names the decoder gives a meaning to; every other field is a measure or an attribute.
 */
final class FieldNames {
    private FieldNames() {}

    /** Fields that identify the device, in order of preference. */
    static final List<String> DEVICE_ID =
            List.of(
                    "device_id",
                    "deviceId",
                    "sensor-id",
                    "sensor_id",
                    "sensorId",
                    "thingName",
                    "thing_name",
                    "thingnm");

    /** Fields that name the thing. */
    static final List<String> THING_NAME = List.of("thingName", "thing_name", "thingnm");

    /** Fields that carry the event time, in order of preference. */
    static final List<String> TIME =
            List.of("timestamp", "time", "ts", "event_time", "eventTime", "bctime");

    /** Fields that carry the time of a {@code {ts,value}} array element. */
    static final List<String> ELEMENT_TIME = List.of("ts", "timestamp", "time");

    /** IoT rule context fields ({@code SELECT topic() AS thetopic, topic(3) AS thingnm, *}). */
    static final String RULE_TOPIC = "thetopic";

    /** Breadcrumb fields: never measures, never reading attributes. */
    static final Set<String> POSITION =
            Set.of(
                    "location",
                    "lat",
                    "lon",
                    "lng",
                    "latitude",
                    "longitude",
                    "speed",
                    "heading",
                    "ignition",
                    "address");

    static final List<String> LATITUDE = List.of("lat", "latitude");
    static final List<String> LONGITUDE = List.of("lon", "lng", "longitude");

    /** Version fields: never measures. */
    static final Set<String> VERSION = Set.of("version", "shadowVersion", "shadow_version");

    private static final Set<String> NOT_MEASURE_OR_ATTRIBUTE = union();

    private static Set<String> union() {
        Set<String> all = new HashSet<>(POSITION);
        all.addAll(VERSION);
        all.addAll(TIME);
        all.addAll(DEVICE_ID);
        all.add(RULE_TOPIC);
        return all;
    }

    /**
     * Fields with a meaning of their own (position, version, time, identity, rule topic): never a
     * measure or an attribute.
     */
    static boolean isNotMeasureOrAttribute(String name) {
        return NOT_MEASURE_OR_ATTRIBUTE.contains(name);
    }

    /**
     * Identifier-like fields (rowid, id, serial_id, messageId...) are attributes even when numeric.
     */
    static boolean isIdLike(String name) {
        int n = name.length();
        return name.equalsIgnoreCase("id")
                || name.equalsIgnoreCase("rowid")
                || endsWithIgnoreCase(name, "_id")
                || endsWithIgnoreCase(name, "-id")
                || (name.endsWith("Id") && n > 2)
                || name.equalsIgnoreCase("serial")
                || name.equalsIgnoreCase("serialnumber");
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
