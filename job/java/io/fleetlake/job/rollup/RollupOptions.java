package io.fleetlake.job.rollup;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the rollup tables (property group {@code Rollups}), read by {@link
 * RollupSettings#fromConfiguration}. The declaration order is the configuration reference's.
 */
public final class RollupOptions {
    private RollupOptions() {}

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Write the rollup tables (per-minute and per-hour statistics in event time).");
    public static final ConfigOption<List<String>> TABLES =
            ConfigOptions.key("tables")
                    .stringType()
                    .asList()
                    .defaultValues("readings_1m", "readings_1h", "breadcrumbs_1m")
                    .withDescription(
                            "';'-separated rollup tables to write: readings_1m, readings_1h (derived from the "
                                    + "minutes), breadcrumbs_1m.");
    public static final ConfigOption<List<String>> MEASURES =
            ConfigOptions.key("measures")
                    .stringType()
                    .asList()
                    .defaultValues("*")
                    .withDescription(
                            "';'-separated measures rolled up into readings_1m/_1h; '*': every numeric measure, "
                                    + "temperature_fahrenheit included.");
    public static final ConfigOption<Duration> WINDOW =
            ConfigOptions.key("window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "Window of readings_1m and breadcrumbs_1m (divides an hour: 1 s..1 h).");
    public static final ConfigOption<Duration> COARSE_WINDOW =
            ConfigOptions.key("coarse-window")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "Window of readings_1h, a multiple of 'window' (up to 1 day, dividing a day).");
    public static final ConfigOption<Duration> ALLOWED_LATENESS =
            ConfigOptions.key("allowed-lateness")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "How long a window stays open after the watermark (itself TopK.allowed-lateness "
                                    + "behind the newest event) passes its end; later events are counted as "
                                    + "rollupLateEvents and never change a written row.");
    public static final ConfigOption<Duration> STATE_HORIZON =
            ConfigOptions.key("state-horizon")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "A series or vehicle with no new window for this long (event time) is retired: its "
                                    + "rollup state is dropped, and a vehicle's next position starts a new track "
                                    + "(0: never).");
}
