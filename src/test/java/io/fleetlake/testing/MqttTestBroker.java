package io.fleetlake.testing;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real MQTT broker for tests: HiveMQ Community Edition, embedded in the test JVM, listening on
 * 127.0.0.1 only (a plain TCP listener and optionally a mutual-TLS listener), with file persistence
 * so that persistent sessions and queued messages survive {@link #restart}. Its logback is excluded
 * in the pom; it logs through Flink's log4j2. An embedded extension counts the PUBACKs each client
 * sends, so tests wait for acknowledgements to arrive ({@link #awaitPubacks}) instead of sleeping.
 */
public final class MqttTestBroker implements AutoCloseable {
    private final Path home;
    private final int port;
    private final int tlsPort;
    private EmbeddedHiveMQ hivemq;

    /** PUBACKs received per client id, over every start of this broker. */
    private final Map<String, AtomicLong> pubacks = new ConcurrentHashMap<>();

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
     * Starts a broker; with certificates also a TLS listener that requires a client certificate
     * signed by their CA.
     */
    public static MqttTestBroker start(Path home, TestCertificates tls) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        MqttTestBroker broker = new MqttTestBroker(home, freePort(), tls == null ? -1 : freePort());
        String tlsListener =
                tls == null
                        ? ""
                        : "    <tls-tcp-listener>\n"
                                + "      <port>"
                                + broker.tlsPort
                                + "</port>\n"
                                + "      <bind-address>127.0.0.1</bind-address>\n"
                                + "      <tls>\n"
                                + "        <keystore>\n"
                                + "          <path>"
                                + tls.serverKeyStore()
                                + "</path>\n"
                                + "          <password>"
                                + TestCertificates.STORE_PASSWORD
                                + "</password>\n"
                                + "          <private-key-password>"
                                + TestCertificates.STORE_PASSWORD
                                + "</private-key-password>\n"
                                + "        </keystore>\n"
                                + "        <truststore>\n"
                                + "          <path>"
                                + tls.trustStore()
                                + "</path>\n"
                                + "          <password>"
                                + TestCertificates.STORE_PASSWORD
                                + "</password>\n"
                                + "        </truststore>\n"
                                + "        <client-authentication-mode>REQUIRED</client-authentication-mode>\n"
                                + "      </tls>\n"
                                + "    </tls-tcp-listener>\n";
        Files.writeString(
                home.resolve("conf/config.xml"),
                "<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n"
                        + "    <tcp-listener>\n      <port>"
                        + broker.port
                        + "</port>\n"
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
        hivemq =
                EmbeddedHiveMQ.builder()
                        .withConfigurationFolder(home.resolve("conf"))
                        .withDataFolder(home.resolve("data"))
                        .withExtensionsFolder(home.resolve("extensions"))
                        .withoutLoggingBootstrap()
                        .withEmbeddedExtension(pubackCounter())
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
     * Creates the persistent sessions the job's subtasks will resume ({@code <prefix>-0 ..
     * <prefix>-(n-1)}), subscribed to {@code $share/<group>/<filter>} with QoS 1, and disconnects
     * them. From here on the broker queues every matching message for the job, however long its
     * subtasks take to connect, so tests need not race the job's SUBSCRIBE, and the job's first
     * connection exercises session resumption.
     */
    public void createSessions(
            String clientIdPrefix, int n, String sharedGroup, java.util.List<String> filters)
            throws Exception {
        for (int i = 0; i < n; i++) {
            com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient c =
                    com.hivemq.client.mqtt.MqttClient.builder()
                            .useMqttVersion5()
                            .identifier(clientIdPrefix + "-" + i)
                            .serverHost("127.0.0.1")
                            .serverPort(port)
                            .buildBlocking();
            c.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
            for (String f : filters) {
                c.subscribeWith()
                        .topicFilter("$share/" + sharedGroup + "/" + f)
                        .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                        .send();
            }
            c.disconnect();
        }
    }

    /** How many PUBACKs the broker has received from {@code clientId}. */
    public long pubacks(String clientId) {
        AtomicLong n = pubacks.get(clientId);
        return n == null ? 0 : n.get();
    }

    /** Waits until the broker has received at least {@code n} PUBACKs from {@code clientId}. */
    public void awaitPubacks(String clientId, long n, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pubacks(clientId) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "broker received "
                                + pubacks(clientId)
                                + " PUBACKs from "
                                + clientId
                                + " within "
                                + timeout
                                + ", expected "
                                + n);
            }
            Thread.sleep(20);
        }
    }

    /**
     * With the broker stopped, waits until a client tries to connect to its TCP port (a reconnect
     * attempt), and refuses that connection; the broker can then be started again.
     */
    public void awaitConnectionAttemptWhileStopped(Duration timeout) throws IOException {
        if (hivemq != null) {
            throw new IllegalStateException("the broker is running");
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            s.setSoTimeout((int) timeout.toMillis());
            try (Socket attempt = s.accept()) {
                attempt.setSoLinger(true, 0); // reset: leaves no TIME_WAIT on the broker's port
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no client tried to reconnect within " + timeout, e);
            }
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

    private EmbeddedExtension pubackCounter() {
        return EmbeddedExtension.builder()
                .withId("fleetlake-test-puback-counter")
                .withName("PUBACK counter")
                .withVersion("1")
                .withPriority(0)
                .withStartPriority(0)
                .withAuthor("fleetlake tests")
                .withExtensionMain(
                        new ExtensionMain() {
                            @Override
                            public void extensionStart(
                                    ExtensionStartInput in, ExtensionStartOutput out) {
                                Services.initializerRegistry()
                                        .setClientInitializer(
                                                (init, client) ->
                                                        client.addPubackInboundInterceptor(
                                                                (puback, ignored) ->
                                                                        pubacks.computeIfAbsent(
                                                                                        puback.getClientInformation()
                                                                                                .getClientId(),
                                                                                        id ->
                                                                                                new AtomicLong())
                                                                                .incrementAndGet()));
                            }

                            @Override
                            public void extensionStop(
                                    ExtensionStopInput in, ExtensionStopOutput out) {}
                        })
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
