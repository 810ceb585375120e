package io.fleetlake.job.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enrichment operators in Flink's operator test harness: lookups, unknown devices, reload, bad
 * reload.
 */
class RegistryEnrichmentTest {
    @TempDir Path dir;

    @Test
    void enrichesByDeviceIdThenThingNameAndCountsUnknownDevices() throws Exception {
        Path f = dir.resolve("registry.jsonl");
        Files.writeString(
                f,
                "{\"thing_name\":\"truck1\",\"vehicle_type\":\"reefer\",\"max_temp_c\":\"-15\"}\n"
                        + "{\"device_id\":\"sensor9\",\"owner\":\"plant2\"}\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000));
        ReadingEnrichment fn =
                new ReadingEnrichment(
                        f.toString(), List.of("thing_name", "device_id"), Duration.ZERO);
        try (OneInputStreamOperatorTestHarness<Reading, Reading> h =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(fn))) {
            h.open();
            Reading byThing = reading("gps-1", "truck1");
            byThing.attributes.put("vehicle_type", "sent-by-device");
            h.processElement(byThing, 1);
            h.processElement(reading("sensor9", null), 2);
            h.processElement(reading("stranger", null), 3);
            List<Reading> out = h.extractOutputValues();
            assertThat(out.get(0).attributes)
                    .containsEntry("vehicle_type", "reefer")
                    .containsEntry("max_temp_c", "-15");
            assertThat(out.get(1).attributes).containsEntry("owner", "plant2");
            assertThat(out.get(2).attributes).isEmpty();
            assertThat(h.getEnvironment().getMetricGroup()).isNotNull();

            // A new version is picked up without a restart; a broken one keeps it.
            Files.writeString(f, "{\"thing_name\":\"truck1\",\"vehicle_type\":\"dry_van\"}\n");
            Files.setLastModifiedTime(f, FileTime.fromMillis(2_000_000));
            fn.reloadNow();
            h.processElement(reading("gps-1", "truck1"), 4);
            Files.writeString(f, "thing_name\n");
            Files.setLastModifiedTime(f, FileTime.fromMillis(3_000_000));
            fn.reloadNow();
            h.processElement(reading("gps-1", "truck1"), 5);
            out = h.extractOutputValues();
            assertThat(out.get(3).attributes).containsEntry("vehicle_type", "dry_van");
            assertThat(out.get(4).attributes).containsEntry("vehicle_type", "dry_van");
        }
    }

    @Test
    void breadcrumbsGetAttributesToo() throws Exception {
        Path f = dir.resolve("registry.csv");
        Files.writeString(f, "thing_name,speed_limit_kmh\ntruck2,70\n");
        try (OneInputStreamOperatorTestHarness<Breadcrumb, Breadcrumb> h =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamMap<>(
                                new BreadcrumbEnrichment(
                                        f.toString(), List.of("thing_name"), Duration.ZERO)))) {
            h.open();
            Breadcrumb b = new Breadcrumb();
            b.thingName = "truck2";
            b.deviceId = "truck2";
            h.processElement(b, 1);
            assertThat(h.extractOutputValues().get(0).attributes)
                    .containsEntry("speed_limit_kmh", "70");
        }
    }

    private static Reading reading(String deviceId, String thingName) {
        Reading r = new Reading();
        r.deviceId = deviceId;
        r.thingName = thingName;
        return r;
    }
}
