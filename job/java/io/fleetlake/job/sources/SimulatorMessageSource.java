package io.fleetlake.job.sources;

import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.simulator.SimulatorEventGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The fleet simulator as a FLIP-27 source: Flink's {@link DataGeneratorSource} (checkpointed sequence numbers,
 * so a restore resumes at the exact next event) mapping each number to a {@link FleetSimulator} event.
 */
public final class SimulatorMessageSource implements MessageSource {
    public static final String UID = "source-simulator";

    private final FleetSimulator simulator;
    private final long events;
    private final double throttle;

    /**
     * @param simulator the fleet
     * @param events number of events, or -1 for unbounded
     * @param throttle events per second of wall time, or 0 for as fast as possible
     */
    public SimulatorMessageSource(FleetSimulator simulator, long events, double throttle) {
        this.simulator = simulator;
        this.events = events;
        this.throttle = throttle;
    }

    @Override
    public DataStream<RawMessage> attach(StreamExecutionEnvironment env) {
        DataGeneratorSource<RawMessage> source = new DataGeneratorSource<>(new SimulatorEventGenerator(simulator),
                events < 0 ? Long.MAX_VALUE : events,
                throttle > 0 ? RateLimiterStrategy.perSecond(throttle) : RateLimiterStrategy.noOp(),
                TypeInformation.of(RawMessage.class));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "source: simulator").uid(UID);
    }

    @Override
    public boolean isBounded() {
        return events >= 0;
    }
}
