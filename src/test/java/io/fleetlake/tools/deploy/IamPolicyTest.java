package io.fleetlake.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.job.config.PropertyGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated execution-role policy: only what the configured groups need. */
class IamPolicyTest {
    private static final IamPolicy.Context AT =
            new IamPolicy.Context(
                    "eu-west-1",
                    "111122223333",
                    "fleet-artifacts-111122223333",
                    "fleetlake/fleetlake",
                    "/aws/kinesis-analytics/fleetlake");

    @Test
    void theCommittedSamplePolicyIsTheGeneratedOne() throws Exception {
        Map<String, Map<String, String>> groups =
                PropertyGroups.readJson(
                        Paths.get("local-stack/msf-application-properties.example.json"));
        JsonNode committed =
                AwsJsonClient.JSON.readTree(
                        Files.readString(Path.of("local-stack/iam-policy.json")));
        assertThat(committed)
                .as(
                        "regenerate with ./fleetlake iam-policy --properties"
                                + " local-stack/msf-application-properties.example.json --bucket"
                                + " fleet-artifacts-111122223333 --region eu-west-1 >"
                                + " local-stack/iam-policy.json")
                .isEqualTo(IamPolicy.document(groups, AT));
    }

    @Test
    void kinesisToLakeGetsNoMoreThanItNeeds() throws Exception {
        JsonNode p =
                IamPolicy.document(
                        PropertyGroups.readJson(Paths.get("deploy/samples/kinesis-to-lake.json")),
                        AT);
        assertThat(sids(p))
                .containsExactly(
                        "ReadApplicationJar",
                        "KinesisRead",
                        "LakeList",
                        "LakeWrite",
                        "GlueTablesAndPartitions",
                        "Metrics",
                        "ApplicationLogGroups",
                        "ApplicationLogs");
        String text = p.toString();
        assertThat(text)
                .contains("glue:CreateDatabase")
                .contains("arn:aws:glue:eu-west-1:111122223333:table/fleetlake/*")
                .contains("arn:aws:s3:::fleet-lake-111122223333/fleetlake/*")
                .doesNotContain("sns:")
                .doesNotContain("timestream:")
                .doesNotContain("SubscribeToShard");
    }

    @Test
    void aStreamNameBecomesAnArnAndEfoAddsItsConsumer() {
        Map<String, Map<String, String>> groups =
                Map.of(
                        "Source.Kinesis",
                        Map.of("stream", "telemetry", "reader", "EFO", "efo-consumer-name", "fl"),
                        "Lake",
                        Map.of("path", "s3://lake-bucket"));
        String text = IamPolicy.document(groups, AT).toString();
        assertThat(text)
                .contains("arn:aws:kinesis:eu-west-1:111122223333:stream/telemetry\"")
                .contains("arn:aws:kinesis:eu-west-1:111122223333:stream/telemetry/consumer/fl:*")
                .contains("arn:aws:s3:::lake-bucket/*");
    }

    private static List<String> sids(JsonNode policy) {
        List<String> s = new ArrayList<>();
        policy.path("Statement").forEach(st -> s.add(st.path("Sid").asText()));
        return s;
    }
}
