package io.fleetlake.tools.local;

import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.connectors.files.FileSourceSettings;
import io.fleetlake.connectors.lake.LakeBackfill;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.connectors.s3.S3FileSystems;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.JobOptions;
import io.fleetlake.job.JobSettings;
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
import java.util.List;
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
                    + "[-p N] [--state DIR] [-s PATH] [-n] [--fresh] [--verbose]"
                    + " (./fleetlake --help explains each)";

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

    /**
     * Checkpoints of a bounded local run: every {@link #BOUNDED_CHECKPOINT_INTERVAL}, and at least
     * that long apart. Without the pause a snapshot that takes longer than the interval (state
     * grows while one file reader is hours of event time ahead of the other and windows and alert
     * inputs wait for the slower one's watermark) is followed by the next at once, and the heap
     * state backend's copy-on-write and snapshot threads never stop copying state.
     */
    public static void enableBoundedCheckpoints(StreamExecutionEnvironment env) {
        env.enableCheckpointing(BOUNDED_CHECKPOINT_INTERVAL.toMillis());
        env.getCheckpointConfig()
                .setMinPauseBetweenCheckpoints(BOUNDED_CHECKPOINT_INTERVAL.toMillis());
    }

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
            // A configuration or file error: one line naming the flag, file, group or key, and the
            // fix; the stack trace only in the log.
            System.err.println("fleetlake: " + e.getMessage());
            System.err.println(USAGE);
            org.slf4j.LoggerFactory.getLogger(LocalLauncher.class)
                    .info("fleetlake: bad arguments or configuration", e);
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
        RunOptions options = new RunOptions();
        try {
            new picocli.CommandLine(options).parseArgs(args);
        } catch (picocli.CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        options.putInto(flags);
        return configure(flags);
    }

    /**
     * The launcher's flags ({@code ./fleetlake [run]}), parsed by picocli; also the options of the
     * {@code run} command and of {@code ./fleetlake} without a command ({@link FleetlakeCli}).
     */
    @picocli.CommandLine.Command(
            mixinStandardHelpOptions = false,
            sortOptions = false,
            showDefaultValues = true)
    public static final class RunOptions {
        @picocli.CommandLine.Option(
                names = "--events",
                paramLabel = "N",
                description =
                        "Run the simulated fleet for N events, then exit once every file is"
                                + " committed. Default: unbounded, until Ctrl-C. Example: --events"
                                + " 1000")
        String events;

        @picocli.CommandLine.Option(
                names = "--input",
                paramLabel = "PATH",
                description =
                        "Backfill a file or directory (*.jsonl, *.json, *.csv, optionally .gz),"
                                + " then exit. Example: --input history/")
        String input;

        @picocli.CommandLine.Option(
                names = "--lake",
                paramLabel = "DIR|s3://bucket/prefix",
                description = "Lake root. Default: ./lake (or the file's Lake.path).")
        String lake;

        @picocli.CommandLine.Option(
                names = "--properties",
                paramLabel = "FILE",
                description =
                        "Property groups (MSF's JSON shape, or {\"PropertyGroups\": [...]});"
                                + " flags override it. Example: --properties"
                                + " deploy/samples/kinesis-to-lake.json")
        String properties;

        @picocli.CommandLine.Option(
                names = {"-p", "--parallelism"},
                paramLabel = "N",
                description = "Operator parallelism. Default: 2 (or Job.parallelism).")
        String parallelism;

        @picocli.CommandLine.Option(
                names = "--state",
                paramLabel = "DIR",
                description = "Checkpoints and savepoints to resume from. Default: <lake>/_state.")
        String state;

        @picocli.CommandLine.Option(
                names = {"-s", "--from-savepoint"},
                paramLabel = "PATH",
                description =
                        "Resume from this savepoint or retained checkpoint instead of the newest"
                                + " in the state folder (as flink run -s).")
        String savepoint;

        @picocli.CommandLine.Option(
                names = {"-n", "--allow-non-restored-state"},
                description =
                        "Let a resume skip savepoint state that no operator claims (as flink run"
                                + " -n).")
        boolean allowNonRestoredState;

        @picocli.CommandLine.Option(
                names = "--fresh",
                description = "Start over: forget the state instead of resuming from it.")
        boolean fresh;

        @picocli.CommandLine.Option(
                names = "--verbose",
                description =
                        "Print where start-up time goes (JVM, file systems, job graph,"
                                + " MiniCluster, first record).")
        boolean verbose;

        void putInto(Map<String, String> flags) {
            put(flags, "--events", events);
            put(flags, "--input", input);
            put(flags, "--lake", lake);
            put(flags, "--properties", properties);
            put(flags, "--parallelism", parallelism);
            put(flags, "--state", state);
            put(flags, "--from-savepoint", savepoint);
            if (allowNonRestoredState) {
                flags.put("--allow-non-restored-state", "true");
            }
            if (fresh) {
                flags.put("--fresh", "true");
            }
            if (verbose) {
                flags.put("--verbose", "true");
            }
        }

        private static void put(Map<String, String> flags, String flag, String value) {
            if (value != null) {
                flags.put(flag, value);
            }
        }
    }

    /** The job configuration from the parsed flags. */
    static FleetlakeConfig configure(Map<String, String> flags) throws IOException {
        Map<String, Map<String, String>> groups;
        try {
            groups =
                    flags.containsKey("--properties")
                            ? PropertyGroups.readJson(Paths.get(flags.get("--properties")))
                            : new LinkedHashMap<>();
        } catch (IOException e) {
            // One line naming the file and what to fix (exit 2), not a failed run.
            throw new IllegalArgumentException("--properties: " + e.getMessage(), e);
        }
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
                        "--lake", LakeSinkFactory.lakePath(config.section(FleetlakeOptions.LAKE)));
        config = config.with(FleetlakeOptions.LAKE, LakeOptions.PATH, absoluteLake(lake));
        if (!config.isSet(FleetlakeOptions.TOPK, TopKOptions.PRINT_ROWS)) {
            // A local run shows the top of each closed TOP-K window.
            config = config.with(FleetlakeOptions.TOPK, TopKOptions.PRINT_ROWS, "3");
        }
        // A local run evaluates the default alert rules and prints alerts as they open and close.
        if (!config.isSet(FleetlakeOptions.ALERTS, AlertOptions.PRINT)) {
            config = config.with(FleetlakeOptions.ALERTS, AlertOptions.PRINT, "true");
        }
        if (!config.isSet(FleetlakeOptions.ALERTS, AlertOptions.GEOFENCES)) {
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
        String lakeRoot = LakeSinkFactory.lakePath(lakeGroup);
        requireWritableLake(lakeRoot, flags.containsKey("--lake") ? "--lake" : "Lake.path");

        // Flink's S3 file system, loaded as a plugin as on a cluster, with the Lake group's S3
        // settings.
        String input =
                config.has(FleetlakeOptions.FILES)
                        ? FileSourceSettings.fromConfiguration(
                                        config.section(FleetlakeOptions.FILES))
                                .path()
                        : null;
        times.mark("configuration");
        S3FileSystems.initialize(
                FleetlakeApplication.s3Settings(config),
                S3FileSystems.pluginsDir(Paths.get("target", "plugins")),
                S3FileSystems.isS3(lakeRoot) || (input != null && S3FileSystems.isS3(input)));
        times.mark("file systems (S3 plugin)");
        LakeBackfill backfill = FleetlakeApplication.backfillFor(config);

        Configuration cluster = miniClusterConfiguration();
        JobSettings jobSettings = JobSettings.fromConfiguration(jobGroup);
        int restartAttempts = jobSettings.restartAttempts().orElse(DEFAULT_RESTART_ATTEMPTS);
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
            if (flags.containsKey("--from-savepoint")) {
                // -s: this savepoint, whatever the state folder holds (as flink run -s).
                cluster.setString("execution.savepoint.path", flags.get("--from-savepoint"));
                out.println("fleetlake: -s: resuming from " + flags.get("--from-savepoint"));
            }
        } else if (flags.containsKey("--from-savepoint")) {
            throw new IllegalArgumentException(
                    "-s/--from-savepoint: a replacing backfill never resumes; drop -s");
        }
        if (flags.containsKey("--allow-non-restored-state")) {
            cluster.setString("execution.savepoint.ignore-unclaimed-state", "true");
        }
        // A run without a state folder (a backfill) still checkpoints to files, not to JobManager
        // memory.
        LocalCheckpointStorage.apply(cluster);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(cluster);
        env.setParallelism(jobSettings.parallelism().orElse(2));
        boolean explicitInterval =
                config.isSet(FleetlakeOptions.JOB, JobOptions.CHECKPOINT_INTERVAL);
        ProgressMetrics.reset();
        FleetlakeJob probe = FleetlakeApplication.build(env, config, now, backfill);
        times.mark("job graph build");
        if (probe.isBounded() && !explicitInterval) {
            // A bounded run commits its last files at the first checkpoint after the input ends;
            // don't wait 10 s.
            enableBoundedCheckpoints(env);
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
                reportOutages();
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
            boolean published = backfill.isPublished();
            out.println(
                    "fleetlake: backfill run "
                            + (published ? backfill.publishedRun() : backfill.currentRun())
                            + (published
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
                && !config.isSet(FleetlakeOptions.SIMULATOR, SimulatorOptions.START_TIME)) {
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

    /**
     * A local lake must be a directory this user can create and write; otherwise the run would fail
     * later naming its {@code _state} folder instead of the flag that chose it.
     */
    static void requireWritableLake(String lakeRoot, String flag) {
        if (lakeRoot.contains("://") && !lakeRoot.startsWith("file:")) {
            return;
        }
        Path dir =
                Paths.get(
                        lakeRoot.startsWith("file:")
                                ? java.net.URI.create(lakeRoot).getPath()
                                : lakeRoot);
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(
                    flag
                            + " "
                            + lakeRoot
                            + ": cannot create that directory ("
                            + e.getClass().getSimpleName()
                            + "); choose a directory you can write, e.g. "
                            + flag
                            + (flag.startsWith("--") ? " ./lake" : " in the properties file"),
                    e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(
                    flag + " " + lakeRoot + ": not writable; choose a directory you can write");
        }
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

    /** The systems last reported down on the console. */
    private List<String> reportedOutages = List.of();

    /**
     * A console line as soon as a secondary system starts or stops failing (the job log has the
     * errors; the console is where a user looks).
     */
    private void reportOutages() {
        List<String> now = new java.util.ArrayList<>();
        List<String> systems = new java.util.ArrayList<>();
        for (String o : ProgressMetrics.outages()) {
            if (o.contains(" DOWN ")) {
                now.add(o);
                systems.add(o.substring(0, o.indexOf(' ')));
            }
        }
        if (!systems.equals(reportedOutages)) {
            err.println(
                    systems.isEmpty()
                            ? "fleetlake: every sink writes again"
                            : "fleetlake: unavailable: "
                                    + String.join("; ", now)
                                    + " (records given up are in dead_letter; repair with"
                                    + " ./fleetlake redrive)");
            reportedOutages = systems;
        }
    }

    private String progressLine(long started, String lakeRoot) {
        long secs = (System.currentTimeMillis() - started) / 1000;
        List<String> outages = ProgressMetrics.outages();
        return String.format(
                        Locale.ROOT,
                        "[%4ds] events in %,d | readings %,d | breadcrumbs %,d | dead_letter %,d | files committed %s",
                        secs,
                        ProgressMetrics.total("messagesIn"),
                        ProgressMetrics.total("readingsOut"),
                        ProgressMetrics.total("breadcrumbsOut"),
                        ProgressMetrics.total("deadLetters"),
                        committedFiles(lakeRoot))
                + (outages.isEmpty() ? "" : " | " + String.join(" | ", outages));
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
