package io.fleetlake.job.sources;

import io.fleetlake.job.model.RawMessage;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One input of the job: adds its source to the environment (named, with a stable uid) and yields
 * {@link RawMessage}s. The job takes a list of these, so tests inject their own and {@code main}
 * wires the production connectors.
 */
public interface MessageSource {
    /** Adds the source to {@code env}. */
    DataStream<RawMessage> attach(StreamExecutionEnvironment env);

    /** True when the source ends by itself (a backfill, a bounded simulation). */
    boolean isBounded();
}
