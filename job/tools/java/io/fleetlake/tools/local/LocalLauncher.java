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
import java.util.Optional;
import java.util.Properties;
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
 *   --state DIR                  checkpoints and savepoints to resume from (default &lt;lake&gt;/_state)
 *   --fresh                      start over: forget the state instead of resuming from it
 *   --verbose                    print where start-up time goes (JVM, file systems, job graph, MiniCluster, first
 *                                record)
 * </pre>
 *
 * <p>An unbounded run resumes: its checkpoints are retained and Ctrl-C stops it with a savepoint,
 * both in the state folder ({@link LocalState}); the next run on the same lake starts from the
 * newest. A failing job is restarted {@code Job.restart-attempts} times (default 3), each restart
 * printed with its root cause, then the launcher exits with status 1 naming the cause. Flink's log
 * goes to {@code target/fleetlake.log}.
 */
public final class LocalLauncher {
    private static final long PROGRESS_EVERY_MS = 5000;

    private final PrintStream out;
    private final PrintStream err;

    /** Completed by Ctrl-C (or a test): the run stops with a savepoint. */
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();

    /**
     * Completed when {@link #run} has returned, so the Ctrl-C hook lets the JVM exit only after the
     * stop.
     */
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();

    LocalLauncher(PrintStream out) {
        this(out, System.err);
    }

    LocalLauncher(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static final String USAGE =
            "usage: fleetlake [--events N] [--input PATH] [--lake DIR] [--properties FILE] "
                    + "[--parallelism N] [--state DIR] [--fresh] [--verbose]";

    /**
     * Restarts of a local run before it gives up, unless {@code Job.restart-attempts} says
     * otherwise.
     */
    static final int DEFAULT_RESTART_ATTEMPTS = 3;

    private static final long POLL_MS = 500;

    /**
     * Checkpoint interval of a bounded local run (unless {@code Job.checkpoint-interval} is set): a
     * bounded run commits its last files at the first checkpoint after the input ends.
     */
    public static final Duration BOUNDED_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            System.exit(0);
        }
        int code;
        try {
            LocalLauncher launcher = new LocalLauncher(System.out);
            launcher.stopOnCtrlC();
            code = launcher.run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fleetlake: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println(
                    "fleetlake: failed: "
                            + rootCause(e)
                            + " (the stack trace is in "
                            + logFile()
                            + ")");
            org.slf4j.LoggerFactory.getLogger(LocalLauncher.class).error("fleetlake failed", e);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Parses the command line into the job configuration. Fails naming any unknown flag or bad
     * value.
     */
    static final String SAMPLE_GEOFENCES = "local-stack/samples/geofences.geojson";

    public static FleetlakeConfig parse(String[] args) throws IOException {
        return parse(args, new LinkedHashMap<>());
    }

    /**
     * The same, leaving the launcher's own flags ({@code --state}, {@code --fresh}) in {@code
     * flags}.
     */
    static FleetlakeConfig parse(String[] args, Map<String, String> flags) throws IOException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--events":
                case "--input":
                case "--lake":
                case "--properties":
                case "--parallelism":
                case "--state":
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    if (flags.put(a, args[++i]) != null) {
                        throw new IllegalArgumentException(a + " given twice");
                    }
                    break;
                case "--fresh":
                case "--verbose":
                    flags.put(a, "true");
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        Map<String, Map<String, String>> groups =
                flags.containsKey("--properties")
                        ? PropertyGroups.readJson(Paths.get(flags.get("--properties")))
                        : new LinkedHashMap<>();
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        if (flags.containsKey("--events")) {
            long n = parsePositiveLong("--events", flags.get("--events"));
            config =
                    config.with(
                            FleetlakeOptions.SIMULATOR, SimulatorOptions.EVENTS, Long.toString(n));
        }
        if (flags.containsKey("--input")) {
            Path input = Paths.get(flags.get("--input"));
            if (!Files.exists(input)) {
                throw new IllegalArgumentException("--input: no such file or directory: " + input);
            }
            config =
                    config.with(
                            FleetlakeOptions.FILES,
                            FileSourceOptions.PATH,
                            input.toAbsolutePath().toString());
        }
        if (flags.containsKey("--parallelism")) {
            long p = parsePositiveLong("--parallelism", flags.get("--parallelism"));
            config = config.with(FleetlakeOptions.JOB, JobOptions.PARALLELISM, Long.toString(p));
        }
        String lake =
                flags.getOrDefault(
                        "--lake", config.section(FleetlakeOptions.LAKE).get(LakeOptions.PATH));
        config = config.with(FleetlakeOptions.LAKE, LakeOptions.PATH, absoluteLake(lake));
        if (!config.section(FleetlakeOptions.TOPK)
                .getOptional(TopKOptions.PRINT_ROWS)
                .isPresent()) {
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
                config =
                        config.with(
                                FleetlakeOptions.ALERTS,
                                AlertOptions.GEOFENCES,
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
            throw new IllegalArgumentException(
                    flag + ": expected a positive whole number, got '" + value + "'");
        }
    }

    private static String absoluteLake(String lake) {
        if (lake.contains("://")) {
            return lake;
        }
        return Paths.get(lake).toAbsolutePath().normalize().toString();
    }

    int run(String[] args) throws Exception {
        try {
            int code = runJob(args);
            finished.complete(code);
            return code;
        } catch (Exception | Error e) {
            finished.completeExceptionally(e);
            throw e;
        }
    }

    private int runJob(String[] args) throws Exception {
        StartupTimes times = new StartupTimes();
        Map<String, String> flags = new LinkedHashMap<>();
        FleetlakeConfig config = parse(args, flags);
        boolean verbose = flags.containsKey("--verbose");
        long now = System.currentTimeMillis();
        Configuration lakeGroup = config.section(FleetlakeOptions.LAKE);
        Configuration jobGroup = config.section(FleetlakeOptions.JOB);
        String lakeRoot = lakeGroup.get(LakeOptions.PATH);

        // Flink's S3 file system, loaded as a plugin as on a cluster, with the Lake group's S3
        // settings.
        String input =
                config.section(FleetlakeOptions.FILES)
                        .getOptional(FileSourceOptions.PATH)
                        .orElse(null);
        times.mark("configuration");
        S3FileSystems.initialize(
                FleetlakeApplication.s3Settings(config),
                S3FileSystems.pluginsDir(Paths.get("target", "plugins")),
                S3FileSystems.isS3(lakeRoot) || (input != null && S3FileSystems.isS3(input)));
        times.mark("file systems (S3 plugin)");
        LakeBackfill backfill = FleetlakeApplication.backfillFor(config);

        Configuration cluster = miniClusterConfiguration();
        int restartAttempts =
                jobGroup.getOptional(JobOptions.RESTART_ATTEMPTS).orElse(DEFAULT_RESTART_ATTEMPTS);
        config =
                config.with(
                        FleetlakeOptions.JOB,
                        JobOptions.RESTART_ATTEMPTS,
                        Integer.toString(restartAttempts));
        // A replacing backfill never resumes: a new run stages from scratch, and a stopped one is
        // not published.
        LocalState state =
                backfill == null
                        ? LocalState.of(lakeRoot, absoluteState(flags.get("--state")))
                        : null;
        if (state != null) {
            config = resume(state, config, cluster, flags.containsKey("--fresh"), now);
        }
        // A run without a state folder (a backfill) still checkpoints to files, not to JobManager
        // memory.
        LocalCheckpointStorage.apply(cluster);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(cluster);
        env.setParallelism(jobGroup.getOptional(JobOptions.PARALLELISM).orElse(2));
        boolean explicitInterval = jobGroup.getOptional(JobOptions.CHECKPOINT_INTERVAL).isPresent();
        ProgressMetrics.reset();
        FleetlakeJob probe = FleetlakeApplication.build(env, config, now, backfill);
        times.mark("job graph build");
        if (probe.isBounded() && !explicitInterval) {
            // A bounded run commits its last files at the first checkpoint after the input ends;
            // don't wait 10 s.
            env.enableCheckpointing(BOUNDED_CHECKPOINT_INTERVAL.toMillis());
        }
        out.printf(
                Locale.ROOT,
                "fleetlake: sources %s, lake %s, parallelism %d%n",
                config.presentAmong(FleetlakeOptions.SOURCE_GROUPS),
                lakeRoot,
                env.getParallelism());
        JobClient client = env.executeAsync("fleetlake");
        times.mark("MiniCluster start and job submission");
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        long started = System.currentTimeMillis();
        RestartReporter restarts =
                new RestartReporter(cluster, client.getJobID(), restartAttempts, err);
        long lastProgress = started;
        boolean firstRecord = false;
        long lastPoll = started;
        while (true) {
            try {
                // Short polls only until the first record, to time it.
                result.get(firstRecord ? POLL_MS : 20, TimeUnit.MILLISECONDS);
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                if (!firstRecord && ProgressMetrics.total("messagesIn") > 0) {
                    firstRecord = true;
                    times.mark("job start to first record (deploy, open operators)");
                }
                // Until the first record the loop turns every 20 ms; the REST polls for restarts
                // keep their pace.
                if (System.currentTimeMillis() - lastPoll < POLL_MS && !stopRequested.isDone()) {
                    continue;
                }
                lastPoll = System.currentTimeMillis();
                restarts.poll();
                if (stopRequested.isDone()) {
                    return stop(client, state, backfill != null, lakeRoot, started);
                }
                if (System.currentTimeMillis() - lastProgress >= PROGRESS_EVERY_MS) {
                    lastProgress = System.currentTimeMillis();
                    out.println(progressLine(started, lakeRoot));
                }
            } catch (java.util.concurrent.ExecutionException e) {
                out.println(progressLine(started, lakeRoot));
                restarts.poll(); // the failures of the last second, if the cluster still answers
                // Failures come faster than one poll a second: once the restarts are used up, they
                // were all made.
                int made = restartsUsedUp(e) ? restartAttempts : restarts.restartsSeen();
                err.println("fleetlake: job failed after " + made + " restart(s): " + rootCause(e));
                err.println(
                        "fleetlake: the stack trace is in "
                                + logFile()
                                + (state != null
                                        ? "; the next run resumes from the last checkpoint in "
                                                + state
                                                + ", if any"
                                                + " (--fresh to start over)"
                                        : ""));
                return 1;
            }
        }
        out.println(progressLine(started, lakeRoot));
        if (state != null) {
            // The input is done: Flink keeps the final checkpoint, but resuming from it would only
            // end at once.
            state.wipe();
        }
        if (backfill != null) {
            // The job published it when its last committer was done (BackfillPublisher).
            out.println(
                    "fleetlake: backfill run "
                            + backfill.runId()
                            + (backfill.isPublished()
                                    ? " published"
                                    : " NOT published (see " + logFile() + ")"));
        }
        out.printf(
                Locale.ROOT,
                "fleetlake: done in %.1f s; every file is committed under %s%n",
                (System.currentTimeMillis() - started) / 1000.0,
                lakeRoot);
        if (verbose) {
            times.mark(
                    firstRecord
                            ? "first record to job end (run, final checkpoint, commit)"
                            : "job run");
            times.print(out);
        }
        return 0;
    }

    /**
     * Points the cluster at the state folder (retained checkpoints, savepoints) and, unless {@code
     * fresh}, at the newest checkpoint or savepoint in it. Returns the configuration to build the
     * job with.
     */
    private FleetlakeConfig resume(
            LocalState state,
            FleetlakeConfig config,
            Configuration cluster,
            boolean fresh,
            long now)
            throws IOException {
        String sources = config.presentAmong(FleetlakeOptions.SOURCE_GROUPS).toString();
        Properties run = state.readRun();
        Optional<String> snapshot = Optional.empty();
        if (fresh) {
            state.wipe();
            run = new Properties();
            out.println("fleetlake: --fresh: starting over (state in " + state + " removed)");
        } else {
            snapshot = state.newestSnapshot();
            if (snapshot.isPresent() && !sources.equals(run.getProperty("sources", sources))) {
                throw new IllegalArgumentException(
                        "the state in "
                                + state
                                + " is of a run with sources "
                                + run.getProperty("sources")
                                + ", this one has "
                                + sources
                                + ": add --fresh to start over, or --state DIR to keep state elsewhere");
            }
        }
        cluster.setString("execution.checkpointing.dir", state.checkpointsDir());
        cluster.setString("execution.checkpointing.savepoint-dir", state.savepointsDir());
        // Kept when the job is cancelled or fails (a crash of this JVM leaves them anyway).
        cluster.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        if (snapshot.isPresent()) {
            cluster.setString("execution.savepoint.path", snapshot.get());
            out.println("fleetlake: resuming from " + snapshot.get());
        } else if (!fresh) {
            out.println("fleetlake: no checkpoint in " + state + "; starting from the beginning");
        }
        // The simulator's events are a function of its start time: a resumed run keeps the first
        // run's.
        if (config.has(FleetlakeOptions.SIMULATOR)
                && !config.section(FleetlakeOptions.SIMULATOR)
                        .getOptional(SimulatorOptions.START_TIME)
                        .isPresent()) {
            String start =
                    snapshot.isPresent()
                            ? run.getProperty("simulator.start-time", Long.toString(now))
                            : Long.toString(now);
            config = config.with(FleetlakeOptions.SIMULATOR, SimulatorOptions.START_TIME, start);
            run.setProperty("simulator.start-time", start);
        }
        run.setProperty("sources", sources);
        state.writeRun(run);
        return config;
    }

    /**
     * Stops the job with a savepoint into the state folder (a backfill: cancels it, nothing is
     * published).
     */
    private int stop(
            JobClient client, LocalState state, boolean backfill, String lakeRoot, long started) {
        try {
            if (backfill || state == null) {
                out.println(
                        "fleetlake: stopping; the backfill is not published (run it again to replace)");
                client.cancel().get(60, TimeUnit.SECONDS);
                return 0;
            }
            out.println("fleetlake: stopping with a savepoint; committing open files...");
            // No drain: the sources keep their position and the windows their contents, so the next
            // run resumes
            // exactly. Files the compaction still holds back are committed when the next run
            // resumes.
            String savepoint =
                    client.stopWithSavepoint(
                                    false, state.savepointsDir(), SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
            out.println(progressLine(started, lakeRoot));
            state.pruneExcept(savepoint);
            out.println(
                    "fleetlake: stopped; savepoint "
                            + savepoint
                            + "; the next run on this lake resumes from it");
            return 0;
        } catch (Exception e) {
            err.println(
                    "fleetlake: could not stop cleanly ("
                            + rootCause(e)
                            + "); the next run resumes from the last "
                            + "checkpoint");
            return 1;
        }
    }

    private static boolean restartsUsedUp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).startsWith("Recovery is suppressed")) {
                return true;
            }
        }
        return false;
    }

    /** Ctrl-C (SIGINT/SIGTERM) stops the run with a savepoint; the JVM exits once that is done. */
    private void stopOnCtrlC() {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    if (finished.isDone()) {
                                        return;
                                    }
                                    requestStop();
                                    try {
                                        finished.get(90, TimeUnit.SECONDS);
                                    } catch (Exception e) {
                                        // Exiting anyway: the retained checkpoints are still there
                                        // to resume from.
                                    }
                                },
                                "fleetlake-stop"));
    }

    /** Asks a running {@link #run} to stop with a savepoint and return (what Ctrl-C does). */
    void requestStop() {
        stopRequested.complete(null);
    }

    private static String absoluteState(String dir) {
        return dir == null ? null : absoluteLake(dir);
    }

    /**
     * Where Flink's log of this run goes ({@code -Dfleetlake.log.file}, as the log4j2 configuration
     * says).
     */
    static String logFile() {
        return System.getProperty("fleetlake.log.file", "target/fleetlake.log");
    }

    static Configuration miniClusterConfiguration() {
        Configuration c = LoopbackConfiguration.create();
        c.setString(
                "metrics.reporter.progress.factory.class", ProgressMetricsFactory.class.getName());
        // The REST API on a port of our own, to read the job's failures from (RestartReporter).
        c.set(org.apache.flink.configuration.RestOptions.PORT, RestartReporter.freePort());
        return c;
    }

    private String progressLine(long started, String lakeRoot) {
        long secs = (System.currentTimeMillis() - started) / 1000;
        return String.format(
                Locale.ROOT,
                "[%4ds] events in %,d | readings %,d | breadcrumbs %,d | dead_letter %,d | files committed %s",
                secs,
                ProgressMetrics.total("messagesIn"),
                ProgressMetrics.total("readingsOut"),
                ProgressMetrics.total("breadcrumbsOut"),
                ProgressMetrics.total("deadLetters"),
                committedFiles(lakeRoot));
    }

    /**
     * Committed data files in a local lake ("n/a" for a remote one, where listing costs requests).
     */
    static String committedFiles(String lakeRoot) {
        if (lakeRoot.contains("://") && !lakeRoot.startsWith("file:")) {
            return "n/a";
        }
        Path root =
                Paths.get(
                        lakeRoot.startsWith("file:")
                                ? java.net.URI.create(lakeRoot).getPath()
                                : lakeRoot);
        long n = 0;
        for (String table :
                new String[] {
                    LakeTables.READINGS,
                    LakeTables.BREADCRUMBS,
                    LakeTables.DEAD_LETTER,
                    LakeTables.TOPK,
                    LakeTables.ALERTS
                }) {
            Path dir = root.resolve(table);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                n +=
                        files.filter(
                                        p -> {
                                            String name = p.getFileName().toString();
                                            return name.endsWith(LakeSinkFactory.FILE_SUFFIX)
                                                    && !name.startsWith(".");
                                        })
                                .count();
            } catch (IOException | java.io.UncheckedIOException e) {
                // A file committed or removed while walking: count what was seen.
            }
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rootCause(Throwable e) {
        return RestartReporter.rootCause(e);
    }
}
