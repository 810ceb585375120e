package io.fleetlake.tools.local;

import io.fleetlake.tools.deploy.MsfCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./fleetlake}: picocli commands. Without a command it runs the job ({@link LocalLauncher},
 * the same flags as {@code run}).
 *
 * <p>Adding a command: write one {@code @Command(name = ..., description = ...)} class that
 * implements {@code Callable<Integer>} (return the exit code; throw {@link
 * IllegalArgumentException} for a bad flag or file: it is printed as one line, exit 2), then add it
 * to {@code subcommands} below. {@code --help} and {@code docs/cli.md} ({@code ./fleetlake
 * cli-reference}) pick it up from its annotations.
 */
@Command(
        name = "fleetlake",
        mixinStandardHelpOptions = true,
        versionProvider = FleetlakeCli.Version.class,
        sortOptions = false,
        showDefaultValues = true,
        usageHelpAutoWidth = true,
        description = {
            "Fleetlake: the fleet's Flink job. Without a command, runs it here on a local Flink"
                    + " MiniCluster (the simulated fleet into ./lake, until Ctrl-C; the next run"
                    + " resumes).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  ./fleetlake --events 1000                      1,000 simulated events into ./lake",
            "  ./fleetlake --input history/ --lake /data/lake  backfill files",
            "  ./fleetlake validate --properties deploy/samples/kinesis-to-lake.json",
            "  ./fleetlake deploy --application demo --bucket my-bucket \\",
            "      --properties deploy/samples/kinesis-to-lake.json --region eu-west-1",
            "",
            "'./fleetlake COMMAND --help' shows a command's flags. Flink's log: target/fleetlake.log."
        },
        subcommands = {
            FleetlakeCli.Run.class,
            FleetlakeCli.Produce.class,
            FleetlakeCli.ProduceMqtt.class,
            FleetlakeCli.Dashboard.class,
            FleetlakeCli.Bench.class,
            FleetlakeCli.Redrive.class,
            MsfCommands.Validate.class,
            MsfCommands.IamPolicyCommand.class,
            MsfCommands.Deploy.class,
            MsfCommands.Status.class,
            MsfCommands.Snapshots.class,
            MsfCommands.Rollback.class,
            MsfCommands.Stop.class,
            FleetlakeCli.ConfigReferenceCommand.class,
            FleetlakeCli.AthenaDdlCommand.class,
            FleetlakeCli.CliReference.class,
            CommandLine.HelpCommand.class
        })
public final class FleetlakeCli implements Callable<Integer> {
    /**
     * The log4j2 configuration of local runs: Flink's log to {@code -Dfleetlake.log.file}, errors
     * to the console.
     */
    static final String LOG_CONFIGURATION = "fleetlake-tools/log4j2.properties";

    /** Filtered at build time with the pom's version (job/resources). */
    static final String VERSION_RESOURCE = "fleetlake-version.properties";

    @Mixin LocalLauncher.RunOptions run;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        useLogConfiguration();
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: one line and exit 2 for bad input. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FleetlakeCli());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    String name = commandLine.getCommandSpec().qualifiedName();
                    boolean credentials = missingCredentials(e);
                    boolean badInput =
                            credentials
                                    || e instanceof IllegalArgumentException
                                    || e instanceof IOException
                                    || e instanceof UncheckedIOException;
                    String line;
                    if (credentials) {
                        line =
                                "no AWS credentials: the SDK's default chain found none (set"
                                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or"
                                        + " AWS_PROFILE; any static pair works for a local"
                                        + " --endpoint-url)";
                    } else if (badInput) {
                        line = e.getMessage();
                    } else {
                        line =
                                "failed: "
                                        + rootCause(e)
                                        + " (the stack trace is in "
                                        + LocalLauncher.logFile()
                                        + ")";
                    }
                    err.println(name + ": " + line);
                    err.flush();
                    // INFO: the log file only (the console shows ERROR and above).
                    org.slf4j.LoggerFactory.getLogger(FleetlakeCli.class).info(name, e);
                    return badInput ? 2 : 1;
                });
        return cli;
    }

    private static boolean missingCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).startsWith("Unable to load credentials")) {
                return true;
            }
        }
        return false;
    }

    static String rootCause(Throwable e) {
        return RestartReporter.rootCause(e);
    }

    @Override
    public Integer call() {
        // The launcher keeps its own exit handling (Ctrl-C savepoint, restarts, exit codes).
        LocalLauncher.main(
                spec.commandLine().getParseResult().originalArgs().toArray(new String[0]));
        return 0;
    }

    /** {@code run}: the same as no command. */
    @Command(
            name = "run",
            description = "Run the job here (the default when no command is given).",
            mixinStandardHelpOptions = true,
            sortOptions = false)
    static final class Run implements Callable<Integer> {
        @Mixin LocalLauncher.RunOptions run;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            LocalLauncher.main(
                    spec.commandLine().getParseResult().originalArgs().stream()
                            .skip(1)
                            .toArray(String[]::new));
            return 0;
        }
    }

    /**
     * A command whose flags are declared as picocli options (mixed in, so {@code --help} and {@code
     * docs/cli.md} show them) and whose class keeps its own main for its exit handling (Ctrl-C,
     * exit codes): it is handed the original arguments, which it parses into the same options.
     */
    abstract static class OwnMain implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        abstract void main(String[] args) throws Exception;

        @Override
        public Integer call() throws Exception {
            main(
                    spec.commandLine().getParseResult().originalArgs().stream()
                            .skip(1)
                            .toArray(String[]::new));
            return 0;
        }
    }

    /** A command whose flags its own class still parses ({@code --help} there prints its usage). */
    abstract static class PassThrough implements Callable<Integer> {
        @Unmatched List<String> args = new ArrayList<>();

        abstract void main(String[] args) throws Exception;

        @Override
        public Integer call() throws Exception {
            main(args.toArray(new String[0]));
            return 0;
        }
    }

    @Command(
            name = "produce",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Send the simulated fleet to a Kinesis stream (KPL-aggregated), as the fleet's"
                            + " IoT rule would, within the shards' quotas.")
    static final class Produce extends OwnMain {
        @Mixin KinesisProduceCommand.Options options;

        @Override
        void main(String[] args) {
            KinesisProduceCommand.main(args);
        }
    }

    @Command(
            name = "produce-mqtt",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Publish the simulated fleet to an MQTT broker, on the devices' topics (QoS 1,"
                            + " in real time).")
    static final class ProduceMqtt extends OwnMain {
        @Mixin MqttProducer.Options options;

        @Override
        void main(String[] args) {
            MqttProducer.main(args);
        }
    }

    @Command(
            name = "dashboard",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Serve the fleet map, dashboard and history over a lake, until Ctrl-C.")
    static final class Dashboard extends OwnMain {
        @Mixin io.fleetlake.tools.dashboard.DashboardSettings.Flags flags;

        @Override
        void main(String[] args) {
            io.fleetlake.tools.dashboard.DashboardCommand.main(args);
        }
    }

    @Command(name = "bench", description = "Benchmark the job against alternatives (see docs).")
    static final class Bench extends PassThrough {
        @Override
        void main(String[] args) throws Exception {
            io.fleetlake.tools.bench.FleetlakeBench.main(args);
        }
    }

    @Command(
            name = "redrive",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Re-send an event-time range of the lake to a sink after an outage,"
                            + " idempotently.")
    static final class Redrive extends OwnMain {
        @Mixin io.fleetlake.tools.redrive.RedriveCommand.Flags flags;

        @Override
        void main(String[] args) {
            io.fleetlake.tools.redrive.RedriveCommand.main(args);
        }
    }

    @Command(
            name = "config-reference",
            mixinStandardHelpOptions = true,
            description = "Print the configuration reference (every group and key) as Markdown.")
    static final class ConfigReferenceCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(io.fleetlake.tools.config.ConfigReference.markdown());
            return 0;
        }
    }

    @Command(
            name = "athena-ddl",
            mixinStandardHelpOptions = true,
            description = "Write the Athena DDL of every lake table.")
    static final class AthenaDdlCommand implements Callable<Integer> {
        @Parameters(
                arity = "0..1",
                paramLabel = "DIR",
                defaultValue = "sql/athena",
                description = "Where to write <table>.sql. Default: ${DEFAULT-VALUE}.")
        String dir;

        @Override
        public Integer call() throws IOException {
            io.fleetlake.tools.ddl.AthenaDdl.write(java.nio.file.Paths.get(dir));
            return 0;
        }
    }

    @Command(
            name = "cli-reference",
            mixinStandardHelpOptions = true,
            description = "Print every command's --help as Markdown (docs/cli.md).")
    static final class CliReference implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(CliReferenceMarkdown.markdown(commandLine()));
            return 0;
        }
    }

    /** The project version, from the resource the build generates from pom.xml. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"fleetlake " + version()};
        }
    }

    /** The project version ({@code pom.xml}), or "unknown" when the resource is missing. */
    public static String version() throws IOException {
        try (InputStream in =
                FleetlakeCli.class.getClassLoader().getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
    }

    /**
     * Points log4j at the launcher's configuration before anything logs. Found by name, log4j would
     * prefer the {@code log4j2-test.properties} inside Flink's test jars on the class path, which
     * logs nothing, so the log file would never be written. An explicit {@code
     * -Dlog4j2.configurationFile} still wins.
     */
    static void useLogConfiguration() {
        java.net.URL url = FleetlakeCli.class.getClassLoader().getResource(LOG_CONFIGURATION);
        if (url != null && System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", url.toString());
        }
    }
}
