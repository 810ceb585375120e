package io.fleetlake.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.tools.deploy.PropertyFileCheck.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule MSF applies to runtime properties, and ours, as {@code ./fleetlake validate} does. */
class PropertyFileCheckTest {
    @TempDir Path dir;

    private static final String LAKE =
            "{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"path\":\"s3://b/lake\"}}";
    private static final String KINESIS =
            "{\"PropertyGroupId\":\"Source.Kinesis\",\"PropertyMap\":{\"stream\":\"s\","
                    + "\"region\":\"eu-west-1\"}}";

    private List<String> check(String json, Target target) throws IOException {
        Path f = dir.resolve("p.json");
        Files.writeString(f, json);
        return PropertyFileCheck.problems(f, target);
    }

    private List<String> msf(String json) throws IOException {
        return check(json, Target.MSF);
    }

    private static String group(String id, String map) {
        return "{\"PropertyGroupId\":\"" + id + "\",\"PropertyMap\":" + map + "}";
    }

    @Test
    void theSamplesAreValid() {
        for (String sample :
                List.of(
                        "deploy/samples/kinesis-to-lake.json",
                        "local-stack/msf-application-properties.example.json")) {
            assertThat(PropertyFileCheck.problems(Paths.get(sample), Target.MSF))
                    .as(sample)
                    .isEmpty();
        }
    }

    @Test
    void theProductionSampleSimulatesNothing() throws IOException {
        assertThat(Files.readString(Paths.get("deploy/samples/kinesis-to-lake.json")))
                .contains("Source.Kinesis", "\"Lake\"", "\"Glue\"")
                .doesNotContain("Simulator")
                .doesNotContain("Source.Files");
    }

    @Test
    void aNumberAndALongValueAreBothNamed() throws IOException {
        String longValue = "x".repeat(3000);
        List<String> problems =
                msf(
                        "["
                                + LAKE
                                + ","
                                + group(
                                        "Source.Kinesis",
                                        "{\"stream\":\"s\",\"polling-interval\":5,"
                                                + "\"efo-consumer-name\":\""
                                                + longValue
                                                + "\"}")
                                + "]");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0))
                .contains("p.json")
                .contains("group 'Source.Kinesis', key 'polling-interval'")
                .contains("a number (5); MSF takes strings only: write \"5\"");
        assertThat(problems.get(1))
                .contains("key 'efo-consumer-name'")
                .contains("3,000 characters; MSF allows at most 2,048");
    }

    @Test
    void stringsOnly() throws IOException {
        assertThat(
                        msf(
                                "["
                                        + LAKE
                                        + ","
                                        + group("Job", "{\"parallelism\":true}")
                                        + ","
                                        + KINESIS
                                        + "]"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("a boolean (true)");
        assertThat(
                        msf(
                                "["
                                        + LAKE
                                        + ","
                                        + group("Job", "{\"parallelism\":null}")
                                        + ","
                                        + KINESIS
                                        + "]"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("the value is null");
        assertThat(
                        msf(
                                "["
                                        + LAKE
                                        + ","
                                        + group("Job", "{\"parallelism\":[1]}")
                                        + ","
                                        + KINESIS
                                        + "]"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("an array");
        // Locally, ./fleetlake and a Flink cluster take numbers.
        assertThat(
                        check(
                                "["
                                        + LAKE
                                        + ","
                                        + group("Job", "{\"parallelism\":4}")
                                        + ","
                                        + KINESIS
                                        + "]",
                                Target.LOCAL))
                .isEmpty();
    }

    @Test
    void valuesAreOneTo2048Characters() throws IOException {
        assertThat(
                        msf(
                                "["
                                        + LAKE
                                        + ","
                                        + group(
                                                "Source.Mqtt",
                                                "{\"broker\":\"tcp://h:1\",\"shared-group\":\"\"}")
                                        + "]"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("key 'shared-group': the value is empty");
        String exactly = "x".repeat(2048);
        assertThat(
                        msf(
                                "["
                                        + LAKE
                                        + ","
                                        + group(
                                                "Source.Kinesis",
                                                "{\"region\":\"eu-west-1\",\"stream\":\""
                                                        + exactly
                                                        + "\"}")
                                        + "]"))
                .isEmpty();
    }

    @Test
    void keysAreOneTo2048Characters() throws IOException {
        String longKey = "k".repeat(2049);
        assertThat(
                        msf(
                                "["
                                        + LAKE
                                        + ","
                                        + KINESIS
                                        + ","
                                        + group("Job", "{\"" + longKey + "\":\"1\"}")
                                        + "]"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "the key is 2049 characters; MSF takes 1 to 2048"));
        assertThat(msf("[" + LAKE + "," + KINESIS + "," + group("Job", "{\"\":\"1\"}") + "]"))
                .anySatisfy(p -> assertThat(p).contains("the key is 0 characters"));
    }

    @Test
    void atMost50KeysPerGroupAnd50Groups() throws IOException {
        StringBuilder map = new StringBuilder("{");
        for (int i = 0; i < 51; i++) {
            map.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertThat(msf("[" + LAKE + "," + KINESIS + "," + group("Job", map + "}") + "]"))
                .anySatisfy(
                        p -> assertThat(p).contains("group 'Job': 51 keys; MSF allows at most 50"));
        StringBuilder groups = new StringBuilder("[" + LAKE + "," + KINESIS);
        for (int i = 0; i < 49; i++) {
            groups.append(",").append(group("G" + i, "{}"));
        }
        assertThat(msf(groups + "]"))
                .anySatisfy(
                        p -> assertThat(p).contains("51 property groups; MSF allows at most 50"));
    }

    @Test
    void groupIdsAreShortNamesOfLettersDigitsAndDots() throws IOException {
        assertThat(msf("[" + LAKE + "," + KINESIS + "," + group("Bad Group!", "{}") + "]"))
                .anySatisfy(
                        p -> assertThat(p).contains("group 'Bad Group!': the id may hold only"));
        assertThat(msf("[" + LAKE + "," + KINESIS + "," + group("G".repeat(51), "{}") + "]"))
                .anySatisfy(
                        p -> assertThat(p).contains("the id is 51 characters; MSF takes 1 to 50"));
        assertThat(msf("[" + LAKE + "," + KINESIS + "," + LAKE + "]"))
                .anySatisfy(p -> assertThat(p).contains("group 'Lake': appears twice"));
        assertThat(
                        msf(
                                "["
                                        + LAKE
                                        + ","
                                        + KINESIS
                                        + ",{\"PropertyGroupId\":\"Job\",\"PropertyMap\":[]}]"))
                .anySatisfy(p -> assertThat(p).contains("\"PropertyMap\" must be an object"));
        assertThat(msf("[" + LAKE + "," + KINESIS + ",{\"PropertyGroupId\":7,\"PropertyMap\":{}}]"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "group #3: \"PropertyGroupId\" must be a string"));
    }

    @Test
    void oursTooOneLinePerGroup() throws IOException {
        List<String> problems =
                msf(
                        "["
                                + group("Lake", "{\"path\":\"/local/lake\",\"codec\":\"LZMA\"}")
                                + ","
                                + group("Nope", "{}")
                                + "]");
        assertThat(problems)
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "bad value 'LZMA' for 'codec' in property group 'Lake'"))
                .anySatisfy(p -> assertThat(p).contains("unknown property group 'Nope'"))
                .anySatisfy(p -> assertThat(p).contains("missing property group one of"))
                .anySatisfy(p -> assertThat(p).contains("'/local/lake' is not on S3"));
        assertThat(check("[" + KINESIS + "]", Target.LOCAL))
                .anySatisfy(p -> assertThat(p).contains("missing property group Lake"));
    }

    @Test
    void theMsfCliShapeIsAcceptedAndBadJsonIsOneLine() throws IOException {
        assertThat(msf("{\"PropertyGroups\": [" + LAKE + "," + KINESIS + "]}")).isEmpty();
        List<String> problems = msf("[" + LAKE + "," + KINESIS + ",]");
        assertThat(problems)
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("p.json is not valid JSON at line 1")
                .contains("trailing comma")
                .doesNotContain("\n");
        assertThat(msf("{\"groups\": []}"))
                .anySatisfy(p -> assertThat(p).contains("expected a JSON array"));
    }

    @Test
    void theValidateCommandExits2WithOneLinePerProblem() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(
                f,
                "["
                        + LAKE
                        + ","
                        + group(
                                "Source.Kinesis",
                                "{\"stream\":\"s\",\"polling-interval\":5,\"endpoint\":\""
                                        + "x".repeat(3000)
                                        + "\"}")
                        + "]");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = MsfCommands.err;
        MsfCommands.err =
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        try {
            int code =
                    io.fleetlake.tools.local.FleetlakeCli.commandLine()
                            .execute("validate", "--properties=" + f);
            assertThat(code).isEqualTo(2);
        } finally {
            MsfCommands.err = before;
        }
        assertThat(err.toString().split("\n"))
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("'polling-interval'").contains("a number"))
                .anySatisfy(l -> assertThat(l).contains("'endpoint'").contains("3,000 characters"));
    }
}
