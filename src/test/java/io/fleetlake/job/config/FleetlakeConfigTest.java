package io.fleetlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.connectors.glue.GlueOptions;
import io.fleetlake.connectors.kinesis.KinesisSourceOptions;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.connectors.s3.S3Options;
import io.fleetlake.job.JobOptions;
import io.fleetlake.job.simulator.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetlakeConfigTest {
    @TempDir Path dir;

    @Test
    void readsMsfPropertyGroupShape() throws IOException {
        Path f = dir.resolve("props.json");
        Files.writeString(
                f,
                "[{\"PropertyGroupId\":\"Job\",\"PropertyMap\":{\"checkpoint-interval\":\"30 s\","
                        + "\"parallelism\":4,\"topic-templates\":\"a/{device_id};b/{thing_name}/#\"}},"
                        + "{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"path\":\"s3://bucket/lake\",\"codec\":\"zstd\"}}]");
        FleetlakeConfig c = FleetlakeConfig.of(PropertyGroups.readJson(f));
        assertThat(c.get(FleetlakeOptions.JOB, JobOptions.CHECKPOINT_INTERVAL))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(c.getOptional(FleetlakeOptions.JOB, JobOptions.PARALLELISM)).contains(4);
        assertThat(c.get(FleetlakeOptions.JOB, JobOptions.TOPIC_TEMPLATES))
                .containsExactly("a/{device_id}", "b/{thing_name}/#");
        assertThat(c.get(FleetlakeOptions.LAKE, LakeOptions.PATH)).isEqualTo("s3://bucket/lake");
        assertThat(c.has(FleetlakeOptions.SIMULATOR)).isFalse();
        assertThat(c.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.RATE)).isEqualTo(20.0);
    }

    @Test
    void unknownGroupAndKeyAreNamed() {
        assertThatThrownBy(() -> FleetlakeConfig.of(Map.of("Lakes", Map.of())))
                .hasMessageContaining("unknown property group 'Lakes'")
                .hasMessageContaining("Lake");
        assertThatThrownBy(() -> FleetlakeConfig.of(Map.of("Lake", Map.of("paht", "/x"))))
                .hasMessageContaining("unknown key 'paht' in property group 'Lake'");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> FleetlakeConfig.of(Map.of("Source.Files", Map.of())))
                .hasMessage("missing required key 'path' in property group 'Source.Files'");
    }

    @Test
    void badValueIsNamed() {
        assertThatThrownBy(
                        () ->
                                FleetlakeConfig.of(
                                        Map.of("Job", Map.of("checkpoint-interval", "soon"))))
                .hasMessageContaining(
                        "bad value 'soon' for 'checkpoint-interval' in property group 'Job'");
        assertThatThrownBy(
                        () ->
                                FleetlakeConfig.of(
                                        Map.of("Source.Simulator", Map.of("events", "many"))))
                .hasMessageContaining("'events' in property group 'Source.Simulator'");
    }

    @Test
    void aBadValueOrCombinationFailsWhenReadNamingGroupAndKey() {
        assertThatThrownBy(
                        () ->
                                FleetlakeConfig.of(
                                        Map.of(
                                                "Source.Mqtt",
                                                Map.of("broker", "tcp://h:1883", "qos", "3"))))
                .hasMessageContaining("property group 'Source.Mqtt'")
                .hasMessageContaining("qos");
        assertThatThrownBy(
                        () -> FleetlakeConfig.of(Map.of("Job", Map.of("geohash-precision", "13"))))
                .hasMessageContaining("property group 'Job'")
                .hasMessageContaining("'geohash-precision'");
        assertThatThrownBy(
                        () ->
                                FleetlakeConfig.of(
                                        Map.of(
                                                "Timestream",
                                                Map.of(
                                                        "database",
                                                        "d",
                                                        "table",
                                                        "t",
                                                        "region",
                                                        "eu-west-1",
                                                        "max-batch-size",
                                                        "101"))))
                .hasMessageContaining("property group 'Timestream'")
                .hasMessageContaining("'max-batch-size'");
        assertThatThrownBy(
                        () ->
                                FleetlakeConfig.of(
                                        Map.of(
                                                "Source.Files",
                                                Map.of("path", "/in", "backfill-mode", "merge"))))
                .hasMessageContaining(
                        "bad value 'merge' for 'backfill-mode' in "
                                + "property group 'Source.Files'")
                .hasMessageContaining("replace, append");
        assertThatThrownBy(
                        () ->
                                FleetlakeConfig.of(
                                        Map.of("TopK", Map.of("specs", "[{\"name\":\"x\"}]"))))
                .hasMessageContaining("property group 'TopK'");
    }

    @Test
    void anOptionIsReadOnlyFromItsOwnGroup() {
        FleetlakeConfig c =
                FleetlakeConfig.of(
                        Map.of(
                                "Glue", Map.of("region", "eu-west-1"),
                                "Source.Kinesis", Map.of("stream", "s", "region", "us-east-2")));
        assertThat(c.section(FleetlakeOptions.GLUE).get(GlueOptions.REGION)).contains("eu-west-1");
        assertThat(c.section(FleetlakeOptions.KINESIS).get(KinesisSourceOptions.REGION))
                .isEqualTo("us-east-2");
        // region, endpoint and path exist in several groups: another group's option is refused, not
        // read.
        assertThatThrownBy(() -> c.section(FleetlakeOptions.GLUE).get(KinesisSourceOptions.REGION))
                .hasMessageContaining("'region' is not one of property group 'Glue'");
        assertThatThrownBy(() -> c.get(FleetlakeOptions.LAKE, FileSourceOptions.PATH))
                .hasMessageContaining("'path' is not one of property group 'Lake'");
        // An absent group reads as its defaults.
        assertThat(c.section(FleetlakeOptions.LAKE).get(LakeOptions.PATH)).isEqualTo("./lake");
    }

    @Test
    void everyGroupTakesAllOptionsOfItsOptionsClassesInDeclarationOrder() {
        assertThat(FleetlakeOptions.LAKE.options())
                .containsExactly(
                        LakeOptions.PATH,
                        LakeOptions.CODEC,
                        LakeOptions.COMPACTION,
                        LakeOptions.COMPACTION_TARGET_SIZE,
                        LakeOptions.COMPACTION_INTERVAL,
                        LakeOptions.MAX_OPEN_FILES,
                        S3Options.ENDPOINT,
                        S3Options.PATH_STYLE_ACCESS,
                        S3Options.ACCESS_KEY,
                        S3Options.SECRET_KEY);
        assertThat(FleetlakeOptions.KINESIS.requiredKeys()).containsExactly("stream");
        assertThat(FleetlakeOptions.KINESIS.options().get(0)).isSameAs(KinesisSourceOptions.STREAM);
    }

    @Test
    void malformedFilesFailWithTheFileName() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"PropertyGroupId\":\"Job\"}");
        assertThatThrownBy(() -> PropertyGroups.readJson(f))
                .hasMessageContaining("expected a JSON array");
        Files.writeString(f, "[{\"PropertyMap\":{}}]");
        assertThatThrownBy(() -> PropertyGroups.readJson(f))
                .hasMessageContaining("no \"PropertyGroupId\"");
        Files.writeString(f, "[{\"PropertyGroupId\":\"Job\"},{\"PropertyGroupId\":\"Job\"}]");
        assertThatThrownBy(() -> PropertyGroups.readJson(f)).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> PropertyGroups.readJson(dir.resolve("missing.json")))
                .hasMessageContaining("properties file not found");
    }

    @Test
    void withAddsValuesWithoutTouchingTheOriginal() {
        FleetlakeConfig c = FleetlakeConfig.of(Map.of());
        FleetlakeConfig d = c.with(FleetlakeOptions.FILES, FileSourceOptions.PATH, "/in");
        assertThat(c.has(FleetlakeOptions.FILES)).isFalse();
        assertThat(d.presentAmong(FleetlakeOptions.SOURCE_GROUPS))
                .isEqualTo(List.of("Source.Files"));
    }
}
