package io.fleetlake.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetlake.job.config.PropertyGroups;
import io.fleetlake.tools.local.FleetlakeCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fleetlake deploy} against moto_server (127.0.0.1, a free port, stopped by PID), checked
 * with an independent reader: the AWS CLI ({@code aws}, v1) reading moto's stored state. moto 5.2.1
 * implements MSF's CreateApplication, DescribeApplication and ListApplications only; it answers
 * UpdateApplication, StartApplication, StopApplication and ListApplicationSnapshots with an HTML
 * 500. The update is therefore checked against moto extended with those operations ({@code
 * local-stack/aws/moto_msf.py}, what {@code local-stack/start aws} runs), and {@link
 * #plainMotoCreatesAndNamesTheMissingUpdate} shows what plain moto does.
 */
class DeployITCase {
    static final String ACCOUNT = "123456789012"; // moto's default account
    static final String REGION = "us-east-1";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void credentials() {
        // The default chain's first provider: any static pair works for moto.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterAll
    static void noCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void createsEverythingThenUpdatesOnlyWhatChanged() throws Exception {
        try (DeployMoto moto = DeployMoto.withMsfUpdate(dir)) {
            Path props = dir.resolve("p.json");
            Files.copy(Paths.get("deploy/samples/kinesis-to-lake.json"), props);
            Path jar = dir.resolve("app.jar");
            Files.write(
                    jar, "not really a jar, but bytes to upload".getBytes(StandardCharsets.UTF_8));

            assertThat(deploy(moto, props, jar)).as(out + "\n" + err).isZero();
            Map<String, Map<String, String>> groups = PropertyGroups.readJson(props);
            String jarKey = "fleetlake/demo/" + MsfDeployer.jarName(request(jar));

            // The bucket holds the jar, byte for byte.
            Path copy = dir.resolve("copy.jar");
            aws(
                    moto,
                    "s3api",
                    "get-object",
                    "--bucket",
                    "demo-bucket",
                    "--key",
                    jarKey,
                    copy.toString());
            assertThat(copy).hasSameBinaryContentAs(jar);

            // The role trusts MSF; its one policy is exactly the generated one.
            JsonNode role = aws(moto, "iam", "get-role", "--role-name", "demo-fleetlake");
            assertThat(document(role.path("Role").path("AssumeRolePolicyDocument")))
                    .isEqualTo(IamPolicy.trustPolicy());
            JsonNode policies =
                    aws(moto, "iam", "list-role-policies", "--role-name", "demo-fleetlake");
            assertThat(policies.path("PolicyNames").toString()).isEqualTo("[\"fleetlake\"]");
            JsonNode expectedPolicy = IamPolicy.document(groups, context());
            assertThat(rolePolicy(moto)).isEqualTo(expectedPolicy);
            assertThat(expectedPolicy.toString())
                    .contains("glue:CreateDatabase")
                    .contains("arn:aws:kinesis:eu-west-1:111122223333:stream/fleet-telemetry")
                    .contains("arn:aws:s3:::fleet-lake-111122223333/fleetlake/*");

            // The log group and stream exist.
            JsonNode logGroups =
                    aws(
                            moto,
                            "logs",
                            "describe-log-groups",
                            "--log-group-name-prefix",
                            "/aws/kinesis-analytics/demo");
            assertThat(logGroups.path("logGroups").get(0).path("logGroupName").asText())
                    .isEqualTo("/aws/kinesis-analytics/demo");
            JsonNode streams =
                    aws(
                            moto,
                            "logs",
                            "describe-log-streams",
                            "--log-group-name",
                            "/aws/kinesis-analytics/demo");
            assertThat(streams.path("logStreams").get(0).path("logStreamName").asText())
                    .isEqualTo("fleetlake");

            // The application: Flink 1.20, this jar, the property groups as validated.
            JsonNode app = describe(moto);
            assertThat(app.path("RuntimeEnvironment").asText()).isEqualTo("FLINK-1_20");
            assertThat(app.path("ServiceExecutionRole").asText())
                    .isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/demo-fleetlake");
            assertThat(jarLocation(app)).isEqualTo("arn:aws:s3:::demo-bucket/" + jarKey);
            assertThat(groupsOf(app)).isEqualTo(groups);
            JsonNode conf = app.path("ApplicationConfigurationDescription");
            assertThat(
                            conf.path("ApplicationSnapshotConfigurationDescription")
                                    .path("SnapshotsEnabled")
                                    .asBoolean())
                    .isTrue();
            JsonNode par =
                    conf.path("FlinkApplicationConfigurationDescription")
                            .path("ParallelismConfigurationDescription");
            assertThat(par.path("AutoScalingEnabled").asBoolean()).isTrue();
            assertThat(par.path("Parallelism").asInt()).isEqualTo(1);
            assertThat(
                            app.path("CloudWatchLoggingOptionDescriptions")
                                    .get(0)
                                    .path("LogStreamARN")
                                    .asText())
                    .isEqualTo(
                            "arn:aws:logs:us-east-1:"
                                    + ACCOUNT
                                    + ":log-group:/aws/kinesis-analytics/demo:log-stream:fleetlake");
            long version = app.path("ApplicationVersionId").asLong();

            // A changed property: one UpdateApplication with only the properties.
            Files.writeString(
                    props,
                    Files.readString(props)
                            .replace("\"codec\": \"SNAPPY\"", "\"codec\": \"ZSTD\""));
            out.reset();
            assertThat(deploy(moto, props, jar)).as(out + "\n" + err).isZero();
            assertThat(out.toString())
                    .contains("~ Lake.codec: 'SNAPPY' -> 'ZSTD'")
                    .contains("= jar s3://demo-bucket/" + jarKey + " (already uploaded)")
                    .contains("= role policy fleetlake (unchanged)")
                    .contains("updated demo to version " + (version + 1));
            JsonNode updated = describe(moto);
            assertThat(updated.path("ApplicationVersionId").asLong()).isEqualTo(version + 1);
            assertThat(groupsOf(updated)).isEqualTo(PropertyGroups.readJson(props));
            assertThat(groupsOf(updated).get("Lake")).containsEntry("codec", "ZSTD");
            assertThat(jarLocation(updated)).isEqualTo(jarLocation(app));
            assertThat(parallelism(updated)).isEqualTo(parallelism(app));
            assertThat(rolePolicy(moto)).isEqualTo(expectedPolicy);
            JsonNode objects = aws(moto, "s3api", "list-objects-v2", "--bucket", "demo-bucket");
            assertThat(objects.path("Contents").size()).as(objects.toString()).isEqualTo(1);

            // A new jar and -p 3: a new key, the parallelism, nothing else; --dry-run first.
            Files.write(jar, "a new build".getBytes(StandardCharsets.UTF_8));
            out.reset();
            assertThat(deploy(moto, props, jar, "-p", "3", "--dry-run")).isZero();
            assertThat(out.toString()).contains("--dry-run: nothing changed").contains("jar: ");
            assertThat(describe(moto).path("ApplicationVersionId").asLong()).isEqualTo(version + 1);
            assertThat(deploy(moto, props, jar, "-p", "3")).as(out + "\n" + err).isZero();
            JsonNode third = describe(moto);
            assertThat(third.path("ApplicationVersionId").asLong()).isEqualTo(version + 2);
            assertThat(jarLocation(third))
                    .isEqualTo(
                            "arn:aws:s3:::demo-bucket/fleetlake/demo/"
                                    + MsfDeployer.jarName(request(jar)));
            assertThat(parallelism(third).path("Parallelism").asInt()).isEqualTo(3);
            assertThat(groupsOf(third)).isEqualTo(groupsOf(updated));

            // Nothing changed: no update.
            out.reset();
            assertThat(deploy(moto, props, jar, "-p", "3")).isZero();
            assertThat(out.toString()).contains("= MSF application demo (unchanged)");
            assertThat(describe(moto).path("ApplicationVersionId").asLong()).isEqualTo(version + 2);
        }
    }

    @Test
    void plainMotoCreatesAndNamesTheMissingUpdate() throws Exception {
        try (DeployMoto moto = DeployMoto.plain(dir)) {
            Path props = dir.resolve("p.json");
            Files.copy(Paths.get("deploy/samples/kinesis-to-lake.json"), props);
            Path jar = dir.resolve("app.jar");
            Files.write(jar, new byte[] {1, 2, 3});
            assertThat(deploy(moto, props, jar)).as(out + "\n" + err).isZero();
            assertThat(out.toString()).contains("does not implement StartApplication");
            assertThat(describe(moto).path("RuntimeEnvironment").asText()).isEqualTo("FLINK-1_20");
            Files.writeString(props, Files.readString(props).replace("SNAPPY", "GZIP"));
            assertThat(deploy(moto, props, jar)).isEqualTo(1);
            assertThat(err.toString()).contains("does not implement UpdateApplication");
        }
    }

    @Test
    void refusesPropertiesMsfWouldRefuseBeforeCallingAnything() throws Exception {
        Path props = dir.resolve("p.json");
        Files.writeString(
                props,
                "[{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"path\":\"s3://b/l\"}},"
                        + "{\"PropertyGroupId\":\"Source.Kinesis\",\"PropertyMap\":{\"stream\":\"s\","
                        + "\"polling-interval\":5}}]");
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        // No server at all on this port: validation fails first.
        assertThat(
                        run(
                                "deploy",
                                "--stack",
                                "demo",
                                "--bucket",
                                "b",
                                "--properties",
                                props.toString(),
                                "--jar",
                                jar.toString(),
                                "--region",
                                REGION,
                                "--endpoint-url",
                                "http://127.0.0.1:9"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("polling-interval")
                .contains("MSF takes strings only")
                .doesNotContain("Exception");
    }

    private int deploy(DeployMoto moto, Path props, Path jar, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "deploy",
                                "--stack",
                                "demo",
                                "--bucket",
                                "demo-bucket",
                                "--properties",
                                props.toString(),
                                "--jar",
                                jar.toString(),
                                "--region",
                                REGION,
                                "--endpoint-url",
                                moto.endpoint()));
        args.addAll(List.of(more));
        return run(args.toArray(new String[0]));
    }

    private int run(String... args) {
        PrintStream o = MsfCommands.out;
        PrintStream e = MsfCommands.err;
        MsfCommands.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        MsfCommands.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        try {
            var cli = FleetlakeCli.commandLine();
            cli.setErr(new java.io.PrintWriter(MsfCommands.err, true));
            return cli.execute(args);
        } finally {
            MsfCommands.out = o;
            MsfCommands.err = e;
        }
    }

    private static MsfDeployer.Request request(Path jar) throws IOException {
        MsfDeployer.Request r = new MsfDeployer.Request();
        r.jar = jar;
        r.version = FleetlakeCli.version();
        return r;
    }

    private static IamPolicy.Context context() {
        return new IamPolicy.Context(
                REGION, ACCOUNT, "demo-bucket", "fleetlake/demo", "/aws/kinesis-analytics/demo");
    }

    private JsonNode describe(DeployMoto moto) throws Exception {
        return aws(moto, "kinesisanalyticsv2", "describe-application", "--application-name", "demo")
                .path("ApplicationDetail");
    }

    private JsonNode rolePolicy(DeployMoto moto) throws Exception {
        return document(
                aws(
                                moto,
                                "iam",
                                "get-role-policy",
                                "--role-name",
                                "demo-fleetlake",
                                "--policy-name",
                                "fleetlake")
                        .path("PolicyDocument"));
    }

    /** A policy document as the CLI returns it: an object, or URL-encoded JSON text. */
    private static JsonNode document(JsonNode node) throws IOException {
        return node.isTextual()
                ? JSON.readTree(URLDecoder.decode(node.asText(), StandardCharsets.UTF_8))
                : node;
    }

    private static String jarLocation(JsonNode app) {
        JsonNode l =
                app.path("ApplicationConfigurationDescription")
                        .path("ApplicationCodeConfigurationDescription")
                        .path("CodeContentDescription")
                        .path("S3ApplicationCodeLocationDescription");
        return l.path("BucketARN").asText() + "/" + l.path("FileKey").asText();
    }

    private static JsonNode parallelism(JsonNode app) {
        return app.path("ApplicationConfigurationDescription")
                .path("FlinkApplicationConfigurationDescription")
                .path("ParallelismConfigurationDescription");
    }

    private static Map<String, Map<String, String>> groupsOf(JsonNode app) {
        return MsfDeployer.groupsOf(
                app.path("ApplicationConfigurationDescription")
                        .path("EnvironmentPropertyDescriptions")
                        .path("PropertyGroupDescriptions"));
    }

    /** The AWS CLI against moto: the independent reader of what deploy stored. */
    private JsonNode aws(DeployMoto moto, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "aws",
                                "--endpoint-url",
                                moto.endpoint(),
                                "--region",
                                REGION,
                                "--output",
                                "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().put("AWS_DEFAULT_REGION", REGION);
        Path stdout = Files.createTempFile(dir, "aws", ".out");
        Path stderr = Files.createTempFile(dir, "aws", ".err");
        Process p = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("aws %s: %s", args, Files.readString(stderr)).isZero();
        String text = Files.readString(stdout);
        return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    }
}
