package io.fleetlake.testing;

import io.fleetlake.connectors.mqtt.MqttDeserializer;
import io.fleetlake.connectors.mqtt.MqttMessage;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/** An MQTT deserializer for tests: each message's payload as one UTF-8 string. */
public final class PayloadAsString implements MqttDeserializer<String> {
    @Override
    public void deserialize(MqttMessage message, Collector<String> out) {
        out.collect(new String(message.payload(), StandardCharsets.UTF_8));
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }
}
