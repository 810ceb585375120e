package io.fleetlake.job.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** One vehicle position report. A row of the lake table {@code breadcrumbs}. */
@TypeInfo(BreadcrumbTypeInfoFactory.class)
public class Breadcrumb {
    public String thingName;
    public String deviceId;
    public String topic;

    /** Event time, epoch milliseconds UTC. */
    public long eventTime;

    public double lat;
    public double lon;

    /** km/h as reported; null when the message had none. */
    public Double speed;

    public String heading;
    public Boolean ignition;
    public String address;

    /** The shadow document's version, when the message was a shadow document. */
    public Long shadowVersion;

    /** Geohash cell of the position (precision {@code Job.geohash-precision}). */
    public String geohash;

    /** Registry attributes, filled by enrichment. */
    public Map<String, String> attributes = new HashMap<>();

    public String source;
    public String origin;

    public Breadcrumb() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Breadcrumb)) {
            return false;
        }
        Breadcrumb b = (Breadcrumb) o;
        return eventTime == b.eventTime
                && Double.compare(lat, b.lat) == 0
                && Double.compare(lon, b.lon) == 0
                && Objects.equals(thingName, b.thingName)
                && Objects.equals(deviceId, b.deviceId)
                && Objects.equals(topic, b.topic)
                && Objects.equals(speed, b.speed)
                && Objects.equals(heading, b.heading)
                && Objects.equals(ignition, b.ignition)
                && Objects.equals(address, b.address)
                && Objects.equals(shadowVersion, b.shadowVersion)
                && Objects.equals(geohash, b.geohash)
                && Objects.equals(attributes, b.attributes)
                && Objects.equals(source, b.source)
                && Objects.equals(origin, b.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(thingName, eventTime, lat, lon);
    }

    @Override
    public String toString() {
        return "Breadcrumb{"
                + thingName
                + " t="
                + eventTime
                + " "
                + lat
                + ","
                + lon
                + " speed="
                + speed
                + " heading="
                + heading
                + " ignition="
                + ignition
                + " v="
                + shadowVersion
                + "}";
    }
}
