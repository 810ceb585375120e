package io.fleetlake.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT broker for tests: HiveMQ Community Edition, embedded in the test JVM, listening on 127.0.0.1 only
 * (a plain TCP listener and optionally a mutual-TLS listener), with file persistence so that persistent
 * sessions and queued messages survive {@link #restart}. Its logback is excluded in the pom; it logs through
 * Flink's log4j2.
 */
public final class MqttTestBroker implements AutoCloseable {
    private final Path home;
    private final int port;
    private final int tlsPort;
    private EmbeddedHiveMQ hivemq;

    private MqttTestBroker(Path home, int port, int tlsPort) {
        this.home = home;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** Starts a broker with a plain listener. */
    public static MqttTestBroker start(Path home) throws Exception {
        return start(home, null);
    }

    /**
     * Starts a broker; with certificates also a TLS listener that requires a client certificate signed by their
     * CA.
     */
    public static MqttTestBroker start(Path home, TestCertificates tls) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        MqttTestBroker broker = new MqttTestBroker(home, freePort(), tls == null ? -1 : freePort());
        String tlsListener = tls == null ? "" : "    <tls-tcp-listener>\n"
                + "      <port>" + broker.tlsPort + "</port>\n"
                + "      <bind-address>127.0.0.1</bind-address>\n"
                + "      <tls>\n"
                + "        <keystore>\n"
                + "          <path>" + tls.serverKeyStore() + "</path>\n"
                + "          <password>" + TestCertificates.STORE_PASSWORD + "</password>\n"
                + "          <private-key-password>" + TestCertificates.STORE_PASSWORD + "</private-key-password>\n"
                + "        </keystore>\n"
                + "        <truststore>\n"
                + "          <path>" + tls.trustStore() + "</path>\n"
                + "          <password>" + TestCertificates.STORE_PASSWORD + "</password>\n"
                + "        </truststore>\n"
                + "        <client-authentication-mode>REQUIRED</client-authentication-mode>\n"
                + "      </tls>\n"
                + "    </tls-tcp-listener>\n";
        Files.writeString(home.resolve("conf/config.xml"), "<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n"
                + "    <tcp-listener>\n      <port>" + broker.port + "</port>\n"
                + "      <bind-address>127.0.0.1</bind-address>\n    </tcp-listener>\n"
                + tlsListener
                + "  </listeners>\n"
                + "  <mqtt>\n    <queued-messages>\n      <max-queue-size>100000</max-queue-size>\n"
                + "    </queued-messages>\n  </mqtt>\n"
                + "  <persistence>\n    <mode>file</mode>\n  </persistence>\n"
                + "  <anonymous-usage-statistics>\n    <enabled>false</enabled>\n  </anonymous-usage-statistics>\n"
                + "</hivemq>\n");
        broker.startBroker();
        return broker;
    }

    private void startBroker() throws Exception {
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().get(60, TimeUnit.SECONDS);
    }

    /** Stops the broker (clients lose their connections), keeping its data folder. */
    public void stop() throws Exception {
        if (hivemq != null) {
            hivemq.stop().get(60, TimeUnit.SECONDS);
            hivemq.close();
            hivemq = null;
        }
    }

    /** Starts the broker again on the same ports with the same persisted sessions. */
    public void restart() throws Exception {
        stop();
        startBroker();
    }

    /** Starts the broker again after {@link #stop()}. */
    public void startAgain() throws Exception {
        if (hivemq == null) {
            startBroker();
        }
    }

    /**
     * Creates the persistent sessions the job's subtasks will resume ({@code <prefix>-0 .. <prefix>-(n-1)}),
     * subscribed to {@code $share/<group>/<filter>} with QoS 1, and disconnects them. From here on the broker
     * queues every matching message for the job, however long its subtasks take to connect, so tests need not
     * race the job's SUBSCRIBE, and the job's first connection exercises session resumption.
     */
    public void createSessions(String clientIdPrefix, int n, String sharedGroup, java.util.List<String> filters)
            throws Exception {
        for (int i = 0; i < n; i++) {
            com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient c = com.hivemq.client.mqtt.MqttClient.builder()
                    .useMqttVersion5().identifier(clientIdPrefix + "-" + i).serverHost("127.0.0.1").serverPort(port)
                    .buildBlocking();
            c.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
            for (String f : filters) {
                c.subscribeWith().topicFilter("$share/" + sharedGroup + "/" + f)
                        .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE).send();
            }
            c.disconnect();
        }
    }

    public String tcpUri() {
        return "tcp://127.0.0.1:" + port;
    }

    public String tlsUri() {
        if (tlsPort < 0) {
            throw new IllegalStateException("broker started without TLS");
        }
        return "ssl://127.0.0.1:" + tlsPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
