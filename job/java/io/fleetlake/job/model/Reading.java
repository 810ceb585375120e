package io.fleetlake.job.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One sensor reading: a device's measures at one event time. A row of the lake table {@code
 * readings}.
 *
 * <p>Its {@link TypeInfo} declares the map fields' types so Flink serializes it as a POJO, never
 * with Kryo.
 */
@TypeInfo(ReadingTypeInfoFactory.class)
public class Reading {
    public String deviceId;
    public String thingName;
    public String topic;

    /** Event time, epoch milliseconds UTC. */
    public long eventTime;

    /** Celsius, if the message had a {@code temperature}. */
    public Double temperature;

    /** {@code temperature * 9 / 5 + 32}, computed by the pipeline. */
    public Double temperatureFahrenheit;

    public Double humidity;
    public Double pressure;

    /** Every numeric measure as received, including temperature, humidity and pressure. */
    public Map<String, Double> measures = new HashMap<>();

    /** The other scalar fields of the message (and, once enriched, registry attributes). */
    public Map<String, String> attributes = new HashMap<>();

    /** The source and origin of the message, kept for tracing and idempotent downstream writes. */
    public String source;

    public String origin;

    public Reading() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Reading)) {
            return false;
        }
        Reading r = (Reading) o;
        return eventTime == r.eventTime
                && Objects.equals(deviceId, r.deviceId)
                && Objects.equals(thingName, r.thingName)
                && Objects.equals(topic, r.topic)
                && Objects.equals(temperature, r.temperature)
                && Objects.equals(temperatureFahrenheit, r.temperatureFahrenheit)
                && Objects.equals(humidity, r.humidity)
                && Objects.equals(pressure, r.pressure)
                && Objects.equals(measures, r.measures)
                && Objects.equals(attributes, r.attributes)
                && Objects.equals(source, r.source)
                && Objects.equals(origin, r.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, eventTime, measures);
    }

    @Override
    public String toString() {
        return "Reading{"
                + deviceId
                + " thing="
                + thingName
                + " topic="
                + topic
                + " t="
                + eventTime
                + " temp="
                + temperature
                + " F="
                + temperatureFahrenheit
                + " measures="
                + measures
                + " attrs="
                + attributes
                + "}";
    }
}
