package io.fleetlake.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for tests, as local-stack/start runs it: Debian's {@code mosquitto}
 * package ({@code /usr/sbin/mosquitto}, installed with apt-get when missing), its own config file
 * under a temp directory, one listener on a free 127.0.0.1 port, anonymous, no persistence, notices
 * and subscriptions logged to a file (that is where Mosquitto says it drops messages), stopped by
 * PID.
 *
 * <p>Unlike the embedded HiveMQ of {@link MqttTestBroker}, Mosquitto enforces {@code
 * max_queued_messages}: QoS 1 messages for a client beyond its in-flight window and that queue are
 * dropped, as they would be in production.
 */
public final class MosquittoBroker implements AutoCloseable {
    public static final String MOSQUITTO = "/usr/sbin/mosquitto";

    /** What Mosquitto logs (notice level) when it starts dropping a client's messages. */
    public static final String DROPPING = "Outgoing messages are being dropped";

    private final Process process;
    private final int port;
    private final Path log;

    private MosquittoBroker(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Installs mosquitto if needed and starts it under {@code home} with this {@code
     * max_queued_messages}; fails after 30 s.
     */
    public static MosquittoBroker start(Path home, int maxQueuedMessages)
            throws IOException, InterruptedException {
        return start(home, maxQueuedMessages, false);
    }

    /**
     * As {@link #start(Path, int)}; with {@code logAll} Mosquitto logs every packet ({@code
     * log_type all}: each PUBLISH sent and PUBACK received, per client), to see the
     * acknowledgements.
     */
    public static MosquittoBroker start(Path home, int maxQueuedMessages, boolean logAll)
            throws IOException, InterruptedException {
        install();
        int port = freePort();
        Files.createDirectories(home);
        Path log = home.resolve("mosquitto.log").toAbsolutePath();
        Path config = home.resolve("mosquitto.conf");
        Files.writeString(
                config,
                "listener "
                        + port
                        + " 127.0.0.1\n"
                        + "allow_anonymous true\n"
                        + "persistence false\n"
                        + "max_queued_messages "
                        + maxQueuedMessages
                        + "\n"
                        // Not the default 20 for MQTT 3.1.1 clients; MQTT 5 clients state their
                        // own.
                        + "max_inflight_messages 100\n"
                        // To stderr (unbuffered; stdout to a file is buffered), which this JVM
                        // writes to the log file:
                        // as root Mosquitto drops to user mosquitto, which could not write the temp
                        // dir itself.
                        + "log_dest stderr\n"
                        + "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
                        + "log_type subscribe\n"
                        + (logAll ? "log_type all\n" : ""));
        Process p =
                new ProcessBuilder(MOSQUITTO, "-c", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        MosquittoBroker broker = new MosquittoBroker(p, port, log);
        ServerProcess.awaitReady(
                p,
                "mosquitto",
                "mosquitto did not listen",
                log,
                Duration.ofSeconds(30),
                broker::listening,
                broker::close);
        return broker;
    }

    /** Installs Debian's mosquitto package when the broker is missing. */
    static void install() throws IOException, InterruptedException {
        DebianPackage.ensure("mosquitto", MOSQUITTO);
    }

    /** The installed broker's version, e.g. {@code 2.0.11}. */
    public static String version() throws IOException, InterruptedException {
        install();
        Process p = new ProcessBuilder(MOSQUITTO, "-h").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("mosquitto version (\\d+\\.\\d+\\.\\d+)")
                        .matcher(out);
        if (!m.find()) {
            throw new IOException("cannot read mosquitto's version from: " + out);
        }
        return m.group(1);
    }

    /**
     * Whether the installed broker keeps to an MQTT 5 client's receive-maximum: before 2.0.13 a
     * PUBACK for a message that is not the newest in flight lets up to receive-maximum queued
     * messages more out (eclipse/mosquitto#2306, fixed in 2.0.13).
     */
    public static boolean honoursReceiveMaximum() throws IOException, InterruptedException {
        String[] v = version().split("\\.");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        int patch = Integer.parseInt(v[2]);
        return major > 2 || (major == 2 && (minor > 0 || patch >= 13));
    }

    public String tcpUri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The broker's log so far (errors, warnings, notices). */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
