package io.fleetlake.tools.bench;

import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's input, generated once and shared by every contender: simulator messages in the seed shapes
 * (shadow documents, shadow updates, telemetry, measures, {ts,value} arrays, ~1 % truncated), each with its MQTT
 * topic as an IoT rule adds it ({@code "thetopic"}), as one JSON-lines file on local disk and the same lines in
 * memory.
 */
public final class BenchInput {
    final Path file;
    final List<byte[]> lines;
    final long bytes;

    private BenchInput(Path file, List<byte[]> lines, long bytes) {
        this.file = file;
        this.lines = lines;
        this.bytes = bytes;
    }

    /**
     * @param devices distinct device ids (vehicles and sensors, 2:1)
     * @param partitions hours of event time the events span (the lake partitions per table)
     */
    static BenchInput generate(Path dir, long events, int devices, int partitions, long startTime) throws IOException {
        int vehicles = Math.max(1, devices * 2 / 3);
        int sensors = Math.max(1, devices - vehicles);
        double rate = events / (partitions * 3600.0) * 0.999;
        FleetSimulator sim = new FleetSimulator(2024, startTime, rate, vehicles, sensors, 0.01);
        Path file = dir.resolve("input.jsonl");
        List<byte[]> lines = new ArrayList<>((int) Math.min(events, Integer.MAX_VALUE));
        long bytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i = 0; i < events; i++) {
                RawMessage m = sim.event(i);
                String payload = new String(m.payload, StandardCharsets.UTF_8);
                String line = "{\"thetopic\":\"" + m.topic + "\"," + payload.substring(1);
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                lines.add(b);
                out.write(b);
                out.write('\n');
                bytes += b.length + 1;
            }
        }
        return new BenchInput(file, lines, bytes);
    }
}
