package io.fleetlake.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.job.simulator.SimulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationPropertiesTest {
    private static final ApplicationProperties.RuntimePropertiesReader NOT_CALLED =
            () -> {
                throw new AssertionError(
                        "MSF runtime properties must not be read when --properties is given");
            };

    @TempDir Path dir;

    @Test
    void propertiesFileWins() throws IOException {
        Path file =
                write(
                        "[{\"PropertyGroupId\":\"Source.Files\",\"PropertyMap\":{\"path\":\"/in\"}},"
                                + "{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"path\":\"s3://lake/fleet\"}}]");

        Map<String, Map<String, String>> groups =
                ApplicationProperties.load(
                        new String[] {"--properties", file.toString()}, NOT_CALLED);

        assertThat(groups).containsOnlyKeys("Source.Files", "Lake");
        assertThat(groups.get("Lake")).containsEntry("path", "s3://lake/fleet");
    }

    @Test
    void runtimePropertiesAreConvertedGroupByGroup() throws IOException {
        Map<String, Properties> runtime = new LinkedHashMap<>();
        runtime.put("Source.Simulator", props("rate", "5", "events", "100"));
        runtime.put("Lake", props("path", "s3://lake/fleet", "codec", "ZSTD"));

        Map<String, Map<String, String>> groups =
                ApplicationProperties.load(new String[0], () -> runtime);

        // Sorted by group and key: MSF hands them over in hash order.
        assertThat(groups.keySet()).containsExactly("Lake", "Source.Simulator");
        assertThat(groups.get("Source.Simulator"))
                .containsExactly(Map.entry("events", "100"), Map.entry("rate", "5"));
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        assertThat(config.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.RATE)).isEqualTo(5.0);
        assertThat(config.get(FleetlakeOptions.LAKE, LakeOptions.CODEC))
                .isEqualTo(CompressionCodecName.ZSTD);
    }

    @Test
    void emptyRuntimePropertiesFailNamingTheMissingGroups() {
        assertThatThrownBy(() -> ApplicationProperties.load(new String[0], Map::of))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runtime properties are empty")
                .hasMessageContaining("Lake (with path)")
                .hasMessageContaining("one of Source.Simulator, Source.Files")
                .hasMessageContaining("--properties FILE");
    }

    @Test
    void kinesisAnalyticsRuntimeReturnsEmptyWhenItsFileIsMissing() throws IOException {
        // The library's own fallback, which is why load() must check: no exception, just nothing.
        String missing = dir.resolve("no-such-application_properties.json").toString();
        assertThat(KinesisAnalyticsRuntime.getApplicationProperties(missing)).isEmpty();
        assertThatThrownBy(
                        () ->
                                ApplicationProperties.load(
                                        new String[0],
                                        () ->
                                                KinesisAnalyticsRuntime.getApplicationProperties(
                                                        missing)))
                .hasMessageContaining("runtime properties are empty");
    }

    @Test
    void kinesisAnalyticsRuntimeReadsTheSameJsonShape() throws IOException {
        Path file = Paths.get("local-stack/msf-application-properties.example.json");
        Map<String, Map<String, String>> viaRuntime =
                ApplicationProperties.fromRuntime(
                        KinesisAnalyticsRuntime.getApplicationProperties(file.toString()));
        Map<String, Map<String, String>> viaFile = PropertyGroups.readJson(file);

        assertThat(viaRuntime.keySet()).containsExactlyInAnyOrderElementsOf(viaFile.keySet());
        viaFile.forEach((group, values) -> assertThat(viaRuntime.get(group)).isEqualTo(values));
        assertThat(ApplicationProperties.missingGroups(viaFile)).isEmpty();
    }

    @Test
    void exampleCoversEveryGroupAndItsValuesValidate() throws IOException {
        Map<String, Map<String, String>> example =
                PropertyGroups.readJson(
                        Paths.get("local-stack/msf-application-properties.example.json"));
        for (ConfigGroup group : FleetlakeOptions.groups()) {
            assertThat(example)
                    .as("the example shows group %s", group.id())
                    .containsKey(group.id());
        }
        // Every group and key of the example is one the code reads, and every value parses.
        FleetlakeConfig config = FleetlakeConfig.of(example);
        assertThat(config.get(FleetlakeOptions.LAKE, LakeOptions.PATH)).startsWith("s3://");
    }

    @Test
    void incompleteGroupsFailNamingWhatIsMissing() throws IOException {
        Map<String, Properties> noSource = Map.of("Lake", props("path", "s3://lake/fleet"));
        assertThatThrownBy(() -> ApplicationProperties.load(new String[0], () -> noSource))
                .hasMessageContaining(
                        "MSF runtime properties: missing property group(s) one of Source.")
                .hasMessageContaining("present: Lake");

        Path file =
                write(
                        "[{\"PropertyGroupId\":\"Source.Files\",\"PropertyMap\":{\"path\":\"/in\"}},"
                                + "{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"codec\":\"ZSTD\"}}]");
        assertThatThrownBy(
                        () ->
                                ApplicationProperties.load(
                                        new String[] {"--properties", file.toString()}, NOT_CALLED))
                .hasMessageContaining("missing property group(s) Lake (with path)")
                .hasMessageContaining(file.toString());
    }

    @Test
    void badArgumentsFail() {
        assertThatThrownBy(
                        () -> ApplicationProperties.load(new String[] {"--properties"}, NOT_CALLED))
                .hasMessageContaining("--properties needs a file");
        assertThatThrownBy(
                        () -> ApplicationProperties.load(new String[] {"--lake", "x"}, NOT_CALLED))
                .hasMessageContaining("unexpected argument '--lake'");
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "props", ".json");
        Files.write(file, json.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }
}
