package io.fleetlake.job.alerts;

/**
 * Keyed state per device: when it last sent (event time), its last known position, and the timers
 * pending for it. A POJO, so fields can be added without breaking restored state.
 */
public class DeviceState {
    /**
     * Event time of the newest input evaluated; null before the first. Inputs older than this are
     * behind what was already decided for the device (also after a restore) and are not evaluated.
     */
    public Long lastSeen;

    public Double lat;
    public Double lon;
    public String thingName;

    /** The pending event-time check (silent deadline or state horizon); null: none. */
    public Long nextCheck;

    /** The pending processing-time check of the silent fallback; null: none. */
    public Long fallbackAt;

    public DeviceState() {}
}
