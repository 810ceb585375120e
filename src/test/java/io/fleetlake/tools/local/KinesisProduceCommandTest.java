package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The produce command's flags and the IoT-rule shape of what it sends. */
class KinesisProduceCommandTest {

    @Test
    void parsesFlags() {
        KinesisProduceCommand.Options o =
                KinesisProduceCommand.parse(
                        new String[] {
                            "--stream",
                            "arn:aws:kinesis:eu-west-1:123456789012:stream/fleet",
                            "--rate",
                            "250",
                            "--events",
                            "1000",
                            "--no-aggregate"
                        });
        assertThat(o.stream).isEqualTo("fleet");
        assertThat(o.region).isEqualTo("eu-west-1");
        assertThat(o.rate).isEqualTo(250.0);
        assertThat(o.events).isEqualTo(1000);
        assertThat(o.aggregate).isFalse();
        assertThat(KinesisProduceCommand.parse(new String[] {"--stream", "s"}).aggregate).isTrue();
        assertThatThrownBy(() -> KinesisProduceCommand.parse(new String[] {"--rate", "5"}))
                .hasMessageContaining("--stream is required");
        assertThatThrownBy(
                        () ->
                                KinesisProduceCommand.parse(
                                        new String[] {"--stream", "s", "--rate", "0"}))
                .hasMessageContaining("--rate");
        assertThatThrownBy(
                        () ->
                                KinesisProduceCommand.parse(
                                        new String[] {"--stream", "s", "--shards", "2"}))
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--shards'");
        assertThat(
                        KinesisProduceCommand.parse(
                                        new String[] {"--stream", "s", "--events", "1e6"})
                                .events)
                .isEqualTo(1_000_000);
    }

    @Test
    void payloadsCarryTheirTopicAsTheIotRuleDoes() throws Exception {
        FleetSimulator fleet = new FleetSimulator(1, 1713430800000L, 10, 4, 6, 0);
        for (int i = 0; i < 10; i++) {
            RawMessage e = fleet.event(i);
            JsonNode shaped = new ObjectMapper().readTree(KinesisProduceCommand.ruleShaped(e));
            JsonNode original = new ObjectMapper().readTree(e.payload);
            assertThat(shaped.get("thetopic").asText()).isEqualTo(e.topic);
            ((com.fasterxml.jackson.databind.node.ObjectNode) shaped).remove("thetopic");
            assertThat(shaped).isEqualTo(original);
        }
        RawMessage truncated =
                RawMessage.json(
                        "simulator",
                        "t",
                        "dt/s1/measures",
                        0L,
                        "{\"temperature\":2".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(KinesisProduceCommand.ruleShaped(truncated), StandardCharsets.UTF_8))
                .isEqualTo("{\"thetopic\":\"dt/s1/measures\",\"temperature\":2");
    }
}
