package io.fleetlake.job.config;

import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.job.simulator.SimulatorOptions;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.job.JobOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetlakeConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsMsfPropertyGroupShape() throws IOException {
        Path f = dir.resolve("props.json");
        Files.writeString(f, "[{\"PropertyGroupId\":\"Job\",\"PropertyMap\":{\"checkpoint-interval\":\"30 s\","
                + "\"parallelism\":4,\"topic-templates\":\"a/{device_id};b/{thing_name}/#\"}},"
                + "{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"path\":\"s3://bucket/lake\",\"codec\":\"zstd\"}}]");
        FleetlakeConfig c = FleetlakeConfig.of(PropertyGroups.readJson(f));
        assertThat(c.get(FleetlakeOptions.JOB, JobOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
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
                .hasMessageContaining("unknown property group 'Lakes'").hasMessageContaining("Lake");
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
        assertThatThrownBy(() -> FleetlakeConfig.of(Map.of("Job", Map.of("checkpoint-interval", "soon"))))
                .hasMessageContaining("bad value 'soon' for 'checkpoint-interval' in property group 'Job'");
        assertThatThrownBy(() -> FleetlakeConfig.of(Map.of("Source.Simulator", Map.of("events", "many"))))
                .hasMessageContaining("'events' in property group 'Source.Simulator'");
    }

    @Test
    void malformedFilesFailWithTheFileName() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"PropertyGroupId\":\"Job\"}");
        assertThatThrownBy(() -> PropertyGroups.readJson(f)).hasMessageContaining("expected a JSON array");
        Files.writeString(f, "[{\"PropertyMap\":{}}]");
        assertThatThrownBy(() -> PropertyGroups.readJson(f)).hasMessageContaining("no \"PropertyGroupId\"");
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
        assertThat(d.presentAmong(FleetlakeOptions.SOURCE_GROUPS)).isEqualTo(List.of("Source.Files"));
    }
}
