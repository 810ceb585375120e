package io.fleetlake.connectors.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingRegistryTest {
    @TempDir Path dir;

    private final List<String> events = new ArrayList<>();
    private final ReloadingRegistry.Listener listener =
            new ReloadingRegistry.Listener() {
                @Override
                public void reloaded(RegistrySnapshot snapshot) {
                    events.add("reloaded " + snapshot.size());
                }

                @Override
                public void reloadFailed(Exception error) {
                    events.add("failed " + error.getMessage());
                }
            };

    @Test
    void jsonLinesKeyedByThingNameOrDeviceId() throws Exception {
        Path f = dir.resolve("registry.jsonl");
        Files.writeString(
                f,
                "{\"thing_name\":\"iotfleet_thc_100\",\"device_id\":\"gps-100\",\"model\":\"T680\","
                        + "\"vehicle_type\":\"reefer\",\"speed_limit_kmh\":80,\"max_temp_c\":-15}\n\n"
                        + "{\"device_id\":\"sensor01\",\"owner\":\"plant1\"}\n");
        RegistrySnapshot s =
                new RegistryFileReader(f.toString(), List.of("thing_name", "device_id")).read();
        assertThat(s.attributesOf("iotfleet_thc_100"))
                .containsEntry("model", "T680")
                .containsEntry("speed_limit_kmh", "80")
                .containsEntry("max_temp_c", "-15")
                .doesNotContainKeys("thing_name", "device_id");
        assertThat(s.attributesOf("gps-100")).isEqualTo(s.attributesOf("iotfleet_thc_100"));
        assertThat(s.attributesOf("sensor01")).containsEntry("owner", "plant1");
        assertThat(s.attributesOf("nobody")).isNull();
    }

    @Test
    void csvWithHeader() throws Exception {
        Path f = dir.resolve("registry.csv");
        Files.writeString(
                f,
                "thing_name,model,owner,speed_limit_kmh\niotfleet_thc_101,\"Cascadia, 2022\",acme,\n");
        RegistrySnapshot s = new RegistryFileReader(f.toString(), List.of("thing_name")).read();
        assertThat(s.attributesOf("iotfleet_thc_101"))
                .containsEntry("model", "Cascadia, 2022")
                .containsEntry("owner", "acme")
                .doesNotContainKey("speed_limit_kmh");
    }

    @Test
    void rowWithoutKeyFailsTheRead() throws Exception {
        Path f = dir.resolve("registry.jsonl");
        Files.writeString(f, "{\"thing_name\":\"a\"}\n{\"model\":\"x\"}\n");
        assertThatThrownBy(() -> new RegistryFileReader(f.toString(), List.of("thing_name")).read())
                .hasMessageContaining("registry.jsonl:2")
                .hasMessageContaining("none of the key columns");
    }

    @Test
    void reloadReplacesAChangedFileAndKeepsThePreviousOnABrokenOne() throws Exception {
        Path f = dir.resolve("registry.jsonl");
        Files.writeString(f, "{\"thing_name\":\"a\",\"model\":\"v1\"}\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000));
        try (ReloadingRegistry r =
                new ReloadingRegistry(
                        new RegistryFileReader(f.toString(), List.of("thing_name")), listener)) {
            r.start(java.time.Duration.ZERO);
            assertThat(r.current().attributesOf("a")).containsEntry("model", "v1");

            r.reloadIfChanged();
            assertThat(events).containsExactly("reloaded 1");

            Files.writeString(
                    f, "{\"thing_name\":\"a\",\"model\":\"v2\"}\n{\"thing_name\":\"b\"}\n");
            Files.setLastModifiedTime(f, FileTime.fromMillis(2_000_000));
            r.reloadIfChanged();
            assertThat(r.current().attributesOf("a")).containsEntry("model", "v2");
            assertThat(r.current().size()).isEqualTo(2);

            Files.writeString(f, "{\"thing_name\":\"a\",\"model\":\"v3\"\n");
            Files.setLastModifiedTime(f, FileTime.fromMillis(3_000_000));
            r.reloadIfChanged();
            assertThat(r.current().attributesOf("a"))
                    .as("broken file keeps v2")
                    .containsEntry("model", "v2");
            assertThat(events).hasSize(3);
            assertThat(events.get(2)).startsWith("failed ").contains("not JSON");
        }
    }

    @Test
    void firstLoadMustSucceed() {
        ReloadingRegistry r =
                new ReloadingRegistry(
                        new RegistryFileReader(
                                dir.resolve("missing.jsonl").toString(), List.of("thing_name")),
                        listener);
        assertThatThrownBy(() -> r.start(java.time.Duration.ZERO))
                .isInstanceOf(java.io.IOException.class);
    }
}
