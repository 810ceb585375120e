package io.fleetlake.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.fleetlake.job.config.PropertyGroups;
import io.fleetlake.tools.deploy.AwsJsonClient.AwsServiceException;
import io.fleetlake.tools.deploy.PropertyFileCheck.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Managed Service for Apache Flink commands of {@code ./fleetlake}: {@code validate}, {@code
 * iam-policy}, {@code deploy}, {@code status}, {@code snapshots}, {@code rollback}, {@code stop}.
 * Each is one picocli command; FleetlakeCli registers them.
 */
public final class MsfCommands {
    private MsfCommands() {}

    /** Exit status of a property file with problems, as for any bad input. */
    static final int BAD_INPUT = 2;

    static PrintStream out = System.out;
    static PrintStream err = System.err;

    /** The flags every AWS command shares. */
    public static final class AwsOptions {
        @Option(
                names = "--region",
                paramLabel = "REGION",
                description =
                        "AWS region, e.g. eu-west-1. Default: the SDK's chain (AWS_REGION,"
                                + " profile); us-east-1 with --endpoint-url.")
        String region;

        @Option(
                names = "--endpoint-url",
                paramLabel = "URL",
                description =
                        "One endpoint for every AWS API (a local stand-in such as moto_server),"
                                + " e.g. http://127.0.0.1:5000. Default: AWS.")
        String endpoint;

        AwsClients clients() {
            return new AwsClients(region, endpoint);
        }
    }

    /** The application flag of the application commands. */
    public static final class ApplicationOption {
        @Option(
                names = {"--stack", "--application"},
                required = true,
                paramLabel = "NAME",
                description =
                        "The MSF application (and the prefix of its role, log group and jar"
                                + " key). Example: --stack demo")
        String name;
    }

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            showDefaultValues = true,
            description =
                    "Check a property-group file against every rule MSF applies to runtime"
                            + " properties (strings only, 1 to 2,048 characters, at most 50 groups"
                            + " of at most 50 keys, ids of [a-zA-Z0-9_.-]) and Fleetlake's own"
                            + " (known groups and keys, values that parse, a lake and a source)."
                            + " Prints one line per problem and exits 2, or exits 0.",
            footer = {
                "",
                "Example: ./fleetlake validate --properties deploy/samples/kinesis-to-lake.json"
            })
    public static final class Validate implements Callable<Integer> {
        @Option(
                names = "--properties",
                required = true,
                paramLabel = "FILE",
                description =
                        "The property groups (MSF's JSON shape or {\"PropertyGroups\": [...]}).")
        Path properties;

        @Option(
                names = "--target",
                paramLabel = "msf|local",
                defaultValue = "msf",
                description =
                        "msf: MSF's rules and ours; local: ours only (./fleetlake and Flink"
                                + " clusters take numbers too). Default: ${DEFAULT-VALUE}.")
        String target;

        @Override
        public Integer call() {
            Target t = target(target);
            List<String> problems = PropertyFileCheck.problems(properties, t);
            if (problems.isEmpty()) {
                out.println(properties + ": valid for " + t.name().toLowerCase(Locale.ROOT));
                return 0;
            }
            problems.forEach(err::println);
            return BAD_INPUT;
        }
    }

    static Target target(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "msf":
                return Target.MSF;
            case "local":
                return Target.LOCAL;
            default:
                throw new IllegalArgumentException(
                        "--target: expected msf or local, got '" + value + "'");
        }
    }

    /** The property groups of a file that passes {@code validate --target msf}; else exit 2. */
    static Map<String, Map<String, String>> validGroups(Path file) throws IOException {
        List<String> problems = PropertyFileCheck.problems(file, Target.MSF);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "--properties "
                            + file
                            + " is not valid for MSF ("
                            + problems.size()
                            + " problem(s); ./fleetlake validate --properties "
                            + file
                            + " lists them): "
                            + problems.get(0));
        }
        return PropertyGroups.readJson(file);
    }

    @Command(
            name = "iam-policy",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            showDefaultValues = true,
            description =
                    "Print the execution role's least-privilege policy for these property groups"
                            + " (what deploy puts on the role): the jar, the Kinesis stream, the"
                            + " lake prefix, inputs, Glue, Timestream, SNS, metrics and logs.",
            footer = {
                "",
                "Example: ./fleetlake iam-policy --properties"
                        + " deploy/samples/kinesis-to-lake.json --bucket my-artifacts"
            })
    public static final class IamPolicyCommand implements Callable<Integer> {
        @Option(
                names = "--properties",
                required = true,
                paramLabel = "FILE",
                description = "The property groups.")
        Path properties;

        @Option(
                names = "--bucket",
                required = true,
                paramLabel = "BUCKET",
                description = "The bucket that holds the application jar.")
        String bucket;

        @Option(
                names = {"--stack", "--application"},
                paramLabel = "NAME",
                defaultValue = "fleetlake",
                description = "The application name. Default: ${DEFAULT-VALUE}.")
        String application;

        @Option(
                names = "--region",
                paramLabel = "REGION",
                description = "Region of the ARNs built from names. Default: AWS_REGION.")
        String region;

        @Option(
                names = "--account",
                paramLabel = "ID",
                description =
                        "12-digit account of the ARNs built from names. Default: the account of"
                                + " the first ARN in the file.")
        String account;

        @Override
        public Integer call() throws IOException {
            Map<String, Map<String, String>> groups = validGroups(properties);
            String acct = account != null ? account : IamPolicy.accountFromArns(groups);
            if (acct == null) {
                throw new IllegalArgumentException(
                        "--account: no ARN in "
                                + properties
                                + " names the account; pass --account");
            }
            String reg = region != null ? region : System.getenv("AWS_REGION");
            if (reg == null) {
                throw new IllegalArgumentException(
                        "--region: pass the application's region (or set AWS_REGION)");
            }
            ObjectWriter pretty = AwsJsonClient.JSON.writerWithDefaultPrettyPrinter();
            out.println(
                    pretty.writeValueAsString(
                            IamPolicy.document(
                                    groups,
                                    new IamPolicy.Context(
                                            reg,
                                            acct,
                                            bucket,
                                            MsfDeployer.jarPrefix(application),
                                            MsfDeployer.logGroup(application)))));
            return 0;
        }
    }

    @Command(
            name = "deploy",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            showDefaultValues = true,
            description = {
                "Create or update the MSF application: build the jar if needed, upload it,"
                        + " validate the property groups with MSF's rules, create the log group,"
                        + " the execution role and its generated policy, then create the"
                        + " application (Flink 1.20, snapshots on, autoscaling) and start it, or"
                        + " update what changed (UpdateApplication with CurrentApplicationVersionId:"
                        + " MSF restarts it from its latest snapshot). Prints the plan first.",
            },
            footer = {
                "",
                "Examples:",
                "  ./fleetlake deploy --stack demo --bucket my-bucket --properties"
                        + " deploy/samples/kinesis-to-lake.json --region eu-west-1 --dry-run",
                "  ./fleetlake deploy --stack demo --bucket my-bucket --properties p.json -p 4"
                        + " --restore none"
            })
    public static final class Deploy implements Callable<Integer> {
        @Mixin ApplicationOption application;

        @Option(
                names = "--bucket",
                required = true,
                paramLabel = "BUCKET",
                description = "S3 bucket for the jar (created if missing).")
        String bucket;

        @Option(
                names = "--properties",
                required = true,
                paramLabel = "FILE",
                description = "The application's property groups (validated first).")
        Path properties;

        @Option(
                names = "--jar",
                paramLabel = "FILE",
                description =
                        "The application jar. Default: target/fleetlake-<version>.jar, built"
                                + " (mvn package) when missing or older than the sources.")
        Path jar;

        @Option(
                names = {"-p", "--parallelism"},
                paramLabel = "N",
                defaultValue = "1",
                description = "Parallelism (autoscaling moves it). Default: ${DEFAULT-VALUE}.")
        int parallelism;

        @Option(
                names = "--parallelism-per-kpu",
                paramLabel = "N",
                defaultValue = "1",
                description = "Parallel tasks per KPU (1 vCPU, 4 GB). Default: ${DEFAULT-VALUE}.")
        int parallelismPerKpu;

        @Option(
                names = "--no-autoscaling",
                description = "Keep the parallelism fixed (autoscaling is on by default).")
        boolean noAutoscaling;

        @Option(
                names = "--restore",
                paramLabel = "latest|none|SNAPSHOT",
                defaultValue = "latest",
                description =
                        "Which snapshot an update (or start) restores: the latest, none, or a"
                                + " snapshot name (./fleetlake snapshots lists them). Default:"
                                + " ${DEFAULT-VALUE}.")
        String restore;

        @Option(
                names = {"-n", "--allow-non-restored-state"},
                description = "Let the restore skip state no operator claims (as flink run -n).")
        boolean allowNonRestoredState;

        @Option(names = "--no-start", description = "Create the application without starting it.")
        boolean noStart;

        @Option(names = "--dry-run", description = "Print the plan, change nothing.")
        boolean dryRun;

        @Mixin AwsOptions aws;

        @Override
        public Integer call() throws Exception {
            if (parallelism < 1 || parallelismPerKpu < 1) {
                throw new IllegalArgumentException(
                        "-p/--parallelism and --parallelism-per-kpu must be at least 1");
            }
            Map<String, Map<String, String>> groups = validGroups(properties);
            MsfDeployer.Request r = new MsfDeployer.Request();
            r.application = application.name;
            r.bucket = bucket;
            r.properties = properties;
            r.version = io.fleetlake.tools.local.FleetlakeCli.version();
            r.jar = jar != null ? requireFile(jar, "--jar") : buildJar(r.version);
            r.parallelism = parallelism;
            r.parallelismPerKpu = parallelismPerKpu;
            r.autoscaling = !noAutoscaling;
            r.restore = restore;
            r.allowNonRestoredState = allowNonRestoredState;
            r.dryRun = dryRun;
            r.start = !noStart;
            try (AwsClients clients = aws.clients()) {
                return new MsfDeployer(clients, out).deploy(r, groups);
            } catch (AwsServiceException e) {
                return serviceError(e, aws);
            }
        }
    }

    static Path requireFile(Path file, String flag) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": no such file");
        }
        return file;
    }

    /**
     * The shaded jar, built by {@code mvn package} when it is missing or older than the sources.
     */
    static Path buildJar(String version) throws IOException, InterruptedException {
        Path home = Paths.get(System.getProperty("fleetlake.home", "."));
        Path jar = home.resolve("target").resolve("fleetlake-" + version + ".jar");
        if (Files.isRegularFile(jar)
                && !newerSources(home, Files.getLastModifiedTime(jar).toMillis())) {
            return jar;
        }
        err.println("fleetlake deploy: building " + jar + " (mvn -DskipTests package)...");
        Process p =
                new ProcessBuilder(
                                "mvn", "-q", "-B", "-Dstyle.color=never", "-DskipTests", "package")
                        .directory(home.toFile())
                        .inheritIO()
                        .start();
        if (p.waitFor() != 0 || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(
                    "mvn package did not build "
                            + jar
                            + " (see its output above); or pass --jar FILE");
        }
        return jar;
    }

    private static boolean newerSources(Path home, long than) throws IOException {
        for (String dir : new String[] {"job", "connectors", "sql", "pom.xml"}) {
            Path d = home.resolve(dir);
            if (!Files.exists(d)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(d)) {
                if (files.anyMatch(f -> f.toFile().lastModified() > than)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One line for a refusal of the service; exit 1 (2 for what the user can fix). */
    static int serviceError(AwsServiceException e, AwsOptions aws) {
        if (aws.endpoint != null && e.notImplemented()) {
            err.println(
                    "fleetlake: "
                            + aws.endpoint
                            + " does not implement "
                            + e.operation
                            + " (moto 5.2.1 implements only Create/Describe/ListApplications of"
                            + " MSF)");
            return 1;
        }
        err.println("fleetlake: " + e.getMessage());
        return e.status >= 400 && e.status < 500 ? BAD_INPUT : 1;
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Show the application: status, version, runtime, jar, parallelism, groups.")
    public static final class Status implements Callable<Integer> {
        @Mixin ApplicationOption application;
        @Mixin AwsOptions aws;

        @Override
        public Integer call() {
            try (AwsClients clients = aws.clients()) {
                JsonNode app = new MsfDeployer(clients, out).describe(application.name);
                if (app == null) {
                    err.println(
                            "fleetlake status: no application "
                                    + application.name
                                    + " in "
                                    + clients.region
                                    + " (./fleetlake deploy creates it)");
                    return 1;
                }
                JsonNode conf = app.path("ApplicationConfigurationDescription");
                JsonNode code =
                        conf.path("ApplicationCodeConfigurationDescription")
                                .path("CodeContentDescription")
                                .path("S3ApplicationCodeLocationDescription");
                JsonNode par =
                        conf.path("FlinkApplicationConfigurationDescription")
                                .path("ParallelismConfigurationDescription");
                out.println(application.name + ": " + app.path("ApplicationStatus").asText());
                out.println("  version     " + app.path("ApplicationVersionId").asText());
                out.println("  runtime     " + app.path("RuntimeEnvironment").asText());
                out.println("  arn         " + app.path("ApplicationARN").asText());
                out.println(
                        "  jar         "
                                + code.path("BucketARN").asText().replace("arn:aws:s3:::", "s3://")
                                + "/"
                                + code.path("FileKey").asText());
                out.println(
                        "  parallelism "
                                + par.path("CurrentParallelism").asText("?")
                                + " (configured "
                                + par.path("Parallelism").asText("?")
                                + ", "
                                + par.path("ParallelismPerKPU").asText("?")
                                + " per KPU, autoscaling "
                                + par.path("AutoScalingEnabled").asText("?")
                                + ")");
                out.println(
                        "  groups      "
                                + String.join(
                                        ", ",
                                        MsfDeployer.groupsOf(
                                                        conf.path("EnvironmentPropertyDescriptions")
                                                                .path("PropertyGroupDescriptions"))
                                                .keySet()));
                out.println("  log group   " + MsfDeployer.logGroup(application.name));
                return 0;
            } catch (AwsServiceException e) {
                return serviceError(e, aws);
            }
        }
    }

    @Command(
            name = "snapshots",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "List the application's snapshots (names for deploy --restore), newest first.")
    public static final class Snapshots implements Callable<Integer> {
        @Mixin ApplicationOption application;
        @Mixin AwsOptions aws;

        @Override
        public Integer call() {
            try (AwsClients clients = aws.clients()) {
                JsonNode r =
                        clients.msf.call(
                                "ListApplicationSnapshots",
                                AwsJsonClient.body()
                                        .put("ApplicationName", application.name)
                                        .put("Limit", 50));
                for (JsonNode s : r.path("SnapshotSummaries")) {
                    out.println(
                            s.path("SnapshotName").asText()
                                    + "  "
                                    + s.path("SnapshotStatus").asText()
                                    + "  version "
                                    + s.path("ApplicationVersionId").asText()
                                    + "  "
                                    + s.path("SnapshotCreationTimestamp").asText());
                }
                return 0;
            } catch (AwsServiceException e) {
                return serviceError(e, aws);
            }
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Roll the application back to its previous version (RollbackApplication:"
                            + " MSF restores the previous jar, properties and its snapshot).")
    public static final class Rollback implements Callable<Integer> {
        @Mixin ApplicationOption application;
        @Mixin AwsOptions aws;

        @Override
        public Integer call() {
            try (AwsClients clients = aws.clients()) {
                JsonNode app = new MsfDeployer(clients, out).describe(application.name);
                if (app == null) {
                    err.println("fleetlake rollback: no application " + application.name);
                    return 1;
                }
                JsonNode r =
                        clients.msf.call(
                                "RollbackApplication",
                                AwsJsonClient.body()
                                        .put("ApplicationName", application.name)
                                        .put(
                                                "CurrentApplicationVersionId",
                                                app.path("ApplicationVersionId").asLong()));
                out.println(
                        "fleetlake rollback: "
                                + application.name
                                + " is rolling back (version "
                                + r.path("ApplicationDetail").path("ApplicationVersionId").asText()
                                + ")");
                return 0;
            } catch (AwsServiceException e) {
                return serviceError(e, aws);
            }
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Stop the application; MSF takes a snapshot first, which the next start"
                            + " restores (--force: stop without one).")
    public static final class Stop implements Callable<Integer> {
        @Mixin ApplicationOption application;

        @Option(names = "--force", description = "Stop without a snapshot.")
        boolean force;

        @Mixin AwsOptions aws;

        @Override
        public Integer call() {
            try (AwsClients clients = aws.clients()) {
                clients.msf.call(
                        "StopApplication",
                        AwsJsonClient.body()
                                .put("ApplicationName", application.name)
                                .put("Force", force));
                out.println("fleetlake stop: " + application.name + " is stopping");
                return 0;
            } catch (AwsServiceException e) {
                return serviceError(e, aws);
            }
        }
    }
}
