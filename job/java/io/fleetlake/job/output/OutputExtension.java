package io.fleetlake.job.output;

import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.model.DeadLetter;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * One optional output of the job (Timestream, InfluxDB, alerts, TOP-K, Glue, ...): the property
 * groups it reads, whether the configuration turns it on, the lake tables it writes, and the
 * operators it adds to the job's enriched streams.
 *
 * <p>A new output is one package holding its implementation (and its options and settings) plus one
 * line in {@link Outputs#ALL}: its groups join the configuration (validation, the generated
 * reference), its tables join a replacing backfill's staging and publish, and the job attaches it
 * when {@link #isEnabled} says so. Implementations are used while the job graph is built, on the
 * client; they need not be serializable (the operators they add must be).
 */
public interface OutputExtension {

    /**
     * The property groups this output reads, in configuration-reference order. They are registered
     * with the configuration whether or not the output is enabled.
     */
    List<ConfigGroup> groups();

    /** True when {@code config} turns this output on (typically: its first group is present). */
    boolean isEnabled(FleetlakeConfig config);

    /**
     * The lake tables this output writes when enabled. A replacing backfill publishes once the
     * committers of every table the job writes have committed the whole input, so this must list
     * exactly the tables {@link #attach} asks {@link JobStreams#lakeSink} for.
     */
    default List<LakeTableSchema<?>> lakeTables(FleetlakeConfig config) {
        return List.of();
    }

    /**
     * Adjusts the lake's sink factory before any table sink is made (called only when enabled): for
     * outputs that act on the lake's commits themselves, such as catalog registration.
     */
    default void configureLake(LakeSetup lake) {}

    /**
     * Adds this output's operators (each with a name and a stable uid) to the job.
     *
     * @return what the output could not write or deliver, as dead letters (they go to the lake's
     *     {@code dead_letter} table with the checkpoint of the write), or null when it never
     *     refuses a record
     */
    DataStream<DeadLetter> attach(JobStreams streams);
}
