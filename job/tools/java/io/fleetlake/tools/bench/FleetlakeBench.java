package io.fleetlake.tools.bench;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.tools.local.LocalLauncher;
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
 * {@code ./fleetlake bench}: one input, three contenders, one table. The input (flat or seed-shaped
 * messages) is generated once to local disk; then each contender runs
 *
 * <ul>
 *   <li><b>limit</b> — a plain Java loop, no Flink: decode with Jackson, route, Fahrenheit, the
 *       same Parquet writer and codec;
 *   <li><b>flink-sql</b> — the pipeline written as a user would in Flink SQL ({@code
 *       fleetlake-tools/bench/alternative-<shape>.sql});
 *   <li><b>fleetlake --input</b> — what a user runs: {@code ./fleetlake --input DIR} with the
 *       launcher's local defaults (registry-less, default alert rules and sample geofences, alerts
 *       and TOP-K printed, replacing backfill), at the given parallelism,
 * </ul>
 *
 * <p><b>cold</b>: each in a fresh JVM of its own, timed from process start to exit (the launcher
 * through the {@code ./fleetlake} script itself, the others through this class with the same JVM
 * options and class path), and <b>warm</b>: one after the other in this JVM after a warm-up run of
 * each on a smaller input, timed from the first to the last record the sources read. Both at
 * parallelism 1 (one MSF KPU's vCPU) and 2, printed side by side in one table.
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
                case "--mode":
                case "--contender":
                case "--input":
                case "--output":
                case "--count":
                case "--bytes":
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    flags.put(args[i], args[++i]);
                    break;
                default:
                    System.err.println("fleetlake bench: unknown argument '" + args[i] + "'");
                    System.err.println(
                            "usage: fleetlake bench [--mode cold|warm|both] [--shape flat|seed] [--events N] [--devices N] "
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
        if (flags.containsKey("--contender")) {
            child();
            return;
        }
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
        String mode = flags.getOrDefault("--mode", "both");
        if (!List.of("cold", "warm", "both").contains(mode)) {
            throw new IllegalArgumentException("--mode: cold, warm or both, got '" + mode + "'");
        }
        BenchInput input = generate(dir, events, devices, partitions);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(LIMIT, 1));
        for (int p : parallelisms) {
            rows.add(new Row(SQL, p));
            rows.add(new Row(DEFAULTS, p));
        }
        if (!mode.equals("warm")) {
            out.println("cold: each contender in a fresh JVM, process start to exit");
            for (Row r : rows) {
                r.cold = cold(r.name, r.parallelism, input, dir);
            }
        }
        if (!mode.equals("cold")) {
            warmUp(dir, events, devices, partitions, topkItems);
            out.println("warm: one after the other in this JVM");
            for (Row r : rows) {
                r.warm =
                        measure(
                                r.name,
                                r.name.equals(LIMIT) ? 0 : r.parallelism,
                                input,
                                () -> warm(r.name, r.parallelism, input, dir));
            }
        }
        printTable(rows);
    }

    static final String LIMIT = "limit (plain Java loop)";
    static final String SQL = "flink-sql alternative";
    static final String DEFAULTS = "fleetlake --input";

    /** Runs one contender in this (warm) JVM; returns its output directory. */
    private Path warm(String contender, int parallelism, BenchInput input, Path dir)
            throws Exception {
        switch (contender) {
            case LIMIT:
                Path o = clean(dir.resolve("out-limit"));
                LimitLoop.run(input, o, "SNAPPY");
                return o;
            case SQL:
                return runSql(input, clean(dir.resolve("out-sql")), parallelism);
            default:
                return runDefaults(input, clean(dir.resolve("out-fleetlake")), dir, parallelism);
        }
    }

    /**
     * The launcher's job in this JVM: the configuration {@code ./fleetlake --input} builds (its
     * local defaults), its replacing backfill, its checkpoint interval; what it prints goes to a
     * file, as a redirected {@code ./fleetlake} would.
     */
    private Path runDefaults(BenchInput input, Path output, Path dir, int parallelism)
            throws Exception {
        FleetlakeConfig config =
                LocalLauncher.parse(
                        new String[] {
                            "--input",
                            input.path.toString(),
                            "--lake",
                            output.toString(),
                            "--parallelism",
                            Integer.toString(parallelism)
                        });
        StreamExecutionEnvironment env = localEnvironment(parallelism);
        LocalLauncher.enableBoundedCheckpoints(env);
        env.setParallelism(parallelism);
        FleetlakeApplication.build(
                env, config, System.currentTimeMillis(), FleetlakeApplication.backfillFor(config));
        PrintStream stdout = System.out;
        try (PrintStream console =
                new PrintStream(
                        Files.newOutputStream(dir.resolve("fleetlake-console.out")),
                        false,
                        StandardCharsets.UTF_8)) {
            System.setOut(console);
            env.execute("fleetlake-bench");
        } finally {
            System.setOut(stdout);
        }
        return output;
    }

    /**
     * Runs one contender in a fresh JVM and times it from process start to exit: {@code ./fleetlake
     * --input} through the launcher script, the others through {@link #child} with this JVM's
     * options and class path.
     */
    private Cold cold(String contender, int parallelism, BenchInput input, Path dir)
            throws Exception {
        String tag =
                contender.equals(LIMIT) ? "limit" : contender.equals(SQL) ? "sql" : "fleetlake";
        Path output = clean(dir.resolve("out-cold-" + tag));
        Path log = dir.resolve("cold-" + tag + "-p" + parallelism + ".log");
        List<String> cmd = new ArrayList<>();
        if (contender.equals(DEFAULTS)) {
            cmd.add(Path.of(System.getProperty("fleetlake.home", "."), "fleetlake").toString());
            cmd.addAll(
                    List.of(
                            "--input",
                            input.path.toString(),
                            "--lake",
                            output.toString(),
                            "--parallelism",
                            Integer.toString(parallelism),
                            "--verbose"));
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                // The same JVM options as this one, but no recording of a class-data archive
                // or a profile of its own.
                if (!a.startsWith("-XX:ArchiveClassesAtExit")
                        && !a.startsWith("-XX:StartFlightRecording")
                        && !a.startsWith("-agent")
                        && !a.startsWith("-javaagent")) {
                    cmd.add(a);
                }
            }
            cmd.addAll(
                    List.of(
                            "-cp",
                            System.getProperty("java.class.path"),
                            FleetlakeBench.class.getName(),
                            "--contender",
                            tag,
                            "--shape",
                            input.shape,
                            "--input",
                            input.path.toString(),
                            "--output",
                            output.toString(),
                            "--parallelism",
                            Integer.toString(parallelism),
                            "--count",
                            Long.toString(input.count),
                            "--bytes",
                            Long.toString(input.bytes)));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        long t = System.nanoTime();
        int rc = pb.start().waitFor();
        double secs = (System.nanoTime() - t) / 1e9;
        String text = Files.readString(log, StandardCharsets.UTF_8);
        if (rc != 0) {
            throw new IOException(contender + " (cold) exited with " + rc + "; see " + log);
        }
        Cold c = new Cold(secs, cpuMillis(text));
        out.printf(
                Locale.ROOT,
                "  %-26s p=%d  %.1f s process start to exit, %.1f s CPU (%s)%n",
                contender,
                parallelism,
                c.seconds,
                c.cpuMillis / 1000.0,
                log);
        return c;
    }

    /**
     * The process CPU a cold contender reported: the launcher's {@code --verbose} total, a child's
     * result line.
     */
    static long cpuMillis(String log) {
        for (String line : log.split("\n")) {
            String l = line.trim();
            if (l.startsWith("total since JVM start") || l.startsWith("bench-result")) {
                String[] f = l.replace(",", "").split("\\s+");
                return Long.parseLong(f[f.length - 1]);
            }
        }
        return -1;
    }

    /** A cold contender's JVM ({@code --contender}): runs it once and prints its CPU time. */
    private void child() throws Exception {
        BenchInput input =
                BenchInput.existing(
                        shape(),
                        Path.of(flags.get("--input")),
                        flag("--count", 0),
                        flag("--bytes", 0));
        Path output = Path.of(flags.get("--output"));
        int parallelism = (int) flag("--parallelism", 1);
        switch (flags.get("--contender")) {
            case "limit":
                LimitLoop.run(input, output, "SNAPPY");
                break;
            case "sql":
                runSql(input, output, parallelism);
                break;
            default:
                throw new IllegalArgumentException(
                        "--contender: limit or sql, got '" + flags.get("--contender") + "'");
        }
        long cpu =
                ((com.sun.management.OperatingSystemMXBean)
                                        ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime()
                        / 1_000_000;
        out.println("bench-result process CPU ms " + cpu);
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
        runDefaults(small, clean(warm.resolve("out-fleetlake")), warm, 1);
        if (flags.containsKey("--sweep")) {
            runFleetlake(small, clean(warm.resolve("out-sweep")), dir, 1, devices, topkItems);
        }
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

    /** One contender at one parallelism: its cold and warm figures (either may be missing). */
    static final class Row {
        final String name;
        final int parallelism;
        Cold cold;
        Result warm;

        Row(String name, int parallelism) {
            this.name = name;
            this.parallelism = parallelism;
        }
    }

    /** A cold run: process start to exit, and the process's CPU time (-1: not reported). */
    static final class Cold {
        final double seconds;
        final long cpuMillis;

        Cold(double seconds, long cpuMillis) {
            this.seconds = seconds;
            this.cpuMillis = cpuMillis;
        }
    }

    private static Row find(List<Row> rows, String name, int parallelism) {
        for (Row r : rows) {
            if (r.name.equals(name) && (name.equals(LIMIT) || r.parallelism == parallelism)) {
                return r;
            }
        }
        return null;
    }

    private static String ratio(double a, double b) {
        return a > 0 && b > 0 ? String.format(Locale.ROOT, "%.2fx", a / b) : "";
    }

    private void printTable(List<Row> rows) {
        out.println();
        out.printf(
                Locale.ROOT,
                "%-24s %3s | %7s %7s %7s %8s | %12s %7s %8s %7s %6s %6s%n",
                "contender",
                "par",
                "cold s",
                "CPU s",
                "vs SQL",
                "vs limit",
                "warm ev/s",
                "vs SQL",
                "vs limit",
                "e2e s",
                "GC s",
                "files");
        Row limit = find(rows, LIMIT, 1);
        for (Row r : rows) {
            Row sql = find(rows, SQL, r.parallelism);
            boolean compare = !r.name.equals(LIMIT) && !r.name.equals(SQL);
            String coldS = "", cpu = "", coldSql = "", coldLimit = "";
            if (r.cold != null) {
                coldS = String.format(Locale.ROOT, "%.1f", r.cold.seconds);
                cpu =
                        r.cold.cpuMillis < 0
                                ? "?"
                                : String.format(Locale.ROOT, "%.1f", r.cold.cpuMillis / 1000.0);
                if (compare && sql.cold != null) {
                    coldSql = ratio(sql.cold.seconds, r.cold.seconds);
                }
                if (r != limit && limit.cold != null) {
                    coldLimit = ratio(limit.cold.seconds, r.cold.seconds);
                }
            }
            String evs = "", warmSql = "", warmLimit = "", e2e = "", gc = "", files = "";
            if (r.warm != null) {
                evs = String.format(Locale.ROOT, "%,.0f", r.warm.steadyEventsPerSecond());
                if (compare && sql.warm != null) {
                    warmSql =
                            ratio(r.warm.steadyEventsPerSecond(), sql.warm.steadyEventsPerSecond());
                }
                if (r != limit && limit.warm != null) {
                    warmLimit =
                            ratio(
                                    r.warm.steadyEventsPerSecond(),
                                    limit.warm.steadyEventsPerSecond());
                }
                e2e = String.format(Locale.ROOT, "%.1f", r.warm.seconds);
                gc = String.format(Locale.ROOT, "%.1f", r.warm.gcMillis / 1000.0);
                files = String.format(Locale.ROOT, "%,d", r.warm.files);
            }
            out.printf(
                    Locale.ROOT,
                    "%-24s %3d | %7s %7s %7s %8s | %12s %7s %8s %7s %6s %6s%n",
                    r.name,
                    r.parallelism,
                    coldS,
                    cpu,
                    coldSql,
                    coldLimit,
                    evs,
                    warmSql,
                    warmLimit,
                    e2e,
                    gc,
                    files);
        }
        for (String name : List.of(SQL, DEFAULTS)) {
            Row one = find(rows, name, 1);
            Row two = find(rows, name, 2);
            if (one != null && two != null) {
                out.printf(
                        Locale.ROOT,
                        "%s p=2 / p=1: cold %s, warm %s%n",
                        name,
                        one.cold != null && two.cold != null
                                ? ratio(one.cold.seconds, two.cold.seconds)
                                : "-",
                        one.warm != null && two.warm != null
                                ? ratio(
                                        two.warm.steadyEventsPerSecond(),
                                        one.warm.steadyEventsPerSecond())
                                : "-");
            }
        }
        out.println(
                "(cold s = a fresh JVM per contender, process start to exit, CPU s its process CPU time; "
                        + "vs SQL / vs limit = speed relative to flink-sql at the same parallelism / the plain loop, "
                        + "higher is faster; warm ev/s = events / time from the first to the last record read by the "
                        + "sources in a warmed-up JVM, start-up and final commit excluded; e2e s = that warm run's "
                        + "submission to last commit)");
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
