package io.fleetlake.tools.bench;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.tools.local.LoopbackConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * {@code ./fleetlake bench}: one input, three contenders, one table. The input (seed-shaped
 * messages, ~1 % malformed) is generated once to local disk and memory; then, one after the other
 * in this JVM:
 *
 * <ul>
 *   <li><b>limit</b> — a plain Java loop, no Flink: decode with Jackson, route, Fahrenheit, the
 *       same Parquet writer and codec;
 *   <li><b>flink-sql</b> — the pipeline written as a user would in Flink SQL ({@code
 *       fleetlake-tools/bench/alternative-<shape>.sql});
 *   <li><b>fleetlake</b> — the real job graph (decode, route, registry, Fahrenheit, TOP-K, lake,
 *       dead letter),
 * </ul>
 *
 * at parallelism 1 (one MSF KPU's vCPU) and 2. Flink runs checkpoint every 2 s and end when every
 * file is committed; their time includes start-up and the final commit.
 */
public final class FleetlakeBench {
    private final PrintStream out;
    private final Map<String, String> flags;

    FleetlakeBench(PrintStream out, Map<String, String> flags) {
        this.out = out;
        this.flags = flags;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events":
                case "--devices":
                case "--topk-items":
                case "--partitions":
                case "--parallelism":
                case "--sweep":
                case "--dir":
                case "--shape":
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    flags.put(args[i], args[++i]);
                    break;
                default:
                    System.err.println("fleetlake bench: unknown argument '" + args[i] + "'");
                    System.err.println(
                            "usage: fleetlake bench [--shape flat|seed] [--events N] [--devices N] "
                                    + "[--topk-items N] [--partitions N] [--parallelism 1,2] "
                                    + "[--sweep devices|topk-items|partitions] [--dir D]");
                    System.exit(2);
            }
        }
        new FleetlakeBench(System.out, flags).run();
        System.exit(0);
    }

    private String shape() {
        return flags.getOrDefault("--shape", "flat");
    }

    private long flag(String name, long def) {
        String v = flags.get(name);
        try {
            return v == null ? def : Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a whole number, got '" + v + "'");
        }
    }

    void run() throws Exception {
        Path dir =
                flags.containsKey("--dir")
                        ? Path.of(flags.get("--dir"))
                        : Files.createTempDirectory("fleetlake-bench");
        Files.createDirectories(dir);
        String sweep = flags.get("--sweep");
        if (sweep != null) {
            sweep(dir, sweep);
            return;
        }
        long events = flag("--events", 2_000_000);
        int devices = (int) flag("--devices", 1_000);
        int partitions = (int) flag("--partitions", shape().equals("flat") ? 6 : 2);
        long topkItems = flag("--topk-items", 0);
        List<Integer> parallelisms = new ArrayList<>();
        for (String p : flags.getOrDefault("--parallelism", "1,2").split(",")) {
            parallelisms.add(Integer.parseInt(p.trim()));
        }
        out.printf(
                Locale.ROOT,
                "fleetlake bench: %s shape, %,d events, %,d devices, %d hour partitions, %s; "
                        + "%d cores, max heap %,d MB, Java %s%n",
                shape(),
                events,
                devices,
                partitions,
                topkItems > 0 ? topkItems + " extra TOP-K items" : "default TOP-K specs",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        BenchInput input = generate(dir, events, devices, partitions);
        warmUp(dir, events, devices, partitions, topkItems);

        List<Result> results = new ArrayList<>();
        results.add(
                measure(
                        "limit (plain Java loop)",
                        0,
                        input,
                        () -> {
                            Path o = clean(dir.resolve("out-limit"));
                            LimitLoop.run(input, o, "SNAPPY");
                            return o;
                        }));
        for (int p : parallelisms) {
            results.add(
                    measure(
                            "flink-sql alternative",
                            p,
                            input,
                            () -> runSql(input, clean(dir.resolve("out-sql")), p)));
            results.add(
                    measure(
                            "fleetlake",
                            p,
                            input,
                            () ->
                                    runFleetlake(
                                            input,
                                            clean(dir.resolve("out-fleetlake")),
                                            dir,
                                            p,
                                            devices,
                                            topkItems)));
        }
        printTable(results, input);
    }

    /**
     * Runs every contender once on a smaller input first, so the measured runs compare steady-state
     * code rather than whichever contender happened to pay for the JIT compiling the decoder and
     * the Parquet writer they share.
     */
    private void warmUp(Path dir, long events, int devices, int partitions, long topkItems)
            throws Exception {
        Path warm = Files.createDirectories(dir.resolve("warm-up"));
        BenchInput small =
                BenchInput.generate(
                        shape(),
                        warm,
                        Math.max(20_000, Math.min(400_000, events / 5)),
                        devices,
                        partitions,
                        Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        long t = System.nanoTime();
        LimitLoop.run(small, clean(warm.resolve("out-limit")), "SNAPPY");
        runSql(small, clean(warm.resolve("out-sql")), 1);
        runFleetlake(small, clean(warm.resolve("out-fleetlake")), dir, 1, devices, topkItems);
        out.printf(
                Locale.ROOT,
                "warm-up: every contender once on %,d messages (%.1f s, not measured)%n",
                small.count,
                (System.nanoTime() - t) / 1e9);
    }

    private BenchInput generate(Path dir, long events, int devices, int partitions)
            throws IOException {
        long t = System.nanoTime();
        BenchInput input =
                BenchInput.generate(
                        shape(),
                        dir,
                        events,
                        devices,
                        partitions,
                        Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        out.printf(
                Locale.ROOT,
                "input: %,d messages, %,.1f MB (%,d bytes/message) generated in %.1f s: %s%n",
                input.count,
                input.bytes / 1e6,
                input.bytes / Math.max(1, input.count),
                (System.nanoTime() - t) / 1e9,
                input.path);
        return input;
    }

    private void sweep(Path dir, String what) throws Exception {
        long events = flag("--events", 200_000);
        long[] values;
        switch (what) {
            case "devices":
            case "topk-items":
                values = new long[] {1_000, 10_000, 100_000, 1_000_000};
                break;
            case "partitions":
                values = new long[] {1, 24, 168};
                break;
            default:
                throw new IllegalArgumentException(
                        "--sweep: devices, topk-items or partitions, got '" + what + "'");
        }
        out.printf(
                Locale.ROOT,
                "fleetlake bench --sweep %s: fleetlake at parallelism 1, %,d events per run%n",
                what,
                events);
        // The first measured run must not pay for the JIT: warm up on the default shape first.
        warmUp(dir, events, 1_000, shape().equals("flat") ? 6 : 2, 0);
        out.printf(
                Locale.ROOT,
                "%12s %12s %12s %10s %8s%n",
                what,
                "events/s",
                "peak heap MB",
                "GC s",
                "files");
        for (long v : values) {
            int devices = what.equals("devices") ? (int) v : 1_000;
            int partitions = what.equals("partitions") ? (int) v : shape().equals("flat") ? 6 : 2;
            long items = what.equals("topk-items") ? v : 0;
            BenchInput input =
                    BenchInput.generate(
                            shape(),
                            dir,
                            Math.max(events, what.equals("devices") ? v : 0),
                            devices,
                            partitions,
                            Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
            Result r =
                    measure(
                            "fleetlake",
                            1,
                            input,
                            () ->
                                    runFleetlake(
                                            input,
                                            clean(dir.resolve("out-sweep")),
                                            dir,
                                            1,
                                            devices,
                                            items));
            out.printf(
                    Locale.ROOT,
                    "%,12d %,12.0f %,12d %10.1f %,8d%n",
                    v,
                    r.eventsPerSecond(),
                    r.peakHeap >> 20,
                    r.gcMillis / 1000.0,
                    r.files);
        }
    }

    private Path runSql(BenchInput input, Path output, int parallelism) throws Exception {
        StreamExecutionEnvironment env = localEnvironment(parallelism);
        env.enableCheckpointing(2000);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        String script =
                resource("fleetlake-tools/bench/alternative-" + input.shape + ".sql")
                        .replace("${input}", input.path.toString())
                        .replace("${output}", output.toString());
        for (String statement : statements(script)) {
            tEnv.executeSql(statement).await();
        }
        return output;
    }

    private Path runFleetlake(
            BenchInput input, Path output, Path dir, int parallelism, int devices, long topkItems)
            throws Exception {
        Path registry = dir.resolve("registry.jsonl");
        if (!Files.exists(registry)) {
            StringBuilder sb = new StringBuilder();
            for (int v = 0; v < Math.min(devices, 100_000); v++) {
                sb.append("{\"thing_name\":\"")
                        .append(io.fleetlake.job.simulator.FleetSimulator.thingName(v))
                        .append("\",\"model\":\"T")
                        .append(600 + v % 90)
                        .append("\",\"speed_limit_kmh\":")
                        .append(v % 3 == 0 ? 80 : 90)
                        .append("}\n");
            }
            Files.writeString(registry, sb.toString());
        }
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Files", Map.of("path", input.path.toString()));
        groups.put("Lake", Map.of("path", output.toString()));
        groups.put(
                "Job",
                Map.of("parallelism", Integer.toString(parallelism), "checkpoint-interval", "2 s"));
        groups.put("Registry", Map.of("path", registry.toString(), "reload-interval", "0 s"));
        if (topkItems > 0) {
            String specs =
                    io.fleetlake.job.topk.TopKSpec.DEFAULTS_JSON.substring(
                                    0, io.fleetlake.job.topk.TopKSpec.DEFAULTS_JSON.length() - 1)
                            + ",{\"name\":\"bench_items\",\"table\":\"readings\",\"item\":\"CAST(MOD(CAST(SPLIT_INDEX(origin,"
                            + " ':', 1) AS BIGINT), "
                            + topkItems
                            + ") AS STRING)\",\"k\":10,\"window\":\"3600 s\"}]";
            // Item = input line number modulo N: N distinct items in the one-hour window, whatever
            // the devices.
            groups.put("TopK", Map.of("specs", specs));
        }
        StreamExecutionEnvironment env = localEnvironment(parallelism);
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        env.execute("fleetlake-bench");
        return output;
    }

    private static StreamExecutionEnvironment localEnvironment(int parallelism) {
        Configuration c = LoopbackConfiguration.create();
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        c.set(
                ConfigOptions.key("metrics.reporter.bench.factory.class")
                        .stringType()
                        .noDefaultValue(),
                SourceRecordClock.Factory.class.getName());
        io.fleetlake.tools.local.LocalCheckpointStorage.apply(c);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, c);
        return env;
    }

    /** Splits a SQL script into statements; an EXECUTE STATEMENT SET block is one statement. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.trim().startsWith("--") || (cur.length() == 0 && line.isBlank())) {
                continue;
            }
            cur.append(line).append('\n');
            String s = cur.toString().trim();
            boolean block = s.toUpperCase(Locale.ROOT).startsWith("EXECUTE STATEMENT SET");
            if ((block && s.toUpperCase(Locale.ROOT).endsWith("END;"))
                    || (!block && s.endsWith(";"))) {
                out.add(block ? s.substring(0, s.length() - 1) : s.substring(0, s.length() - 1));
                cur.setLength(0);
            }
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FleetlakeBench.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path clean(Path p) throws IOException {
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                s.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                        .forEach(f -> f.toFile().delete());
            }
        }
        return Files.createDirectories(p);
    }

    interface Contender {
        Path run() throws Exception;
    }

    private Result measure(String name, int parallelism, BenchInput input, Contender contender)
            throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
                heap.add(pool);
            }
        }
        long gcBefore = gcMillis();
        SourceRecordClock clock = SourceRecordClock.start();
        long t = System.nanoTime();
        Path output = contender.run();
        double secs = (System.nanoTime() - t) / 1e9;
        // The plain loop has no start-up: its steady state is the whole run.
        double steady = parallelism == 0 ? secs : clock.stop();
        if (parallelism == 0) {
            clock.stop();
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : heap) {
            peak += pool.getPeakUsage().getUsed();
        }
        long files;
        try (Stream<Path> s = Files.walk(output)) {
            files =
                    s.filter(
                                    f ->
                                            f.getFileName().toString().endsWith(".parquet")
                                                    || (f.getFileName()
                                                                    .toString()
                                                                    .startsWith("part-")
                                                            && !f.getFileName()
                                                                    .toString()
                                                                    .startsWith(".")))
                            .count();
        }
        Result r =
                new Result(
                        name,
                        Math.max(1, parallelism),
                        input.count,
                        input.bytes,
                        secs,
                        steady,
                        peak,
                        gcMillis() - gcBefore,
                        files);
        out.printf(
                Locale.ROOT,
                "  %-26s p=%d  %.1f s end to end, %.1f s first to last record%n",
                name,
                r.parallelism,
                secs,
                steady);
        return r;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private void printTable(List<Result> results, BenchInput input) {
        Result limit = results.get(0);
        out.println();
        out.printf(
                Locale.ROOT,
                "%-24s %3s %12s %9s %9s %9s %7s %12s %8s %10s %6s %6s%n",
                "contender",
                "par",
                "steady ev/s",
                "vs limit",
                "vs SQL",
                "e2e s",
                "ev/s",
                "e2e vs SQL",
                "MB/s",
                "peak heap",
                "GC s",
                "files");
        for (Result r : results) {
            Result sql = null;
            for (Result s : results) {
                if (s.name.startsWith("flink-sql") && s.parallelism == r.parallelism) {
                    sql = s;
                }
            }
            boolean fleetlake = r.name.equals("fleetlake") && sql != null;
            out.printf(
                    Locale.ROOT,
                    "%-24s %3d %,12.0f %8.0f%% %9s %9.1f %,7.0f %12s %8.1f %,7d MB %6.1f %,6d%n",
                    r.name,
                    r.parallelism,
                    r.steadyEventsPerSecond(),
                    100 * r.steadyEventsPerSecond() / limit.steadyEventsPerSecond(),
                    fleetlake
                            ? String.format(
                                    Locale.ROOT,
                                    "%.2fx",
                                    r.steadyEventsPerSecond() / sql.steadyEventsPerSecond())
                            : "",
                    r.seconds,
                    r.eventsPerSecond(),
                    fleetlake ? String.format(Locale.ROOT, "%.2fx", sql.seconds / r.seconds) : "",
                    r.bytes / 1e6 / r.steadySeconds,
                    r.peakHeap >> 20,
                    r.gcMillis / 1000.0,
                    r.files);
        }
        out.println(
                "(steady ev/s = events / time from the first to the last record read by the sources, start-up "
                        + "and final commit excluded; e2e = the whole run from job submission to the last file committed; "
                        + "vs limit = steady ev/s relative to the plain Java loop; vs SQL = fleetlake / flink-sql at the "
                        + "same parallelism)");
    }

    static final class Result {
        final String name;
        final int parallelism;
        final long events;
        final long bytes;
        final double seconds;
        final double steadySeconds;
        final long peakHeap;
        final long gcMillis;
        final long files;

        Result(
                String name,
                int parallelism,
                long events,
                long bytes,
                double seconds,
                double steadySeconds,
                long peakHeap,
                long gcMillis,
                long files) {
            this.name = name;
            this.parallelism = parallelism;
            this.events = events;
            this.bytes = bytes;
            this.seconds = seconds;
            this.steadySeconds = steadySeconds > 0 ? steadySeconds : seconds;
            this.peakHeap = peakHeap;
            this.gcMillis = gcMillis;
            this.files = files;
        }

        double eventsPerSecond() {
            return events / seconds;
        }

        double steadyEventsPerSecond() {
            return events / steadySeconds;
        }
    }
}
