package io.fleetlake.job;

import io.fleetlake.job.decode.TopicTemplates;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the job as a whole (property group {@code Job}), read by {@link
 * JobSettings#fromConfiguration}. The declaration order is the configuration reference's.
 */
public final class JobOptions {
    private JobOptions() {}

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Default operator parallelism. Unset: the runtime's (MSF: Parallelism setting; "
                                    + "local: 2). Ignored with a warning on MSF, where the application's "
                                    + "parallelism (and autoscaling) decides.");
    public static final ConfigOption<Integer> MAX_PARALLELISM =
            ConfigOptions.key("max-parallelism")
                    .intType()
                    .defaultValue(128)
                    .withDescription(
                            "Max parallelism of every operator (the number of key groups of keyed "
                                    + "state): the highest parallelism the job can be scaled to, and "
                                    + "frozen in its savepoints, so never change it for a running "
                                    + "application. 128 is what Flink chose by itself for parallelism "
                                    + "up to 85, so savepoints of releases that did not set it keep "
                                    + "restoring.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "How often to checkpoint; lake files are committed on each checkpoint. On MSF the "
                                    + "application's checkpoint configuration takes precedence.");
    public static final ConfigOption<Integer> RESTART_ATTEMPTS =
            ConfigOptions.key("restart-attempts")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Restarts after a failure (1 s apart) before the job gives up and fails. Unset: the "
                                    + "runtime's restart strategy (cluster, MSF); ./fleetlake: 3.");
    public static final ConfigOption<List<String>> TOPIC_TEMPLATES =
            ConfigOptions.key("topic-templates")
                    .stringType()
                    .asList()
                    .defaultValues(TopicTemplates.DEFAULTS.toArray(new String[0]))
                    .withDescription(
                            "';'-separated MQTT topic templates giving thing_name / device_id from the topic; "
                                    + "the first match wins.");
    public static final ConfigOption<Integer> GEOHASH_PRECISION =
            ConfigOptions.key("geohash-precision")
                    .intType()
                    .defaultValue(6)
                    .withDescription(
                            "Characters of breadcrumbs.geohash (1..12; 6 is about 1.2 km x 0.6 km).");
}
