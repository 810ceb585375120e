package io.fleetlake.job.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.testing.CollectingOutput;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @Test
    void sameSeedGivesTheSameEvents() {
        FleetSimulator a = new FleetSimulator(7, START, 20, 10, 6, 0.01);
        FleetSimulator b = new FleetSimulator(7, START, 20, 10, 6, 0.01);
        FleetSimulator other = new FleetSimulator(8, START, 20, 10, 6, 0.01);
        boolean differs = false;
        for (long i = 0; i < 500; i++) {
            assertThat(a.event(i)).isEqualTo(b.event(i));
            differs |= !a.event(i).equals(other.event(i));
        }
        assertThat(differs).isTrue();
    }

    @Test
    void emitsEverySeedShapeAndTheyDecode() {
        FleetSimulator sim = new FleetSimulator(42, START, 20, 8, 6, 0.0);
        MessageNormalizer normalizer =
                new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS));
        CollectingOutput out = new CollectingOutput();
        Set<String> topicKinds = new HashSet<>();
        int events = 14 * 50;
        for (long i = 0; i < events; i++) {
            RawMessage m = sim.event(i);
            topicKinds.add(
                    m.topic
                            .replaceAll("iotfleet_thc_\\d+", "T")
                            .replaceAll("sensor\\d+", "S")
                            .replaceAll("plant\\d", "P"));
            normalizer.normalize(m, out);
        }
        assertThat(topicKinds)
                .containsExactlyInAnyOrder(
                        "$aws/things/T/shadow/update/documents",
                        "$aws/things/T/shadow/update",
                        "dt/S/aggregate",
                        "dt/S/measures",
                        "dt/P/S/temp");
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.breadcrumbs).hasSize(8 * 50);
        // reefers (v % 4 == 0: 0 and 4) report temperature with their position
        assertThat(out.readings.stream().filter(r -> r.thingName != null).count())
                .isEqualTo(2 * 50);
        // sensors: 2 telemetry + 2 measures + 2 arrays of 5 elements
        assertThat(out.readings.stream().filter(r -> r.thingName == null).count())
                .isEqualTo((2 + 2 + 2 * 5) * 50);
        assertThat(out.breadcrumbs)
                .allSatisfy(
                        b -> {
                            assertThat(b.lat).isBetween(45.2, 45.8);
                            assertThat(b.lon).isBetween(-123.1, -122.2);
                        });
        assertThat(
                        out.breadcrumbs.stream()
                                .filter(
                                        b ->
                                                b.speed != null
                                                        && b.speed
                                                                > FleetSimulator.SPEED_LIMIT_KMH))
                .as("speeders exist")
                .isNotEmpty();
    }

    @Test
    void positionsMovePlausibly() {
        FleetSimulator sim = new FleetSimulator(42, START, 20, 4, 0, 0.0);
        MessageNormalizer normalizer =
                new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS));
        CollectingOutput out = new CollectingOutput();
        for (long step = 0; step < 100; step++) {
            normalizer.normalize(sim.event(step * 4 + 1), out);
        }
        // vehicle 1 reports every 0.2 s of event time; at < 130 km/h it moves < 8 m between reports
        for (int i = 1; i < out.breadcrumbs.size(); i++) {
            double d =
                    FleetSimulator.Route.meters(
                            out.breadcrumbs.get(i - 1).lat,
                            out.breadcrumbs.get(i - 1).lon,
                            out.breadcrumbs.get(i).lat,
                            out.breadcrumbs.get(i).lon);
            assertThat(d).isLessThan(8.0);
        }
        assertThat(out.breadcrumbs.get(99).eventTime - out.breadcrumbs.get(0).eventTime)
                .isEqualTo(99 * 200L);
    }

    @Test
    void malformedShareIsTruncatedJson() {
        FleetSimulator sim = new FleetSimulator(1, START, 20, 5, 5, 0.5);
        int truncated = 0;
        for (long i = 0; i < 1000; i++) {
            String p = new String(sim.event(i).payload, StandardCharsets.UTF_8);
            if (!p.endsWith("}")) {
                truncated++;
            }
        }
        assertThat(truncated).isBetween(400, 600);
    }
}
