package io.fleetlake.job.simulator;

import io.fleetlake.job.model.RawMessage;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Adapts {@link FleetSimulator} to Flink's {@code DataGeneratorSource}: event {@code i} for
 * sequence number i.
 */
public class SimulatorEventGenerator implements GeneratorFunction<Long, RawMessage> {
    private static final long serialVersionUID = 1L;

    private final FleetSimulator simulator;

    public SimulatorEventGenerator(FleetSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public RawMessage map(Long index) {
        return simulator.event(index);
    }
}
