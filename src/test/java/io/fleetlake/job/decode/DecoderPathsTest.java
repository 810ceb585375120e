package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.testing.CollectingOutput;
import io.fleetlake.testing.HostilePayloads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@link FlatJsonObject}) gives exactly what the tree path gives: the same readings,
 * breadcrumbs and dead letters, on the simulator's input, the bench's (seed and flat shapes) and
 * hostile payloads, live and from files.
 */
class DecoderPathsTest {
    private final TopicTemplates templates = new TopicTemplates(TopicTemplates.DEFAULTS);
    private final MessageNormalizer fast =
            new MessageNormalizer(templates, DecodeLimits.defaults(), true);
    private final MessageNormalizer tree =
            new MessageNormalizer(templates, DecodeLimits.defaults(), false);

    @Test
    void simulatorInput() {
        FleetSimulator sim = new FleetSimulator(1, 1_767_225_600_000L, 20, 60, 30, 0.05);
        List<RawMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            messages.add(sim.event(i));
        }
        assertSamePaths(messages, 5_000);
    }

    @Test
    void benchInputSeedShapeWithTheRuleTopic() {
        FleetSimulator sim = new FleetSimulator(2024, 1_767_225_600_000L, 50, 600, 300, 0.01);
        List<RawMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            RawMessage m = sim.event(i);
            String payload = new String(m.payload, StandardCharsets.UTF_8);
            String line = "{\"thetopic\":\"" + m.topic + "\"," + payload.substring(1);
            messages.add(
                    RawMessage.fromFile(
                            "input.jsonl:" + i,
                            m.arrivalTime,
                            RawMessage.FORMAT_JSON,
                            null,
                            line.getBytes(StandardCharsets.UTF_8)));
        }
        assertSamePaths(messages, 5_000);
    }

    @Test
    void benchInputFlatShape() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<RawMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String ts = EventTimes.formatSql(1_767_225_600_000L + i * 1000L);
            String line =
                    rnd.nextInt(10) < 7
                            ? "{\"device_id\":\"sensor-"
                                    + rnd.nextInt(1000)
                                    + "\",\"temperature\":"
                                    + rnd.nextInt(45, 92)
                                    + ",\"humidity\":"
                                    + rnd.nextInt(100)
                                    + ",\"pressure\":"
                                    + (950 + rnd.nextDouble(100))
                                    + ",\"rssi\":"
                                    + -rnd.nextInt(90)
                                    + ",\"timestamp\":\""
                                    + ts
                                    + "\"}"
                            : "{\"thing_name\":\"truck-"
                                    + rnd.nextInt(300)
                                    + "\",\"lat\":"
                                    + rnd.nextDouble(-90, 90)
                                    + ",\"lon\":"
                                    + rnd.nextDouble(-180, 180)
                                    + ",\"speed\":"
                                    + rnd.nextInt(120)
                                    + ",\"heading\":\"NE\",\"ignition\":"
                                    + rnd.nextBoolean()
                                    + ",\"timestamp\":\""
                                    + ts
                                    + "\"}";
            messages.add(
                    RawMessage.fromFile(
                            "flat.json:" + i,
                            1L,
                            RawMessage.FORMAT_JSON,
                            null,
                            line.getBytes(StandardCharsets.UTF_8)));
        }
        assertSamePaths(messages, 5_000);
    }

    @Test
    void hostilePayloadsLiveAndFromFiles() {
        List<RawMessage> messages = new ArrayList<>();
        int i = 0;
        for (HostilePayloads.Payload p : new HostilePayloads(11).generate(4_000, 2)) {
            messages.add(
                    i % 2 == 0
                            ? RawMessage.json(
                                    "mqtt",
                                    "o" + i,
                                    "dt/t" + i + "/aggregate",
                                    1_767_225_600_000L,
                                    p.bytes)
                            : RawMessage.fromFile(
                                    "h.jsonl:" + i,
                                    1_767_225_600_000L,
                                    RawMessage.FORMAT_JSON,
                                    null,
                                    p.bytes));
            i++;
        }
        assertSamePaths(messages, 4_000);
    }

    private void assertSamePaths(List<RawMessage> messages, int expected) {
        assertThat(messages).hasSize(expected);
        for (RawMessage m : messages) {
            CollectingOutput a = new CollectingOutput();
            CollectingOutput b = new CollectingOutput();
            fast.normalize(m, a);
            tree.normalize(m, b);
            String what =
                    new String(
                            m.payload, 0, Math.min(300, m.payload.length), StandardCharsets.UTF_8);
            assertThat(a.readings).as(what).isEqualTo(b.readings);
            assertThat(a.breadcrumbs).as(what).isEqualTo(b.breadcrumbs);
            assertThat(a.deadLetters).as(what).isEqualTo(b.deadLetters);
            assertThat(a.readings.size() + a.breadcrumbs.size() + a.deadLetters.size())
                    .as(what)
                    .isPositive();
            assertThat(a.deadLetters).as(what).noneMatch(d -> d.reasonCode.equals("unexpected"));
        }
    }
}
