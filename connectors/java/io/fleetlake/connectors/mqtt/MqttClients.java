package io.fleetlake.connectors.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import java.util.concurrent.TimeUnit;

/**
 * The one place a HiveMQ client is set up from a {@link MqttConnectionConfig}: broker, reconnect
 * backoff, TLS.
 */
final class MqttClients {
    private MqttClients() {}

    /**
     * A client builder for {@code clientId}; the caller picks the protocol version and adds
     * listeners.
     */
    static MqttClientBuilder builder(MqttConnectionConfig config, String clientId)
            throws Exception {
        MqttClientBuilder builder =
                MqttClient.builder()
                        .identifier(clientId)
                        .serverHost(config.host())
                        .serverPort(config.port())
                        .automaticReconnect()
                        .initialDelay(
                                config.reconnectInitialDelay().toMillis(), TimeUnit.MILLISECONDS)
                        .maxDelay(config.reconnectMaxDelay().toMillis(), TimeUnit.MILLISECONDS)
                        .applyAutomaticReconnect();
        if (config.tls()) {
            var ssl = builder.sslConfig();
            if (config.certificate() != null) {
                ssl.keyManagerFactory(
                        MqttTls.keyManagers(config.certificate(), config.privateKey()));
            }
            if (config.caCertificate() != null) {
                ssl.trustManagerFactory(MqttTls.trustManagers(config.caCertificate()));
            }
            builder = ssl.applySslConfig();
        }
        return builder;
    }
}
