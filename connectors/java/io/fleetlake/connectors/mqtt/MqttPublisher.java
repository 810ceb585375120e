package io.fleetlake.connectors.mqtt;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes messages to a broker with the same connection settings as the source (TLS, credentials,
 * protocol version): for {@code fleetlake produce-mqtt}, demos and tests. Reconnects with the
 * configured backoff; each {@link #publish} returns when the broker has acknowledged the message
 * (QoS 1/2).
 */
public final class MqttPublisher implements AutoCloseable {
    private final MqttConnectionConfig config;
    private final Mqtt5AsyncClient client5;
    private final Mqtt3AsyncClient client3;

    MqttPublisher(MqttConnectionConfig config, String clientId) throws Exception {
        this.config = config;
        MqttClientBuilder builder = MqttClients.builder(config, clientId);
        if (config.mqttVersion() == MqttConnectionConfig.MQTT_5) {
            client5 = builder.useMqttVersion5().buildAsync();
            client3 = null;
            var connect = client5.connectWith().cleanStart(true);
            if (config.username() != null || config.password() != null) {
                connect = connect.simpleAuth(MqttSession.simpleAuth5(config));
            }
            awaitConnect(connect.send(), client5::disconnect);
        } else {
            client3 = builder.useMqttVersion3().buildAsync();
            client5 = null;
            var connect = client3.connectWith().cleanSession(true);
            if (config.username() != null) {
                var auth = connect.simpleAuth().username(config.username());
                if (config.password() != null) {
                    auth = auth.password(config.password().getBytes(StandardCharsets.UTF_8));
                }
                connect = auth.applySimpleAuth();
            }
            awaitConnect(connect.send(), client3::disconnect);
        }
    }

    /**
     * Waits for the first connection; on failure stops the client, whose automatic reconnect would
     * otherwise keep trying in the background for a publisher nobody holds any more.
     */
    private static void awaitConnect(
            CompletableFuture<?> connected,
            java.util.function.Supplier<CompletableFuture<Void>> disconnect)
            throws Exception {
        try {
            connected.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            connected.cancel(true);
            disconnect.get().exceptionally(ignored -> null);
            throw e;
        }
    }

    /** Publishes with the configured QoS; the future completes when the broker acknowledged it. */
    public CompletableFuture<?> publishAsync(String topic, byte[] payload) {
        MqttQos qos = MqttQos.fromCode(config.qos());
        if (client5 != null) {
            return client5.publishWith()
                    .topic(topic)
                    .qos(qos)
                    .payload(payload)
                    .send()
                    .thenApply(
                            result -> {
                                result.getError()
                                        .ifPresent(
                                                e -> {
                                                    throw new IllegalStateException(
                                                            "mqtt: publish to "
                                                                    + topic
                                                                    + " failed: "
                                                                    + e,
                                                            e);
                                                });
                                return result;
                            });
        }
        return client3.publishWith().topic(topic).qos(qos).payload(payload).send();
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public void publish(String topic, byte[] payload) throws Exception {
        publishAsync(topic, payload).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (client5 != null) {
            client5.disconnect().get(10, TimeUnit.SECONDS);
        } else {
            client3.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}
