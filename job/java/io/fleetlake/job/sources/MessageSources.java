package io.fleetlake.job.sources;

import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.simulator.FleetSimulator;
import java.util.ArrayList;
import java.util.List;

/** Builds the production sources the configuration enables: one per present {@code Source.*} group. */
public final class MessageSources {
    private MessageSources() {}

    /**
     * @param config the configuration
     * @param now the job's start time, epoch ms (the simulator's default start)
     */
    public static List<MessageSource> fromConfig(FleetlakeConfig config, long now) {
        List<MessageSource> sources = new ArrayList<>();
        if (config.has(FleetlakeOptions.SIMULATOR)) {
            sources.add(simulator(config, now));
        }
        if (config.has(FleetlakeOptions.FILES)) {
            sources.add(new FileMessageSource(config.get(FleetlakeOptions.FILES, FleetlakeOptions.FILES_PATH),
                    config.getOptional(FleetlakeOptions.FILES, FleetlakeOptions.FILES_MONITOR_INTERVAL).orElse(null)));
        }
        if (config.has(FleetlakeOptions.KINESIS)) {
            sources.add(KinesisMessageSource.fromConfig(config));
        }
        if (config.has(FleetlakeOptions.MQTT)) {
            sources.add(MqttMessageSource.fromConfig(config));
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source configured: add one of the property groups "
                    + FleetlakeOptions.SOURCE_GROUPS);
        }
        return sources;
    }

    private static MessageSource simulator(FleetlakeConfig config, long now) {
        long start = config.getOptional(FleetlakeOptions.SIMULATOR, FleetlakeOptions.SIM_START_TIME)
                .map(EventTimes::parse).orElse(now);
        double rate = config.get(FleetlakeOptions.SIMULATOR, FleetlakeOptions.SIM_RATE);
        long events = config.get(FleetlakeOptions.SIMULATOR, FleetlakeOptions.SIM_EVENTS);
        FleetSimulator fleet = new FleetSimulator(config.get(FleetlakeOptions.SIMULATOR, FleetlakeOptions.SIM_SEED),
                start, rate, config.get(FleetlakeOptions.SIMULATOR, FleetlakeOptions.SIM_VEHICLES),
                config.get(FleetlakeOptions.SIMULATOR, FleetlakeOptions.SIM_SENSORS),
                config.get(FleetlakeOptions.SIMULATOR, FleetlakeOptions.SIM_MALFORMED_RATIO));
        // Unbounded: real time. Bounded: as fast as the job goes (event times are still 1/rate apart).
        return new SimulatorMessageSource(fleet, events, events < 0 ? rate : 0);
    }
}
