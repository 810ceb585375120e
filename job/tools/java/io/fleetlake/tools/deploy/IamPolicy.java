package io.fleetlake.tools.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.connectors.glue.GlueOptions;
import io.fleetlake.connectors.kinesis.KinesisSourceOptions;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.connectors.registry.RegistryOptions;
import io.fleetlake.connectors.sns.SnsOptions;
import io.fleetlake.connectors.timestream.TimestreamOptions;
import io.fleetlake.job.config.FleetlakeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The execution role's policy, generated from the configured property groups: read the jar, read
 * the Kinesis stream (and its enhanced fan-out consumer), list and write the lake prefix, read the
 * file inputs and the registry, the Glue database and its tables (glue:CreateDatabase included: the
 * job creates a missing database), Timestream tables, the SNS alert topic, the job's metrics and
 * its log group. Nothing else: a group that is absent grants nothing. {@code ./fleetlake
 * iam-policy} prints it, {@code ./fleetlake deploy} puts it on the role.
 *
 * <p>MQTT (Source.Mqtt, Alerts.Mqtt) to AWS IoT Core authenticates with the thing's X.509
 * certificate, so the IoT policy attached to that certificate governs it, not this role.
 */
public final class IamPolicy {
    /** Where the application runs and where its jar and logs are. */
    public static final class Context {
        final String region;
        final String account;
        final String jarBucket;
        final String jarKeyPrefix;
        final String logGroup;

        /** {@code jarKeyPrefix} without a trailing slash, e.g. {@code fleetlake/demo}. */
        public Context(
                String region,
                String account,
                String jarBucket,
                String jarKeyPrefix,
                String logGroup) {
            this.region = region;
            this.account = account;
            this.jarBucket = jarBucket;
            this.jarKeyPrefix = jarKeyPrefix;
            this.logGroup = logGroup;
        }
    }

    private IamPolicy() {}

    /** The policy document for these groups. */
    public static ObjectNode document(Map<String, Map<String, String>> groups, Context c) {
        ObjectNode doc = AwsJsonClient.JSON.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        statements.add(
                statement(
                        "ReadApplicationJar",
                        List.of("s3:GetObject", "s3:GetObjectVersion"),
                        List.of("arn:aws:s3:::" + c.jarBucket + "/" + c.jarKeyPrefix + "/*")));

        Map<String, String> kinesis = groups.get(FleetlakeOptions.KINESIS.id());
        if (kinesis != null && kinesis.get(KinesisSourceOptions.STREAM.key()) != null) {
            String stream = streamArn(kinesis, c);
            statements.add(
                    statement(
                            "KinesisRead",
                            List.of(
                                    "kinesis:DescribeStream",
                                    "kinesis:DescribeStreamSummary",
                                    "kinesis:ListShards",
                                    "kinesis:GetShardIterator",
                                    "kinesis:GetRecords",
                                    "kinesis:ListStreamConsumers",
                                    "kinesis:RegisterStreamConsumer"),
                            List.of(stream)));
            if ("EFO".equalsIgnoreCase(kinesis.get(KinesisSourceOptions.READER.key()))) {
                String consumer =
                        kinesis.getOrDefault(KinesisSourceOptions.EFO_CONSUMER_NAME.key(), "*");
                statements.add(
                        statement(
                                "KinesisEnhancedFanOut",
                                List.of(
                                        "kinesis:DescribeStreamConsumer",
                                        "kinesis:SubscribeToShard",
                                        "kinesis:DeregisterStreamConsumer"),
                                List.of(stream + "/consumer/" + consumer + ":*")));
            }
        }

        Map<String, String> lake = groups.get(FleetlakeOptions.LAKE.id());
        S3Location lakeAt =
                S3Location.parse(lake == null ? null : lake.get(LakeOptions.PATH.key()));
        if (lakeAt != null) {
            statements.add(
                    listBucket(
                            "LakeList",
                            List.of("s3:ListBucket", "s3:ListBucketMultipartUploads"),
                            List.of(lakeAt)));
            statements.add(
                    statement(
                            "LakeWrite",
                            List.of(
                                    "s3:PutObject",
                                    "s3:GetObject",
                                    "s3:DeleteObject",
                                    "s3:AbortMultipartUpload",
                                    "s3:ListMultipartUploadParts"),
                            List.of(lakeAt.objectsArn())));
        }

        List<S3Location> inputs = new ArrayList<>();
        addS3(inputs, groups, FleetlakeOptions.FILES.id(), FileSourceOptions.PATH.key());
        addS3(inputs, groups, FleetlakeOptions.REGISTRY.id(), RegistryOptions.PATH.key());
        if (!inputs.isEmpty()) {
            List<String> objects = new ArrayList<>();
            inputs.forEach(l -> objects.add(l.objectsArn()));
            statements.add(statement("InputsRead", List.of("s3:GetObject"), objects));
            statements.add(listBucket("InputsList", List.of("s3:ListBucket"), inputs));
        }

        Map<String, String> glue = groups.get(FleetlakeOptions.GLUE.id());
        if (glue != null) {
            String region = glue.getOrDefault(GlueOptions.REGION.key(), c.region);
            String account = glue.getOrDefault(GlueOptions.CATALOG_ID.key(), c.account);
            String db =
                    glue.getOrDefault(
                            GlueOptions.DATABASE.key(), GlueOptions.DATABASE.defaultValue());
            String base = "arn:aws:glue:" + region + ":" + account + ":";
            statements.add(
                    statement(
                            "GlueTablesAndPartitions",
                            List.of(
                                    "glue:GetDatabase",
                                    "glue:CreateDatabase",
                                    "glue:GetTable",
                                    "glue:CreateTable",
                                    "glue:UpdateTable",
                                    "glue:BatchCreatePartition"),
                            List.of(
                                    base + "catalog",
                                    base + "database/" + db,
                                    base + "table/" + db + "/*")));
        }

        Map<String, String> ts = groups.get(FleetlakeOptions.TIMESTREAM.id());
        if (ts != null && ts.get(TimestreamOptions.DATABASE.key()) != null) {
            String base =
                    "arn:aws:timestream:"
                            + ts.getOrDefault(TimestreamOptions.REGION.key(), c.region)
                            + ":"
                            + c.account
                            + ":database/"
                            + ts.get(TimestreamOptions.DATABASE.key())
                            + "/table/";
            List<String> tables = new ArrayList<>();
            tables.add(base + ts.get(TimestreamOptions.TABLE.key()));
            if (ts.get(TimestreamOptions.BREADCRUMBS_TABLE.key()) != null) {
                tables.add(base + ts.get(TimestreamOptions.BREADCRUMBS_TABLE.key()));
            }
            statements.add(
                    statement("TimestreamWrite", List.of("timestream:WriteRecords"), tables));
            statements.add(
                    statement(
                            "TimestreamEndpointDiscovery",
                            List.of("timestream:DescribeEndpoints"),
                            List.of("*")));
        }

        Map<String, String> sns = groups.get(FleetlakeOptions.ALERTS_SNS.id());
        if (sns != null && sns.get(SnsOptions.TOPIC_ARN.key()) != null) {
            statements.add(
                    statement(
                            "AlertsSnsPublish",
                            List.of("sns:Publish"),
                            List.of(sns.get(SnsOptions.TOPIC_ARN.key()))));
        }

        ObjectNode metrics =
                statement("Metrics", List.of("cloudwatch:PutMetricData"), List.of("*"));
        metrics.putObject("Condition")
                .putObject("StringEquals")
                .put("cloudwatch:namespace", "AWS/KinesisAnalytics");
        statements.add(metrics);
        String logs = "arn:aws:logs:" + c.region + ":" + c.account + ":log-group:";
        statements.add(
                statement(
                        "ApplicationLogGroups",
                        List.of("logs:DescribeLogGroups"),
                        List.of(logs + "*")));
        statements.add(
                statement(
                        "ApplicationLogs",
                        List.of("logs:DescribeLogStreams", "logs:PutLogEvents"),
                        List.of(logs + c.logGroup + ":log-stream:*")));
        return doc;
    }

    /** The trust policy that lets MSF assume the role. */
    public static ObjectNode trustPolicy() {
        ObjectNode doc = AwsJsonClient.JSON.createObjectNode();
        doc.put("Version", "2012-10-17");
        ObjectNode s = doc.putArray("Statement").addObject();
        s.put("Effect", "Allow");
        s.putObject("Principal").put("Service", "kinesisanalytics.amazonaws.com");
        s.put("Action", "sts:AssumeRole");
        return doc;
    }

    /** The stream's ARN: as configured, or built from its name, region and account. */
    static String streamArn(Map<String, String> kinesis, Context c) {
        String stream = kinesis.get(KinesisSourceOptions.STREAM.key());
        if (stream.startsWith("arn:")) {
            return stream;
        }
        return "arn:aws:kinesis:"
                + kinesis.getOrDefault(KinesisSourceOptions.REGION.key(), c.region)
                + ":"
                + c.account
                + ":stream/"
                + stream;
    }

    /** The account of the first ARN among the groups' values, if any (for iam-policy). */
    static String accountFromArns(Map<String, Map<String, String>> groups) {
        for (Map<String, String> g : groups.values()) {
            for (String v : g.values()) {
                String[] parts = v.split(":", 6);
                if (v.startsWith("arn:") && parts.length >= 5 && parts[4].matches("\\d{12}")) {
                    return parts[4];
                }
            }
        }
        return null;
    }

    private static void addS3(
            List<S3Location> into, Map<String, Map<String, String>> groups, String id, String key) {
        Map<String, String> g = groups.get(id);
        S3Location l = S3Location.parse(g == null ? null : g.get(key));
        if (l != null) {
            into.add(l);
        }
    }

    private static ObjectNode listBucket(
            String sid, List<String> actions, List<S3Location> locations) {
        List<String> buckets = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (S3Location l : locations) {
            if (!buckets.contains(l.bucketArn())) {
                buckets.add(l.bucketArn());
            }
            if (!l.prefix.isEmpty()) {
                prefixes.add(l.prefix);
                if (!l.isFile()) {
                    prefixes.add(l.prefix + "/*");
                }
            }
        }
        ObjectNode s = statement(sid, actions, buckets);
        if (!prefixes.isEmpty()) {
            ArrayNode p = s.putObject("Condition").putObject("StringLike").putArray("s3:prefix");
            prefixes.forEach(p::add);
        }
        return s;
    }

    private static ObjectNode statement(String sid, List<String> actions, List<String> resources) {
        ObjectNode s = AwsJsonClient.JSON.createObjectNode();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        actions.forEach(a::add);
        if (resources.size() == 1) {
            s.put("Resource", resources.get(0));
        } else {
            ArrayNode r = s.putArray("Resource");
            resources.forEach(r::add);
        }
        return s;
    }

    /** {@code s3://bucket/prefix}, the prefix without slashes at either end. */
    static final class S3Location {
        final String bucket;
        final String prefix;

        S3Location(String bucket, String prefix) {
            this.bucket = bucket;
            this.prefix = prefix;
        }

        static S3Location parse(String uri) {
            if (uri == null || !(uri.startsWith("s3://") || uri.startsWith("s3a://"))) {
                return null;
            }
            String rest = uri.substring(uri.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            prefix = prefix.replaceAll("^/+|/+$", "");
            return new S3Location(bucket, prefix);
        }

        String bucketArn() {
            return "arn:aws:s3:::" + bucket;
        }

        String objectsArn() {
            if (prefix.isEmpty()) {
                return bucketArn() + "/*";
            }
            return bucketArn() + "/" + prefix + (isFile() ? "" : "/*");
        }

        /** A file (the registry, one input file) is itself the resource; a folder its objects. */
        boolean isFile() {
            return prefix.substring(prefix.lastIndexOf('/') + 1).contains(".");
        }
    }
}
