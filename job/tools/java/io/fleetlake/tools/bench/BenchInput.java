package io.fleetlake.tools.bench;

import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The benchmark's input, generated once to local disk and shared by every contender, in one of two
 * shapes:
 *
 * <ul>
 *   <li>{@code seed}: simulator messages in the seed shapes (shadow documents, shadow updates,
 *       telemetry, measures, {ts,value} arrays, ~1 % truncated), each with its MQTT topic as an IoT
 *       rule adds it ({@code "thetopic"}), one JSON-lines file, ~380 bytes per message;
 *   <li>{@code flat}: the flat messages of issue 12, ~127 bytes each, in 4 {@code .json} files: 70
 *       % telemetry {@code {device_id, temperature, humidity, pressure, rssi, timestamp}}, 30 %
 *       breadcrumbs {@code {thing_name, lat, lon, speed, heading, ignition, timestamp}}, {@code
 *       yyyy-MM-dd HH:mm:ss} timestamps in order over the partitions' hours (6 by default).
 * </ul>
 */
public final class BenchInput {
    static final int FLAT_FILES = 4;

    final String shape;

    /** A file (seed) or a directory of files (flat): what the Flink contenders read. */
    final Path path;

    final List<Path> files;
    final long count;
    final long bytes;

    private BenchInput(String shape, Path path, List<Path> files, long count, long bytes) {
        this.shape = shape;
        this.path = path;
        this.files = files;
        this.count = count;
        this.bytes = bytes;
    }

    /**
     * An input generated before (by a parent bench process): a cold contender runs in a JVM of its
     * own and is told what was written instead of writing it again.
     */
    static BenchInput existing(String shape, Path path, long count, long bytes) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (var s = Files.list(path)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
        return new BenchInput(shape, path, files, count, bytes);
    }

    /**
     * @param shape {@code seed} or {@code flat}
     * @param devices distinct device ids
     * @param partitions hours of event time the events span (the lake partitions per table)
     */
    static BenchInput generate(
            String shape, Path dir, long events, int devices, int partitions, long startTime)
            throws IOException {
        switch (shape) {
            case "seed":
                return seed(dir, events, devices, partitions, startTime);
            case "flat":
                return flat(dir, events, devices, partitions, startTime);
            default:
                throw new IllegalArgumentException("--shape: seed or flat, got '" + shape + "'");
        }
    }

    private static BenchInput seed(
            Path dir, long events, int devices, int partitions, long startTime) throws IOException {
        int vehicles = Math.max(1, devices * 2 / 3);
        int sensors = Math.max(1, devices - vehicles);
        double rate = events / (partitions * 3600.0) * 0.999;
        FleetSimulator sim = new FleetSimulator(2024, startTime, rate, vehicles, sensors, 0.01);
        Path file = dir.resolve("input.jsonl");
        long bytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i = 0; i < events; i++) {
                RawMessage m = sim.event(i);
                String payload = new String(m.payload, StandardCharsets.UTF_8);
                byte[] b =
                        ("{\"thetopic\":\"" + m.topic + "\"," + payload.substring(1))
                                .getBytes(StandardCharsets.UTF_8);
                out.write(b);
                out.write('\n');
                bytes += b.length + 1;
            }
        }
        return new BenchInput("seed", file, List.of(file), events, bytes);
    }

    private static BenchInput flat(
            Path dir, long events, int devices, int partitions, long startTime) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("input-flat"));
        try (var old = Files.list(folder)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                Files.delete(p);
            }
        }
        DateTimeFormatter format =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                        .withZone(ZoneOffset.UTC);
        Random rnd = new Random(2024);
        int vehicles = Math.max(1, devices * 3 / 10);
        int sensors = Math.max(1, devices - vehicles);
        double spanMillis = partitions * 3_600_000.0 * 0.999;
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        long perFile = (events + FLAT_FILES - 1) / FLAT_FILES;
        StringBuilder sb = new StringBuilder(160);
        for (int f = 0; f < FLAT_FILES; f++) {
            // Consecutive time ranges per file, so a subtask reading them in order sees event time
            // advance.
            Path file = folder.resolve(String.format(Locale.ROOT, "part-%d.json", f));
            files.add(file);
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                for (long i = f * perFile; i < Math.min(events, (f + 1) * perFile); i++) {
                    String ts =
                            format.format(
                                    Instant.ofEpochMilli(
                                            startTime + (long) (i * spanMillis / events)));
                    sb.setLength(0);
                    if (rnd.nextInt(10) < 7) {
                        sb.append("{\"device_id\":\"sensor-")
                                .append(String.format(Locale.ROOT, "%05d", rnd.nextInt(sensors)))
                                .append("\",\"temperature\":")
                                .append(round(15 + rnd.nextDouble() * 20, 100))
                                .append(",\"humidity\":")
                                .append(round(30 + rnd.nextDouble() * 50, 10))
                                .append(",\"pressure\":")
                                .append(round(990 + rnd.nextDouble() * 40, 10))
                                .append(",\"rssi\":")
                                .append(-40 - rnd.nextInt(60));
                    } else {
                        sb.append("{\"thing_name\":\"truck-")
                                .append(String.format(Locale.ROOT, "%04d", rnd.nextInt(vehicles)))
                                .append("\",\"lat\":")
                                .append(round(45 + rnd.nextDouble(), 100_000))
                                .append(",\"lon\":")
                                .append(round(-123 + rnd.nextDouble(), 100_000))
                                .append(",\"speed\":")
                                .append(round(rnd.nextDouble() * 130, 10))
                                .append(",\"heading\":")
                                .append(rnd.nextInt(360))
                                .append(",\"ignition\":")
                                .append(rnd.nextInt(20) != 0);
                    }
                    sb.append(",\"timestamp\":\"").append(ts).append("\"}\n");
                    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                    out.write(b);
                    bytes += b.length;
                }
            }
        }
        return new BenchInput("flat", folder, files, events, bytes);
    }

    private static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }
}
