package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The produce-mqtt command's flags, as picocli declares them once for parsing and --help. */
class MqttProducerTest {

    @Test
    void parsesFlagsIntoTheConnection() {
        MqttProducer.Options o =
                MqttProducer.parse(
                        new String[] {
                            "--broker", "tcp://127.0.0.1:1883",
                            "--rate", "50",
                            "--events", "200",
                            "--topic-prefix", "t1/",
                            "--vehicles", "4",
                            "--mqtt-version", "3"
                        });
        assertThat(o.connection.brokerAddress()).contains("127.0.0.1:1883");
        assertThat(o.rate).isEqualTo(50.0);
        assertThat(o.events).isEqualTo(200);
        assertThat(o.topicPrefix).isEqualTo("t1/");
        assertThat(o.vehicles).isEqualTo(4);
        assertThat(o.sensors).isEqualTo(12);
        assertThat(o.clientId).isEqualTo("fleetlake-producer");
    }

    @Test
    void badFlagsAreOneLineNamingTheFlag() {
        assertThatThrownBy(() -> MqttProducer.parse(new String[] {"--rate", "5"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--broker is required");
        assertThatThrownBy(
                        () ->
                                MqttProducer.parse(
                                        new String[] {"--broker", "tcp://h:1", "--rate", "0"}))
                .hasMessageContaining("--rate");
        assertThatThrownBy(
                        () ->
                                MqttProducer.parse(
                                        new String[] {"--broker", "tcp://h:1", "--qos", "2"}))
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--qos'");
        assertThatThrownBy(
                        () ->
                                MqttProducer.parse(
                                        new String[] {
                                            "--broker", "tcp://h:1", "--rate", "1", "--rate", "2"
                                        }))
                .hasMessageContaining("--rate");
    }
}
