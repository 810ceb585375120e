package io.fleetlake.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlake.tools.deploy.AwsJsonClient.AwsServiceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Creates or updates one Managed Service for Apache Flink application and what it needs, through
 * the AWS APIs: the jar in S3 (one key per content hash, so a new build is a new key), the log
 * group and stream, the execution role with the generated policy ({@link IamPolicy}), and the
 * application (Flink 1.20, snapshots on, parallelism and autoscaling, property groups as
 * validated). It reads what exists first and prints the plan; {@code dryRun} stops there. An update
 * is one {@code UpdateApplication} with {@code CurrentApplicationVersionId}, carrying only what
 * changed; MSF restarts a running application from its latest snapshot (or as {@code --restore}
 * says).
 */
final class MsfDeployer {
    static final String RUNTIME = "FLINK-1_20";
    static final String POLICY_NAME = "fleetlake";
    static final String LOG_STREAM = "fleetlake";

    /** What to deploy. */
    static final class Request {
        String application;
        String bucket;
        Path properties;
        Path jar;
        String version;
        int parallelism = 1;
        int parallelismPerKpu = 1;
        boolean autoscaling = true;
        String restore = "latest";
        boolean allowNonRestoredState;
        boolean dryRun;
        boolean start = true;
    }

    private final AwsClients aws;
    private final PrintStream out;

    MsfDeployer(AwsClients aws, PrintStream out) {
        this.aws = aws;
        this.out = out;
    }

    static String roleName(String application) {
        String name = application + "-fleetlake";
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    static String logGroup(String application) {
        return "/aws/kinesis-analytics/" + application;
    }

    static String jarPrefix(String application) {
        return "fleetlake/" + application;
    }

    /** Deploys; returns the exit code (0: done or nothing to do). */
    int deploy(Request r, Map<String, Map<String, String>> groups) throws IOException {
        List<String> plan = new ArrayList<>();
        String account = account();
        String jarKey = jarPrefix(r.application) + "/" + jarName(r);
        boolean bucketExists = bucketExists(r.bucket);
        boolean jarExists = bucketExists && objectExists(r.bucket, jarKey);
        if (!bucketExists) {
            plan.add("+ S3 bucket " + r.bucket);
        }
        plan.add(
                jarExists
                        ? "= jar s3://" + r.bucket + "/" + jarKey + " (already uploaded)"
                        : String.format(
                                Locale.ROOT,
                                "+ jar s3://%s/%s (%,d bytes from %s)",
                                r.bucket,
                                jarKey,
                                Files.size(r.jar),
                                r.jar));

        String group = logGroup(r.application);
        boolean groupExists = logGroupExists(group);
        boolean streamExists = groupExists && logStreamExists(group, LOG_STREAM);
        if (!groupExists) {
            plan.add("+ log group " + group);
        }
        if (!streamExists) {
            plan.add("+ log stream " + group + ":" + LOG_STREAM);
        }

        String role = roleName(r.application);
        String roleArn = roleArn(role);
        ObjectNode policy =
                IamPolicy.document(
                        groups,
                        new IamPolicy.Context(
                                aws.region, account, r.bucket, jarPrefix(r.application), group));
        JsonNode current = roleArn == null ? null : rolePolicy(role);
        if (roleArn == null) {
            plan.add("+ IAM role " + role + " (trusts kinesisanalytics.amazonaws.com)");
            plan.add("+ role policy " + POLICY_NAME + ": " + sids(policy));
        } else if (!policy.equals(current)) {
            plan.add("~ role policy " + POLICY_NAME + ": " + policyChange(current, policy));
        } else {
            plan.add("= role policy " + POLICY_NAME + " (unchanged)");
        }

        JsonNode app = describe(r.application);
        ObjectNode update = null;
        if (app == null) {
            plan.add(
                    "+ MSF application "
                            + r.application
                            + " ("
                            + RUNTIME
                            + ", parallelism "
                            + r.parallelism
                            + ", "
                            + r.parallelismPerKpu
                            + " per KPU, autoscaling "
                            + (r.autoscaling ? "on" : "off")
                            + ", snapshots on, property groups "
                            + String.join(", ", groups.keySet())
                            + ")");
            if (r.start) {
                plan.add("> start " + r.application + " (" + restoreDescription(r, true) + ")");
            }
        } else {
            List<String> changes = new ArrayList<>();
            update = updateRequest(app, r, groups, jarKey, changes);
            if (changes.isEmpty()) {
                plan.add("= MSF application " + r.application + " (unchanged)");
            } else {
                plan.add(
                        "~ MSF application "
                                + r.application
                                + " (version "
                                + app.path("ApplicationVersionId").asLong()
                                + ", "
                                + app.path("ApplicationStatus").asText()
                                + "; "
                                + restoreDescription(r, false)
                                + "):");
                changes.forEach(c -> plan.add("    " + c));
            }
        }

        out.println(
                "fleetlake deploy: plan for "
                        + r.application
                        + " in "
                        + aws.region
                        + (aws.endpoint != null ? " at " + aws.endpoint : "")
                        + ":");
        plan.forEach(p -> out.println("  " + p));
        if (r.dryRun) {
            out.println("fleetlake deploy: --dry-run: nothing changed");
            return 0;
        }

        if (!bucketExists) {
            aws.s3.createBucket(
                    b -> {
                        b.bucket(r.bucket);
                        if (!aws.region.equals("us-east-1")) {
                            b.createBucketConfiguration(c -> c.locationConstraint(aws.region));
                        }
                    });
        }
        if (!jarExists) {
            aws.s3.putObject(b -> b.bucket(r.bucket).key(jarKey), RequestBody.fromFile(r.jar));
        }
        if (!groupExists) {
            aws.logs.call("CreateLogGroup", AwsJsonClient.body().put("logGroupName", group));
        }
        if (!streamExists) {
            aws.logs.call(
                    "CreateLogStream",
                    AwsJsonClient.body()
                            .put("logGroupName", group)
                            .put("logStreamName", LOG_STREAM));
        }
        if (roleArn == null) {
            roleArn =
                    aws.iam
                            .createRole(
                                    b ->
                                            b.roleName(role)
                                                    .description(
                                                            "Execution role of the Fleetlake MSF"
                                                                    + " application "
                                                                    + r.application)
                                                    .assumeRolePolicyDocument(
                                                            IamPolicy.trustPolicy().toString()))
                            .role()
                            .arn();
        }
        if (!policy.equals(current)) {
            aws.iam.putRolePolicy(
                    b ->
                            b.roleName(role)
                                    .policyName(POLICY_NAME)
                                    .policyDocument(policy.toString()));
        }
        String logStreamArn =
                "arn:aws:logs:"
                        + aws.region
                        + ":"
                        + account
                        + ":log-group:"
                        + group
                        + ":log-stream:"
                        + LOG_STREAM;
        if (app == null) {
            JsonNode created =
                    aws.msf.call(
                            "CreateApplication",
                            createRequest(r, groups, roleArn, jarKey, logStreamArn));
            out.println(
                    "fleetlake deploy: created "
                            + created.path("ApplicationDetail").path("ApplicationARN").asText());
            if (r.start) {
                start(r, true);
            }
        } else if (update != null) {
            JsonNode updated = aws.msf.call("UpdateApplication", update);
            out.println(
                    "fleetlake deploy: updated "
                            + r.application
                            + " to version "
                            + updated.path("ApplicationDetail")
                                    .path("ApplicationVersionId")
                                    .asLong());
            if (r.start && "READY".equals(app.path("ApplicationStatus").asText())) {
                start(r, false);
            }
        }
        out.println(
                "fleetlake deploy: done; ./fleetlake status --stack "
                        + r.application
                        + " shows it, its log is CloudWatch Logs "
                        + group);
        return 0;
    }

    private void start(Request r, boolean fresh) {
        ObjectNode start = AwsJsonClient.body().put("ApplicationName", r.application);
        ObjectNode run = start.putObject("RunConfiguration");
        run.set("ApplicationRestoreConfiguration", restoreConfiguration(r, fresh));
        run.putObject("FlinkRunConfiguration")
                .put("AllowNonRestoredState", r.allowNonRestoredState);
        try {
            aws.msf.call("StartApplication", start);
            out.println(
                    "fleetlake deploy: starting "
                            + r.application
                            + "; the first lake files appear after the first checkpoint"
                            + " (MSF's default: 1 min) once the job is RUNNING (a few minutes)");
        } catch (AwsServiceException e) {
            if (aws.endpoint != null && e.notImplemented()) {
                // moto 5.2.1 implements only Create/Describe/ListApplications of MSF.
                out.println(
                        "fleetlake deploy: "
                                + aws.endpoint
                                + " does not implement StartApplication; the application is"
                                + " created, not started");
                return;
            }
            throw e;
        }
    }

    /** MSF's restore configuration for {@code --restore latest|none|<snapshot>}. */
    static ObjectNode restoreConfiguration(Request r, boolean fresh) {
        ObjectNode c = AwsJsonClient.body();
        String restore = r.restore;
        if (restore.equals("none") || (fresh && restore.equals("latest"))) {
            c.put("ApplicationRestoreType", "SKIP_RESTORE_FROM_SNAPSHOT");
        } else if (restore.equals("latest")) {
            c.put("ApplicationRestoreType", "RESTORE_FROM_LATEST_SNAPSHOT");
        } else {
            c.put("ApplicationRestoreType", "RESTORE_FROM_CUSTOM_SNAPSHOT");
            c.put("SnapshotName", restore);
        }
        return c;
    }

    private static String restoreDescription(Request r, boolean fresh) {
        String type = restoreConfiguration(r, fresh).path("ApplicationRestoreType").asText();
        String what;
        switch (type) {
            case "SKIP_RESTORE_FROM_SNAPSHOT":
                what = fresh ? "no snapshot to restore yet" : "restore: none (starts empty)";
                break;
            case "RESTORE_FROM_LATEST_SNAPSHOT":
                what = "restore: latest snapshot";
                break;
            default:
                what = "restore: snapshot " + r.restore;
        }
        return what + (r.allowNonRestoredState ? ", non-restored state allowed" : "");
    }

    static ObjectNode createRequest(
            Request r,
            Map<String, Map<String, String>> groups,
            String roleArn,
            String jarKey,
            String logStreamArn) {
        ObjectNode c = AwsJsonClient.body();
        c.put("ApplicationName", r.application);
        c.put("ApplicationDescription", "Fleetlake " + r.version);
        c.put("RuntimeEnvironment", RUNTIME);
        c.put("ServiceExecutionRole", roleArn);
        ObjectNode conf = c.putObject("ApplicationConfiguration");
        ObjectNode code = conf.putObject("ApplicationCodeConfiguration");
        code.putObject("CodeContent")
                .putObject("S3ContentLocation")
                .put("BucketARN", "arn:aws:s3:::" + r.bucket)
                .put("FileKey", jarKey);
        code.put("CodeContentType", "ZIPFILE");
        conf.putObject("EnvironmentProperties").set("PropertyGroups", propertyGroups(groups));
        ObjectNode flink = conf.putObject("FlinkApplicationConfiguration");
        flink.putObject("CheckpointConfiguration").put("ConfigurationType", "DEFAULT");
        // APPLICATION level: the job's own counters (deadLetters, ...) are published per
        // application, which is what the alarms in deploy/fleetlake-msf.yaml watch.
        flink.putObject("MonitoringConfiguration")
                .put("ConfigurationType", "CUSTOM")
                .put("MetricsLevel", "APPLICATION")
                .put("LogLevel", "INFO");
        flink.putObject("ParallelismConfiguration")
                .put("ConfigurationType", "CUSTOM")
                .put("Parallelism", r.parallelism)
                .put("ParallelismPerKPU", r.parallelismPerKpu)
                .put("AutoScalingEnabled", r.autoscaling);
        conf.putObject("ApplicationSnapshotConfiguration").put("SnapshotsEnabled", true);
        c.putArray("CloudWatchLoggingOptions").addObject().put("LogStreamARN", logStreamArn);
        return c;
    }

    /**
     * The UpdateApplication request that brings {@code app} to {@code r}, with only the sections
     * that differ, or null when nothing does; {@code changes} gets one line per difference.
     */
    static ObjectNode updateRequest(
            JsonNode app,
            Request r,
            Map<String, Map<String, String>> groups,
            String jarKey,
            List<String> changes) {
        JsonNode conf = app.path("ApplicationConfigurationDescription");
        ObjectNode u = AwsJsonClient.body();
        u.put("ApplicationName", r.application);
        u.put("CurrentApplicationVersionId", app.path("ApplicationVersionId").asLong());
        ObjectNode confUpdate = AwsJsonClient.JSON.createObjectNode();

        JsonNode location =
                conf.path("ApplicationCodeConfigurationDescription")
                        .path("CodeContentDescription")
                        .path("S3ApplicationCodeLocationDescription");
        String bucketArn = "arn:aws:s3:::" + r.bucket;
        if (!bucketArn.equals(location.path("BucketARN").asText())
                || !jarKey.equals(location.path("FileKey").asText())) {
            changes.add("jar: " + location.path("FileKey").asText("(none)") + " -> " + jarKey);
            ObjectNode code = confUpdate.putObject("ApplicationCodeConfigurationUpdate");
            code.put("CodeContentTypeUpdate", "ZIPFILE");
            code.putObject("CodeContentUpdate")
                    .putObject("S3ContentLocationUpdate")
                    .put("BucketARNUpdate", bucketArn)
                    .put("FileKeyUpdate", jarKey);
        }

        Map<String, Map<String, String>> deployed =
                groupsOf(
                        conf.path("EnvironmentPropertyDescriptions")
                                .path("PropertyGroupDescriptions"));
        List<String> propertyChanges = propertyChanges(deployed, groups);
        if (!propertyChanges.isEmpty()) {
            changes.addAll(propertyChanges);
            confUpdate
                    .putObject("EnvironmentPropertyUpdates")
                    .set("PropertyGroups", propertyGroups(groups));
        }

        JsonNode par =
                conf.path("FlinkApplicationConfigurationDescription")
                        .path("ParallelismConfigurationDescription");
        if (par.path("Parallelism").asInt(-1) != r.parallelism
                || par.path("ParallelismPerKPU").asInt(-1) != r.parallelismPerKpu
                || par.path("AutoScalingEnabled").asBoolean(!r.autoscaling) != r.autoscaling) {
            changes.add(
                    String.format(
                            Locale.ROOT,
                            "parallelism %s/%s per KPU, autoscaling %s -> %d/%d per KPU,"
                                    + " autoscaling %s",
                            par.path("Parallelism").asText("?"),
                            par.path("ParallelismPerKPU").asText("?"),
                            par.path("AutoScalingEnabled").asText("?"),
                            r.parallelism,
                            r.parallelismPerKpu,
                            r.autoscaling));
            confUpdate
                    .putObject("FlinkApplicationConfigurationUpdate")
                    .putObject("ParallelismConfigurationUpdate")
                    .put("ConfigurationTypeUpdate", "CUSTOM")
                    .put("ParallelismUpdate", r.parallelism)
                    .put("ParallelismPerKPUUpdate", r.parallelismPerKpu)
                    .put("AutoScalingEnabledUpdate", r.autoscaling);
        }
        if (changes.isEmpty()) {
            return null;
        }
        u.set("ApplicationConfigurationUpdate", confUpdate);
        ObjectNode run = u.putObject("RunConfigurationUpdate");
        run.set("ApplicationRestoreConfiguration", restoreConfiguration(r, false));
        run.putObject("FlinkRunConfiguration")
                .put("AllowNonRestoredState", r.allowNonRestoredState);
        return u;
    }

    /** One line per added, removed or changed group and key (secret-looking values masked). */
    static List<String> propertyChanges(
            Map<String, Map<String, String>> before, Map<String, Map<String, String>> after) {
        List<String> lines = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (String id : ids) {
            Map<String, String> b = before.get(id);
            Map<String, String> a = after.get(id);
            if (b == null) {
                lines.add("+ property group " + id);
                continue;
            }
            if (a == null) {
                lines.add("- property group " + id);
                continue;
            }
            Set<String> keys = new LinkedHashSet<>(b.keySet());
            keys.addAll(a.keySet());
            for (String k : keys) {
                String was = b.get(k);
                String now = a.get(k);
                if (Objects.equals(was, now)) {
                    continue;
                }
                String where = id + "." + k;
                if (was == null) {
                    lines.add("+ " + where + " = " + shown(k, now));
                } else if (now == null) {
                    lines.add("- " + where);
                } else {
                    lines.add("~ " + where + ": " + shown(k, was) + " -> " + shown(k, now));
                }
            }
        }
        return lines;
    }

    private static String shown(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.contains("secret")
                || k.contains("password")
                || k.contains("private-key")
                || k.contains("token")) {
            return "(secret)";
        }
        return "'" + (value.length() > 80 ? value.substring(0, 77) + "..." : value) + "'";
    }

    static ArrayNode propertyGroups(Map<String, Map<String, String>> groups) {
        ArrayNode a = AwsJsonClient.JSON.createArrayNode();
        groups.forEach(
                (id, map) -> {
                    ObjectNode g = a.addObject();
                    g.put("PropertyGroupId", id);
                    ObjectNode m = g.putObject("PropertyMap");
                    map.forEach(m::put);
                });
        return a;
    }

    /** DescribeApplication's property group descriptions as {@code groupId -> key -> value}. */
    static Map<String, Map<String, String>> groupsOf(JsonNode descriptions) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        for (JsonNode g : descriptions) {
            Map<String, String> m = new LinkedHashMap<>();
            g.path("PropertyMap")
                    .fields()
                    .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            groups.put(g.path("PropertyGroupId").asText(), m);
        }
        return groups;
    }

    /** The application's description, or null if there is none of that name. */
    JsonNode describe(String application) {
        // ListApplications first: moto answers DescribeApplication of an unknown name with a 500.
        JsonNode list = aws.msf.call("ListApplications", AwsJsonClient.body());
        for (JsonNode s : list.path("ApplicationSummaries")) {
            if (application.equals(s.path("ApplicationName").asText())) {
                return aws.msf
                        .call(
                                "DescribeApplication",
                                AwsJsonClient.body().put("ApplicationName", application))
                        .path("ApplicationDetail");
            }
        }
        return null;
    }

    String account() {
        return aws.sts.getCallerIdentity().account();
    }

    private boolean bucketExists(String bucket) {
        try {
            aws.s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private boolean objectExists(String bucket, String key) {
        try {
            aws.s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private boolean logGroupExists(String group) {
        JsonNode r =
                aws.logs.call(
                        "DescribeLogGroups", AwsJsonClient.body().put("logGroupNamePrefix", group));
        for (JsonNode g : r.path("logGroups")) {
            if (group.equals(g.path("logGroupName").asText())) {
                return true;
            }
        }
        return false;
    }

    private boolean logStreamExists(String group, String stream) {
        JsonNode r =
                aws.logs.call(
                        "DescribeLogStreams",
                        AwsJsonClient.body()
                                .put("logGroupName", group)
                                .put("logStreamNamePrefix", stream));
        for (JsonNode s : r.path("logStreams")) {
            if (stream.equals(s.path("logStreamName").asText())) {
                return true;
            }
        }
        return false;
    }

    private String roleArn(String role) {
        try {
            return aws.iam.getRole(b -> b.roleName(role)).role().arn();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    /** The role's inline policy document, or null. */
    JsonNode rolePolicy(String role) {
        try {
            String doc =
                    aws.iam
                            .getRolePolicy(b -> b.roleName(role).policyName(POLICY_NAME))
                            .policyDocument();
            // IAM returns the document URL-encoded.
            String json =
                    doc.trim().startsWith("{")
                            ? doc
                            : URLDecoder.decode(doc, StandardCharsets.UTF_8);
            return AwsJsonClient.JSON.readTree(json);
        } catch (NoSuchEntityException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("role policy of " + role + " is not JSON", e);
        }
    }

    private static String sids(JsonNode policy) {
        List<String> s = new ArrayList<>();
        policy.path("Statement").forEach(st -> s.add(st.path("Sid").asText()));
        return String.join(", ", s);
    }

    private static String policyChange(JsonNode before, JsonNode after) {
        if (before == null) {
            return "added (" + sids(after) + ")";
        }
        Map<String, JsonNode> b = new LinkedHashMap<>();
        before.path("Statement").forEach(s -> b.put(s.path("Sid").asText(), s));
        Map<String, JsonNode> a = new LinkedHashMap<>();
        after.path("Statement").forEach(s -> a.put(s.path("Sid").asText(), s));
        List<String> parts = new ArrayList<>();
        a.forEach(
                (sid, s) -> {
                    if (!b.containsKey(sid)) {
                        parts.add("+" + sid);
                    } else if (!b.get(sid).equals(s)) {
                        parts.add("~" + sid);
                    }
                });
        b.keySet().stream().filter(sid -> !a.containsKey(sid)).forEach(sid -> parts.add("-" + sid));
        return parts.isEmpty() ? "rewritten" : String.join(" ", parts);
    }

    /** {@code fleetlake-<version>-<first 12 hex of the jar's SHA-256>.jar}. */
    static String jarName(Request r) throws IOException {
        return "fleetlake-" + r.version + "-" + sha256(r.jar).substring(0, 12) + ".jar";
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            StringBuilder hex = new StringBuilder();
            for (byte x : d.digest()) {
                hex.append(String.format(Locale.ROOT, "%02x", x));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
