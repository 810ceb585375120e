package io.fleetlake.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.SerializerSnapshots;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The MQTT source's split and enumerator state read back from committed bytes of each version. */
class MqttSerializerMigrationTest {

    @Test
    void splits() throws Exception {
        SerializerSnapshots.check(
                "mqtt-split",
                MqttSplitSerializer.INSTANCE,
                new MqttSplit(7),
                (expected, restored) -> assertThat(restored).isEqualTo(expected));
    }

    @Test
    void enumeratorState() throws Exception {
        SerializerSnapshots.check(
                "mqtt-enumerator-state",
                MqttEnumeratorState.Serializer.INSTANCE,
                new MqttEnumeratorState(Set.of(0, 1, 2, 5), Set.of(5)),
                (expected, restored) -> {
                    assertThat(restored.created()).isEqualTo(expected.created());
                    assertThat(restored.unassigned()).isEqualTo(expected.unassigned());
                });
    }
}
