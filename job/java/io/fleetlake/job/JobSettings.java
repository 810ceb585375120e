package io.fleetlake.job;

import io.fleetlake.job.decode.TopicTemplates;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;

/** The {@code Job} group's settings ({@link JobOptions}). */
public final class JobSettings {
    private final Integer parallelism;
    private final Duration checkpointInterval;
    private final TopicTemplates topicTemplates;
    private final int geohashPrecision;

    private JobSettings(Integer parallelism, Duration checkpointInterval, TopicTemplates topicTemplates,
            int geohashPrecision) {
        this.parallelism = parallelism;
        this.checkpointInterval = checkpointInterval;
        this.topicTemplates = topicTemplates;
        this.geohashPrecision = geohashPrecision;
    }

    /** Reads the {@link JobOptions}; fails with {@link IllegalArgumentException} naming the key. */
    public static JobSettings fromConfiguration(ReadableConfig config) {
        Integer parallelism = config.getOptional(JobOptions.PARALLELISM).orElse(null);
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException("'" + JobOptions.PARALLELISM.key() + "' must be at least 1, got "
                    + parallelism);
        }
        Duration checkpoint = config.get(JobOptions.CHECKPOINT_INTERVAL);
        if (checkpoint.isNegative() || checkpoint.isZero()) {
            throw new IllegalArgumentException("'" + JobOptions.CHECKPOINT_INTERVAL.key() + "' must be positive, got "
                    + checkpoint);
        }
        int precision = config.get(JobOptions.GEOHASH_PRECISION);
        if (precision < 1 || precision > 12) {
            throw new IllegalArgumentException("'" + JobOptions.GEOHASH_PRECISION.key() + "' must be 1..12, got "
                    + precision);
        }
        return new JobSettings(parallelism, checkpoint, new TopicTemplates(config.get(JobOptions.TOPIC_TEMPLATES)),
                precision);
    }

    /** The default operator parallelism, if set. */
    public Optional<Integer> parallelism() {
        return Optional.ofNullable(parallelism);
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public TopicTemplates topicTemplates() {
        return topicTemplates;
    }

    public int geohashPrecision() {
        return geohashPrecision;
    }
}
