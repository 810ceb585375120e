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
    private final Integer restartAttempts;
    private final int maxParallelism;

    private JobSettings(
            Integer parallelism,
            Duration checkpointInterval,
            TopicTemplates topicTemplates,
            int geohashPrecision,
            Integer restartAttempts,
            int maxParallelism) {
        this.restartAttempts = restartAttempts;
        this.maxParallelism = maxParallelism;
        this.parallelism = parallelism;
        this.checkpointInterval = checkpointInterval;
        this.topicTemplates = topicTemplates;
        this.geohashPrecision = geohashPrecision;
    }

    /** Reads the {@link JobOptions}; fails with {@link IllegalArgumentException} naming the key. */
    public static JobSettings fromConfiguration(ReadableConfig config) {
        Integer parallelism = config.getOptional(JobOptions.PARALLELISM).orElse(null);
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException(
                    "'"
                            + JobOptions.PARALLELISM.key()
                            + "' must be at least 1, got "
                            + parallelism);
        }
        Duration checkpoint = config.get(JobOptions.CHECKPOINT_INTERVAL);
        if (checkpoint.isNegative() || checkpoint.isZero()) {
            throw new IllegalArgumentException(
                    "'"
                            + JobOptions.CHECKPOINT_INTERVAL.key()
                            + "' must be positive, got "
                            + checkpoint);
        }
        int precision = config.get(JobOptions.GEOHASH_PRECISION);
        if (precision < 1 || precision > 12) {
            throw new IllegalArgumentException(
                    "'" + JobOptions.GEOHASH_PRECISION.key() + "' must be 1..12, got " + precision);
        }
        Integer restarts = config.getOptional(JobOptions.RESTART_ATTEMPTS).orElse(null);
        if (restarts != null && restarts < 0) {
            throw new IllegalArgumentException(
                    "'"
                            + JobOptions.RESTART_ATTEMPTS.key()
                            + "' must be 0 or more, got "
                            + restarts);
        }
        int maxParallelism = config.get(JobOptions.MAX_PARALLELISM);
        // Flink's own bounds of a max parallelism
        // (KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM).
        if (maxParallelism < 1 || maxParallelism > 32768) {
            throw new IllegalArgumentException(
                    "'"
                            + JobOptions.MAX_PARALLELISM.key()
                            + "' must be 1..32768, got "
                            + maxParallelism);
        }
        if (parallelism != null && parallelism > maxParallelism) {
            throw new IllegalArgumentException(
                    "'"
                            + JobOptions.PARALLELISM.key()
                            + "' ("
                            + parallelism
                            + ") must not exceed '"
                            + JobOptions.MAX_PARALLELISM.key()
                            + "' ("
                            + maxParallelism
                            + ")");
        }
        return new JobSettings(
                parallelism,
                checkpoint,
                new TopicTemplates(config.get(JobOptions.TOPIC_TEMPLATES)),
                precision,
                restarts,
                maxParallelism);
    }

    /** The default operator parallelism, if set. */
    public Optional<Integer> parallelism() {
        return Optional.ofNullable(parallelism);
    }

    /** Restarts before the job fails, if set (else the runtime's restart strategy applies). */
    public Optional<Integer> restartAttempts() {
        return Optional.ofNullable(restartAttempts);
    }

    /**
     * The max parallelism every operator gets ({@link JobOptions#MAX_PARALLELISM}): the number of
     * key groups, frozen in savepoints.
     */
    public int maxParallelism() {
        return maxParallelism;
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
