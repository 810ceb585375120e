package io.fleetlake.job.topk;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the TOP-K feature (property group {@code TopK}), read by {@link
 * TopKSettings#fromConfiguration}. The declaration order is the configuration reference's.
 */
public final class TopKOptions {
    private TopKOptions() {}

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Compute the TOP-K specs into the topk table.");
    public static final ConfigOption<String> SPECS =
            ConfigOptions.key("specs")
                    .stringType()
                    .defaultValue(TopKSpec.DEFAULTS_JSON)
                    .withDescription(
                            "JSON array of specs {name, table (breadcrumbs|readings), item, filter?, k (1..100000), "
                                    + "window (1 s..3600 s)}; see docs/features/topk.md.");
    public static final ConfigOption<Duration> ALLOWED_LATENESS =
            ConfigOptions.key("allowed-lateness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Out-of-orderness the watermark waits for; later events still go to the lake, are "
                                    + "counted as lateEvents, and do not change closed windows.");
    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "A source split (shard, file, subtask) silent this long stops holding the watermark back.");
    public static final ConfigOption<Integer> PRINT_ROWS =
            ConfigOptions.key("print-rows")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Print ranks 1..N of each closed window to stdout (./fleetlake: 3).");
}
