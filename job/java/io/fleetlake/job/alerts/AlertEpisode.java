package io.fleetlake.job.alerts;

/**
 * Keyed state of one rule (or one rule and fence) on one device: a candidate episode waiting for
 * its min-duration, or an open alert. A POJO so Flink serializes it without Kryo and can evolve it.
 */
public class AlertEpisode {
    /** Event time the condition started to hold. */
    public long start;

    /** True once the alert was emitted as open. */
    public boolean open;

    /** Peak value seen during the episode. */
    public Double peak;

    /** Threshold in effect at the start. */
    public Double threshold;

    /** Where the threshold came from: registry or rule. */
    public String thresholdSource;

    public Double lat;
    public Double lon;
    public String thingName;

    public AlertEpisode() {}
}
