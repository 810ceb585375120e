package io.fleetlake.job.simulator;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the built-in fleet simulator (property group {@code Source.Simulator}), read by
 * {@link FleetSimulator#fromConfiguration}. The declaration order is the configuration reference's.
 */
public final class SimulatorOptions {
    private SimulatorOptions() {}

    public static final ConfigOption<Long> EVENTS =
            ConfigOptions.key("events")
                    .longType()
                    .defaultValue(-1L)
                    .withDescription("Number of events to generate; -1 runs until stopped.");
    public static final ConfigOption<Double> RATE =
            ConfigOptions.key("rate")
                    .doubleType()
                    .defaultValue(20.0)
                    .withDescription(
                            "Events per second of event time. Unbounded runs are throttled to it (real time); "
                                    + "bounded runs generate as fast as possible with event times 1/rate apart.");
    public static final ConfigOption<Integer> VEHICLES =
            ConfigOptions.key("vehicles")
                    .intType()
                    .defaultValue(30)
                    .withDescription(
                            "Vehicles (every 4th a refrigerated truck, every 7th a speeder).");
    public static final ConfigOption<Integer> SENSORS =
            ConfigOptions.key("sensors")
                    .intType()
                    .defaultValue(12)
                    .withDescription(
                            "Fixed sensors (telemetry, measures and aggregated-array shapes in turn).");
    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription(
                            "Random seed; the same seed, start time and counts give the same events.");
    public static final ConfigOption<String> START_TIME =
            ConfigOptions.key("start-time")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Event time of the first event (ISO-8601 or epoch ms). Unset: when the job starts.");
    public static final ConfigOption<Double> MALFORMED_RATIO =
            ConfigOptions.key("malformed-ratio")
                    .doubleType()
                    .defaultValue(0.002)
                    .withDescription(
                            "Share of events sent truncated, as flaky devices do (they go to dead_letter).");
}
