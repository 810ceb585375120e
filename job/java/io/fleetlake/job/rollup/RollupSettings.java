package io.fleetlake.job.rollup;

import io.fleetlake.job.lake.LakeTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/** The {@code Rollups} group's settings ({@link RollupOptions}). */
public final class RollupSettings {
    /** The rollup tables there are. */
    public static final List<String> ALL_TABLES =
            List.of(LakeTables.READINGS_1M, LakeTables.READINGS_1H, LakeTables.BREADCRUMBS_1M);

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final Set<String> tables;
    private final List<String> measures;
    private final Duration window;
    private final Duration coarseWindow;
    private final Duration allowedLateness;
    private final Duration stateHorizon;

    private RollupSettings(
            Set<String> tables,
            List<String> measures,
            Duration window,
            Duration coarseWindow,
            Duration allowedLateness,
            Duration stateHorizon) {
        this.tables = tables;
        this.measures = measures;
        this.window = window;
        this.coarseWindow = coarseWindow;
        this.allowedLateness = allowedLateness;
        this.stateHorizon = stateHorizon;
    }

    /** Reads the group; fails naming the key on a bad value. */
    public static RollupSettings fromConfiguration(ReadableConfig c) {
        Set<String> tables = new LinkedHashSet<>();
        if (c.get(RollupOptions.ENABLED)) {
            for (String t : c.get(RollupOptions.TABLES)) {
                String name = t.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (!ALL_TABLES.contains(name)) {
                    throw new IllegalArgumentException(
                            "'"
                                    + RollupOptions.TABLES.key()
                                    + "' in group 'Rollups': unknown table '"
                                    + name
                                    + "', expected some of "
                                    + ALL_TABLES);
                }
                tables.add(name);
            }
        }
        List<String> measures = new ArrayList<>();
        for (String m : c.get(RollupOptions.MEASURES)) {
            String name = m.trim();
            if (name.equals("*")) {
                measures.clear();
                break;
            }
            if (!name.isEmpty()) {
                measures.add(name);
            }
        }
        Duration window = c.get(RollupOptions.WINDOW);
        if (window.compareTo(Duration.ofSeconds(1)) < 0
                || window.compareTo(HOUR) > 0
                || HOUR.toMillis() % window.toMillis() != 0) {
            throw new IllegalArgumentException(
                    "'"
                            + RollupOptions.WINDOW.key()
                            + "' in group 'Rollups' must divide an hour (1 s..1 h), got "
                            + window);
        }
        Duration coarse = c.get(RollupOptions.COARSE_WINDOW);
        if (coarse.toMillis() % window.toMillis() != 0
                || coarse.compareTo(window) <= 0
                || coarse.compareTo(DAY) > 0
                || DAY.toMillis() % coarse.toMillis() != 0) {
            throw new IllegalArgumentException(
                    "'"
                            + RollupOptions.COARSE_WINDOW.key()
                            + "' in group 'Rollups' must be a multiple of 'window' that divides a day, got "
                            + coarse);
        }
        Duration lateness = nonNegative(c, RollupOptions.ALLOWED_LATENESS);
        Duration horizon = nonNegative(c, RollupOptions.STATE_HORIZON);
        return new RollupSettings(tables, List.copyOf(measures), window, coarse, lateness, horizon);
    }

    private static Duration nonNegative(ReadableConfig c, ConfigOption<Duration> option) {
        Duration d = c.get(option);
        if (d.isNegative()) {
            throw new IllegalArgumentException(
                    "'" + option.key() + "' in group 'Rollups' must not be negative");
        }
        return d;
    }

    /** The rollup tables to write (empty when disabled). */
    public Set<String> tables() {
        return tables;
    }

    /** True when the job writes this rollup table. */
    public boolean writes(String table) {
        return tables.contains(table);
    }

    /** The measures rolled up; empty: every one. */
    public List<String> measures() {
        return measures;
    }

    public Duration window() {
        return window;
    }

    public Duration coarseWindow() {
        return coarseWindow;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    /** How long a silent series or vehicle keeps its rollup state; zero: forever. */
    public Duration stateHorizon() {
        return stateHorizon;
    }
}
