package io.fleetlake.job.topk;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The {@code TopK} group's settings ({@link TopKOptions}): the specs in effect and the event-time
 * bounds.
 */
public final class TopKSettings {
    private final List<TopKSpec> specs;
    private final Duration allowedLateness;
    private final Duration idleTimeout;
    private final int printRows;

    private TopKSettings(
            List<TopKSpec> specs, Duration allowedLateness, Duration idleTimeout, int printRows) {
        this.specs = specs;
        this.allowedLateness = allowedLateness;
        this.idleTimeout = idleTimeout;
        this.printRows = printRows;
    }

    /**
     * Reads the {@link TopKOptions}; fails on a bad spec, naming it, or on a bad value, naming the
     * key.
     */
    public static TopKSettings fromConfiguration(ReadableConfig config) {
        List<TopKSpec> specs =
                config.get(TopKOptions.ENABLED)
                        ? TopKSpec.parseList(config.get(TopKOptions.SPECS))
                        : List.of();
        Duration lateness = config.get(TopKOptions.ALLOWED_LATENESS);
        Duration idle = config.get(TopKOptions.IDLE_TIMEOUT);
        if (lateness.isNegative()) {
            throw new IllegalArgumentException(
                    "'" + TopKOptions.ALLOWED_LATENESS.key() + "' must not be negative");
        }
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException(
                    "'" + TopKOptions.IDLE_TIMEOUT.key() + "' must be positive");
        }
        int printRows = config.get(TopKOptions.PRINT_ROWS);
        if (printRows < 0) {
            throw new IllegalArgumentException(
                    "'" + TopKOptions.PRINT_ROWS.key() + "' must not be negative");
        }
        return new TopKSettings(specs, lateness, idle, printRows);
    }

    /** The specs in effect (none when disabled). */
    public List<TopKSpec> specs() {
        return specs;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Ranks printed per closed window; 0: none. */
    public int printRows() {
        return printRows;
    }
}
