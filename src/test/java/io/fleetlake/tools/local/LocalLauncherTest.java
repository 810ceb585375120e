package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.connectors.files.FileSourceOptions;
import io.fleetlake.connectors.lake.LakeOptions;
import io.fleetlake.job.JobOptions;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.simulator.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLauncherTest {
    @TempDir Path dir;

    @Test
    void defaultIsTheUnboundedSimulatorIntoDotLake() throws Exception {
        FleetlakeConfig c = LocalLauncher.parse(new String[0]);
        assertThat(c.presentAmong(FleetlakeOptions.SOURCE_GROUPS))
                .containsExactly("Source.Simulator");
        assertThat(c.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.EVENTS)).isEqualTo(-1L);
        assertThat(c.get(FleetlakeOptions.LAKE, LakeOptions.PATH))
                .isEqualTo(Path.of("lake").toAbsolutePath().toString());
    }

    @Test
    void flagsSetTheirGroups() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        FleetlakeConfig c =
                LocalLauncher.parse(
                        new String[] {
                            "--input",
                            in.toString(),
                            "--lake",
                            dir.resolve("out").toString(),
                            "--parallelism",
                            "1"
                        });
        assertThat(c.presentAmong(FleetlakeOptions.SOURCE_GROUPS)).containsExactly("Source.Files");
        assertThat(c.get(FleetlakeOptions.FILES, FileSourceOptions.PATH)).isEqualTo(in.toString());
        assertThat(c.get(FleetlakeOptions.LAKE, LakeOptions.PATH))
                .isEqualTo(dir.resolve("out").toString());
        assertThat(c.getOptional(FleetlakeOptions.JOB, JobOptions.PARALLELISM)).contains(1);
        FleetlakeConfig e = LocalLauncher.parse(new String[] {"--events", "100"});
        assertThat(e.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.EVENTS)).isEqualTo(100L);
    }

    @Test
    void unknownFlagsAndBadValuesFailNamingThem() {
        assertThatThrownBy(() -> LocalLauncher.parse(new String[] {"--event", "5"}))
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--event'");
        assertThatThrownBy(() -> LocalLauncher.parse(new String[] {"--events", "ten"}))
                .hasMessageContaining("--events: expected a positive whole number, got 'ten'");
        assertThatThrownBy(() -> LocalLauncher.parse(new String[] {"--events"}))
                .hasMessageContaining("Missing required parameter for option '--events'");
        assertThatThrownBy(
                        () ->
                                LocalLauncher.parse(
                                        new String[] {"--input", dir.resolve("nope").toString()}))
                .hasMessageContaining("--input: no such file or directory");
        assertThatThrownBy(
                        () -> LocalLauncher.parse(new String[] {"--events", "1", "--events", "2"}))
                .hasMessageContaining("option '--events' (N) should be specified only once");
    }

    @Test
    void propertiesFileIsValidatedAndFlagsOverrideIt() throws Exception {
        Path props = dir.resolve("p.json");
        Files.writeString(
                props,
                "[{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"path\":\"/from/file\","
                        + "\"codec\":\"ZSTD\"}}]");
        FleetlakeConfig c =
                LocalLauncher.parse(
                        new String[] {"--properties", props.toString(), "--lake", "/flag"});
        assertThat(c.get(FleetlakeOptions.LAKE, LakeOptions.PATH)).isEqualTo("/flag");
        assertThat(c.get(FleetlakeOptions.LAKE, LakeOptions.CODEC))
                .isEqualTo(CompressionCodecName.ZSTD);
        Files.writeString(
                props, "[{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"codec\":\"LZMA\"}}]");
        assertThatThrownBy(
                        () -> LocalLauncher.parse(new String[] {"--properties", props.toString()}))
                .hasMessageContaining("bad value 'LZMA' for 'codec' in property group 'Lake'");
    }

    @Test
    void stateAndFreshAreTheLaunchersOwnFlags() throws Exception {
        java.util.Map<String, String> flags = new java.util.LinkedHashMap<>();
        FleetlakeConfig c =
                LocalLauncher.parse(
                        new String[] {"--state", dir.resolve("st").toString(), "--fresh"}, flags);
        assertThat(flags)
                .containsEntry("--state", dir.resolve("st").toString())
                .containsEntry("--fresh", "true");
        assertThat(c.presentAmong(FleetlakeOptions.SOURCE_GROUPS))
                .containsExactly("Source.Simulator");
        assertThatThrownBy(() -> LocalLauncher.parse(new String[] {"--state"}))
                .hasMessageContaining("Missing required parameter for option '--state'");
    }

    @Test
    void flinkStyleShortFlagsAndEqualsValues() throws Exception {
        java.util.Map<String, String> flags = new java.util.LinkedHashMap<>();
        FleetlakeConfig c =
                LocalLauncher.parse(
                        new String[] {"-p", "3", "--events=7", "-s", "/sp/1", "-n"}, flags);
        assertThat(c.getOptional(FleetlakeOptions.JOB, JobOptions.PARALLELISM)).contains(3);
        assertThat(c.get(FleetlakeOptions.SIMULATOR, SimulatorOptions.EVENTS)).isEqualTo(7L);
        assertThat(flags)
                .containsEntry("--from-savepoint", "/sp/1")
                .containsEntry("--allow-non-restored-state", "true");
    }

    @Test
    void aBadPropertiesFileIsOneLineNamingItAndTheMsfCliShapeIsAccepted() throws Exception {
        Path props = dir.resolve("p.json");
        Files.writeString(
                props, "[{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"codec\":\"ZSTD\",}}]");
        assertThatThrownBy(
                        () -> LocalLauncher.parse(new String[] {"--properties", props.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--properties: properties file " + props)
                .hasMessageContaining("line 1, column")
                .hasMessageContaining("trailing comma");
        Files.writeString(
                props,
                "{\"PropertyGroups\": [{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"codec\":\"ZSTD\"}}]}");
        assertThat(
                        LocalLauncher.parse(new String[] {"--properties", props.toString()})
                                .get(FleetlakeOptions.LAKE, LakeOptions.CODEC))
                .isEqualTo(CompressionCodecName.ZSTD);
    }

    @Test
    void anUnwritableLakeNamesTheFlag() {
        assertThatThrownBy(() -> LocalLauncher.requireWritableLake("/proc/forbidden", "--lake"))
                .hasMessageStartingWith("--lake /proc/forbidden: cannot create that directory")
                .hasMessageNotContaining("_state");
    }

    @Test
    void theStateIsBesideTheLakeUnlessMoved() {
        assertThat(LocalState.of("/data/lake/", null).uri()).isEqualTo("file:///data/lake/_state");
        assertThat(LocalState.of("s3://bucket/lake", null).uri())
                .isEqualTo("s3://bucket/lake/_state");
        assertThat(LocalState.of("/data/lake", "/var/fl").uri()).isEqualTo("file:///var/fl");
    }
}
