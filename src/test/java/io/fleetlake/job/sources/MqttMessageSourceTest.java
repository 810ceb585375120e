package io.fleetlake.job.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttMessage;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class MqttMessageSourceTest {

    /** Records the counters the deserializer registers. */
    static final class Metrics extends UnregisteredMetricsGroup {
        final Map<String, Counter> counters = new LinkedHashMap<>();

        @Override
        public Counter counter(String name) {
            return counters.computeIfAbsent(name, n -> new SimpleCounter());
        }

        @Override
        public Metrics addGroup(String name) {
            return this;
        }
    }

    @Test
    void messagesBecomeRawMessagesWithTheTopicAsOrigin() throws Exception {
        MqttMessageSource.ToRawMessage d =
                new MqttMessageSource.ToRawMessage(
                        new TopicTemplates(TopicTemplates.DEFAULTS), List.of());
        d.open(new Metrics());
        List<RawMessage> out = new ArrayList<>();
        byte[] payload = "{\"temperature\":1}".getBytes(StandardCharsets.UTF_8);
        d.deserialize(
                new MqttMessage("dt/sensor1/aggregate", payload, 1, false, 1234L),
                new ListCollector<>(out));
        assertThat(out)
                .containsExactly(
                        RawMessage.json(
                                "mqtt",
                                "dt/sensor1/aggregate",
                                "dt/sensor1/aggregate",
                                1234L,
                                payload));
    }

    @Test
    void thingNamePrefixFilterSkipsAndCountsOtherThingsOnly() throws Exception {
        MqttMessageSource.ToRawMessage d =
                new MqttMessageSource.ToRawMessage(
                        new TopicTemplates(TopicTemplates.DEFAULTS),
                        List.of("iotfleet_", "depot_"));
        Metrics metrics = new Metrics();
        d.open(metrics);
        List<RawMessage> out = new ArrayList<>();
        for (String topic :
                new String[] {
                    "$aws/things/iotfleet_thc_101/shadow/update/documents",
                    "$aws/things/depot_7/shadow/update",
                    "$aws/things/lab_test_1/shadow/update",
                    "dt/sensor1/aggregate"
                }) {
            d.deserialize(
                    new MqttMessage(topic, new byte[] {'{', '}'}, 1, false, 0),
                    new ListCollector<>(out));
        }
        assertThat(out)
                .extracting(m -> m.topic)
                .containsExactly(
                        "$aws/things/iotfleet_thc_101/shadow/update/documents",
                        "$aws/things/depot_7/shadow/update",
                        // no thing name in the topic: not subject to the filter
                        "dt/sensor1/aggregate");
        assertThat(metrics.counters.get("mqttFilteredByThingName").getCount()).isEqualTo(1);
    }

    @Test
    void configurationGroupBuildsTheConnection() {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        Map<String, String> mqtt = new LinkedHashMap<>();
        mqtt.put("broker", "ssl://abc-ats.iot.us-east-1.amazonaws.com:8883");
        mqtt.put("topics", "$aws/things/+/shadow/update/documents;dt/+/aggregate");
        mqtt.put("session-expiry", "2 h");
        mqtt.put("receive-maximum", "100");
        mqtt.put("mqtt-version", "3");
        mqtt.put("thing-name-prefixes", "iotfleet_");
        groups.put("Source.Mqtt", mqtt);
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        MqttConnectionConfig c =
                MqttConnectionConfig.fromConfiguration(config.section(FleetlakeOptions.MQTT));
        assertThat(c.tls()).isTrue();
        assertThat(c.port()).isEqualTo(8883);
        assertThat(c.subscriptionFilters())
                .containsExactly(
                        "$share/fleetlake/$aws/things/+/shadow/update/documents",
                        "$share/fleetlake/dt/+/aggregate");
        assertThat(c.sessionExpiry().toHours()).isEqualTo(2);
        assertThat(c.receiveMaximum()).isEqualTo(100);
        assertThat(c.mqttVersion()).isEqualTo(3);
        assertThat(MessageSources.fromConfig(config, 0))
                .hasSize(1)
                .first()
                .isInstanceOf(MqttMessageSource.class);
    }

    @Test
    void plainSubscriptionsRunAsOneSubtaskSharedOnesAtTheJobsParallelism() {
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                        .getExecutionEnvironment();
        env.setParallelism(3);
        FleetlakeConfig plain =
                FleetlakeConfig.of(
                        Map.of(
                                "Source.Mqtt",
                                Map.of("broker", "tcp://127.0.0.1:1883", "shared-group", "")));
        assertThat(MqttMessageSource.fromConfig(plain).attach(env).getParallelism())
                .as("every subtask would get every message")
                .isEqualTo(1);
        FleetlakeConfig shared =
                FleetlakeConfig.of(Map.of("Source.Mqtt", Map.of("broker", "tcp://127.0.0.1:1883")));
        assertThat(MqttMessageSource.fromConfig(shared).attach(env).getParallelism()).isEqualTo(3);
    }
}
