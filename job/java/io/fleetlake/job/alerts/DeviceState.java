package io.fleetlake.job.alerts;

/** Keyed state per device: when it last sent (event time) and its last known position. */
public class DeviceState {
    /** Event time of the latest event processed; null before the first. */
    public Long lastSeen;

    public Double lat;
    public Double lon;
    public String thingName;

    public DeviceState() {}
}
