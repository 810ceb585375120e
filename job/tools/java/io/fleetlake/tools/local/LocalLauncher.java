package io.fleetlake.tools.local;

import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.connectors.lake.LakeBackfill;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.connectors.s3.S3FileSystems;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.JobOptions;
import io.fleetlake.job.alerts.AlertOptions;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.config.PropertyGroups;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.simulator.SimulatorOptions;
import io.fleetlake.job.topk.TopKOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./fleetlake}: runs the whole job in this JVM on a Flink MiniCluster, with no AWS account.
 *
 * <pre>
 * fleetlake                      the simulated fleet, until Ctrl-C, lake at ./lake
 * fleetlake --events N           the simulator, N events, exits when every file is committed
 * fleetlake --input PATH         backfill a file or directory (*.jsonl, *.json, *.csv), exits when done
 *   --lake DIR|s3://bucket/pfx   lake root (default ./lake)
 *   --properties FILE            property groups (MSF JSON shape); flags override it
 *   --parallelism N              operator parallelism (default 2)
 * </pre>
 */
public final class LocalLauncher {
    private static final long PROGRESS_EVERY_MS = 5000;

    private final PrintStream out;
    /** Set by Ctrl-C: a stopped backfill is not published (its staged output is incomplete). */
    private volatile boolean stopping;

    LocalLauncher(PrintStream out) {
        this.out = out;
    }

    static final String USAGE = "usage: fleetlake [--events N] [--input PATH] [--lake DIR] [--properties FILE] "
            + "[--parallelism N]";

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            System.exit(0);
        }
        int code;
        try {
            code = new LocalLauncher(System.out).run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fleetlake: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("fleetlake: failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** Parses the command line into the job configuration. Fails naming any unknown flag or bad value. */
    static final String SAMPLE_GEOFENCES = "local-stack/samples/geofences.geojson";

    static FleetlakeConfig parse(String[] args) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--events":
                case "--input":
                case "--lake":
                case "--properties":
                case "--parallelism":
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    if (flags.put(a, args[++i]) != null) {
                        throw new IllegalArgumentException(a + " given twice");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        Map<String, Map<String, String>> groups = flags.containsKey("--properties")
                ? PropertyGroups.readJson(Paths.get(flags.get("--properties")))
                : new LinkedHashMap<>();
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        if (flags.containsKey("--events")) {
            long n = parsePositiveLong("--events", flags.get("--events"));
            config = config.with(FleetlakeOptions.SIMULATOR, SimulatorOptions.EVENTS, Long.toString(n));
        }
        if (flags.containsKey("--input")) {
            Path input = Paths.get(flags.get("--input"));
            if (!Files.exists(input)) {
                throw new IllegalArgumentException("--input: no such file or directory: " + input);
            }
            config = config.with(FleetlakeOptions.FILES, FileSourceOptions.PATH, input.toAbsolutePath().toString());
        }
        if (flags.containsKey("--parallelism")) {
            long p = parsePositiveLong("--parallelism", flags.get("--parallelism"));
            config = config.with(FleetlakeOptions.JOB, JobOptions.PARALLELISM, Long.toString(p));
        }
        String lake = flags.getOrDefault("--lake", config.section(FleetlakeOptions.LAKE).get(LakeOptions.PATH));
        config = config.with(FleetlakeOptions.LAKE, LakeOptions.PATH, absoluteLake(lake));
        if (!config.section(FleetlakeOptions.TOPK).getOptional(TopKOptions.PRINT_ROWS).isPresent()) {
            // A local run shows the top of each closed TOP-K window.
            config = config.with(FleetlakeOptions.TOPK, TopKOptions.PRINT_ROWS, "3");
        }
        // A local run evaluates the default alert rules and prints alerts as they open and close.
        if (!config.getOptional(FleetlakeOptions.ALERTS, AlertOptions.PRINT).isPresent()) {
            config = config.with(FleetlakeOptions.ALERTS, AlertOptions.PRINT, "true");
        }
        if (!config.getOptional(FleetlakeOptions.ALERTS, AlertOptions.GEOFENCES).isPresent()) {
            Path fences = Paths.get(System.getProperty("fleetlake.home", "."), SAMPLE_GEOFENCES);
            if (Files.isRegularFile(fences)) {
                config = config.with(FleetlakeOptions.ALERTS, AlertOptions.GEOFENCES,
                        fences.toAbsolutePath().normalize().toString());
            }
        }
        if (config.presentAmong(FleetlakeOptions.SOURCE_GROUPS).isEmpty()) {
            config = config.withGroup(FleetlakeOptions.SIMULATOR);
        }
        return config;
    }

    private static long parsePositiveLong(String flag, String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": expected a positive whole number, got '" + value + "'");
        }
    }

    private static String absoluteLake(String lake) {
        if (lake.contains("://")) {
            return lake;
        }
        return Paths.get(lake).toAbsolutePath().normalize().toString();
    }

    int run(String[] args) throws Exception {
        FleetlakeConfig config = parse(args);
        long now = System.currentTimeMillis();
        Configuration lakeGroup = config.section(FleetlakeOptions.LAKE);
        Configuration jobGroup = config.section(FleetlakeOptions.JOB);
        String lakeRoot = lakeGroup.get(LakeOptions.PATH);

        Configuration cluster = miniClusterConfiguration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(cluster);
        env.setParallelism(jobGroup.getOptional(JobOptions.PARALLELISM).orElse(2));
        boolean explicitInterval = jobGroup.getOptional(JobOptions.CHECKPOINT_INTERVAL).isPresent();
        ProgressMetrics.reset();
        // Flink's S3 file system, loaded as a plugin as on a cluster, with the Lake group's S3 settings.
        String input = config.section(FleetlakeOptions.FILES).getOptional(FileSourceOptions.PATH).orElse(null);
        S3FileSystems.initialize(FleetlakeApplication.s3Settings(config),
                S3FileSystems.pluginsDir(Paths.get("target", "plugins")),
                S3FileSystems.isS3(lakeRoot) || (input != null && S3FileSystems.isS3(input)));
        LakeBackfill backfill = FleetlakeApplication.backfillFor(config);
        FleetlakeJob probe = FleetlakeApplication.build(env, config, now, backfill);
        if (probe.isBounded() && !explicitInterval) {
            // A bounded run commits its last files at the first checkpoint after the input ends; don't wait 10 s.
            env.enableCheckpointing(Duration.ofSeconds(2).toMillis());
        }
        out.printf(Locale.ROOT, "fleetlake: sources %s, lake %s, parallelism %d%n",
                config.presentAmong(FleetlakeOptions.SOURCE_GROUPS), lakeRoot, env.getParallelism());
        JobClient client = env.executeAsync("fleetlake");
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        long started = System.currentTimeMillis();
        installStopOnCtrlC(client, result, lakeRoot,
                lakeGroup.get(LakeOptions.COMPACTION), started);
        while (true) {
            try {
                result.get(PROGRESS_EVERY_MS, TimeUnit.MILLISECONDS);
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                out.println(progressLine(started, lakeRoot));
            } catch (java.util.concurrent.ExecutionException e) {
                out.println(progressLine(started, lakeRoot));
                System.err.println("fleetlake: job failed: " + rootCause(e));
                return 1;
            }
        }
        out.println(progressLine(started, lakeRoot));
        if (backfill != null && !stopping) {
            out.println("fleetlake: backfill " + backfill.publish());
        }
        out.printf(Locale.ROOT, "fleetlake: done in %.1f s; every file is committed under %s%n",
                (System.currentTimeMillis() - started) / 1000.0, lakeRoot);
        return 0;
    }

    private void installStopOnCtrlC(JobClient client, CompletableFuture<JobExecutionResult> result, String lakeRoot,
            boolean drain, long started) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (result.isDone()) {
                return;
            }
            stopping = true;
            // Stop with a savepoint: the sinks commit everything written so far, nothing is left in progress.
            try {
                Path savepoints = Files.createTempDirectory("fleetlake-savepoint");
                out.println("fleetlake: stopping; committing open files...");
                // With compaction, files wait hidden until merged; draining ends the input so the sinks merge and
                // commit them now (a local run never resumes from this savepoint). It also closes open TOP-K windows.
                client.stopWithSavepoint(drain, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
                out.println(progressLine(started, lakeRoot));
                out.println("fleetlake: stopped; every file is committed under " + lakeRoot);
            } catch (Exception e) {
                System.err.println("fleetlake: could not stop cleanly (" + rootCause(e)
                        + "); files of the last checkpoint interval stay uncommitted");
            }
        }, "fleetlake-stop"));
    }

    static Configuration miniClusterConfiguration() {
        Configuration c = LoopbackConfiguration.create();
        c.setString("metrics.reporter.progress.factory.class", ProgressMetricsFactory.class.getName());
        return c;
    }

    private String progressLine(long started, String lakeRoot) {
        long secs = (System.currentTimeMillis() - started) / 1000;
        return String.format(Locale.ROOT,
                "[%4ds] events in %,d | readings %,d | breadcrumbs %,d | dead_letter %,d | files committed %s",
                secs, ProgressMetrics.total("messagesIn"), ProgressMetrics.total("readingsOut"),
                ProgressMetrics.total("breadcrumbsOut"), ProgressMetrics.total("deadLetters"),
                committedFiles(lakeRoot));
    }

    /** Committed data files in a local lake ("n/a" for a remote one, where listing costs requests). */
    static String committedFiles(String lakeRoot) {
        if (lakeRoot.contains("://") && !lakeRoot.startsWith("file:")) {
            return "n/a";
        }
        Path root = Paths.get(lakeRoot.startsWith("file:") ? java.net.URI.create(lakeRoot).getPath() : lakeRoot);
        long n = 0;
        for (String table : new String[] {LakeTables.READINGS, LakeTables.BREADCRUMBS, LakeTables.DEAD_LETTER,
            LakeTables.TOPK, LakeTables.ALERTS}) {
            Path dir = root.resolve(table);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                n += files.filter(p -> {
                    String name = p.getFileName().toString();
                    return name.endsWith(LakeSinkFactory.FILE_SUFFIX) && !name.startsWith(".");
                }).count();
            } catch (IOException | java.io.UncheckedIOException e) {
                // A file committed or removed while walking: count what was seen.
            }
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }
}
