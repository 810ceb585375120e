package io.fleetlake.connectors.files;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the file source (property group {@code Source.Files}), read by {@link
 * FileSourceSettings#fromConfiguration}. The declaration order is the configuration reference's.
 */
public final class FileSourceOptions {
    private FileSourceOptions() {}

    /**
     * What a bounded backfill does with the lake files an earlier backfill of the same input wrote.
     */
    public enum BackfillMode {
        /** Stage the run, then replace the files of the previous run of the same input. */
        REPLACE,
        /** Write straight into the lake. */
        APPEND;

        @Override
        public String toString() {
            // As users write it (Flink matches enum values case-insensitively).
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File or directory (recursive), local or s3://; reads *.jsonl, *.json, *.ndjson "
                                    + "(one message per line) and *.csv (header row), optionally .gz.");
    public static final ConfigOption<Duration> MONITOR_INTERVAL =
            ConfigOptions.key("monitor-interval")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Unset: read what is there and finish (backfill). Set: keep watching for new files.");
    public static final ConfigOption<BackfillMode> BACKFILL_MODE =
            ConfigOptions.key("backfill-mode")
                    .enumType(BackfillMode.class)
                    .defaultValue(BackfillMode.REPLACE)
                    .withDescription(
                            "replace: a bounded backfill (the job's only source) is staged and then replaces the "
                                    + "lake files an earlier backfill of the same path wrote, so running it again does not duplicate "
                                    + "rows; other files (streamed data) are never touched. append: write straight into the lake.");
}
