package io.fleetlake.job.sources;

import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.simulator.SimulatorEventGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The fleet simulator as a FLIP-27 source: Flink's {@link DataGeneratorSource} (checkpointed
 * sequence numbers, so a restore resumes at the exact next event) mapping each number to a {@link
 * FleetSimulator} event.
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
    /**
     * The source the {@code Source.Simulator} group describes: unbounded runs in real time, bounded
     * ones as fast as the job goes (event times are still 1/rate apart).
     *
     * @param now the job's start time, epoch ms (the simulator's default start)
     */
    public static SimulatorMessageSource fromConfiguration(ReadableConfig config, long now) {
        FleetSimulator fleet = FleetSimulator.fromConfiguration(config, now);
        long events = FleetSimulator.events(config);
        return new SimulatorMessageSource(fleet, events, events < 0 ? fleet.rate() : 0);
    }

    public SimulatorMessageSource(FleetSimulator simulator, long events, double throttle) {
        this.simulator = simulator;
        this.events = events;
        this.throttle = throttle;
    }

    @Override
    public DataStream<RawMessage> attach(StreamExecutionEnvironment env) {
        DataGeneratorSource<RawMessage> source =
                new DataGeneratorSource<>(
                        new SimulatorEventGenerator(simulator),
                        events < 0 ? Long.MAX_VALUE : events,
                        throttle > 0
                                ? RateLimiterStrategy.perSecond(throttle)
                                : RateLimiterStrategy.noOp(),
                        TypeInformation.of(RawMessage.class));
        DataStreamSource<RawMessage> stream =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "source: simulator");
        if (events < 0) {
            // DataGeneratorSource splits [0, count) into one contiguous range per subtask: with
            // Long.MAX_VALUE the
            // second subtask would start near index 2^62, whose event time overflows. One subtask
            // emits 0, 1, 2...
            stream.setParallelism(1);
        }
        return stream.uid(UID);
    }

    @Override
    public boolean isBounded() {
        return events >= 0;
    }
}
