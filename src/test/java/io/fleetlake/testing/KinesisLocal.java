package io.fleetlake.testing;

import io.fleetlake.connectors.kinesis.KinesisFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A kinesis-local server (etspaceman's kinesis-mock, from npm) on 127.0.0.1 for tests: installed
 * into {@code ~/.cache/fleetlake/npm} on first use, started on free ports, stopped by PID.
 *
 * <p>It binds 0.0.0.0 with no option to change that, so it runs with {@code
 * local-stack/kinesis-local/ loopback.js} preloaded, which forces its listeners onto loopback.
 * Requests signed with a 12-digit access key go to that account, others to 000000000000: every
 * client here uses {@link #ACCESS_KEY}.
 */
public final class KinesisLocal implements AutoCloseable {
    public static final String PACKAGE = "kinesis-local@0.6.2";
    public static final String ACCESS_KEY = "000000000000";
    public static final String SECRET_KEY = "local";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final int plainPort;
    private final int tlsPort;
    private final Path log;

    private KinesisLocal(Process process, int plainPort, int tlsPort, Path log) {
        this.process = process;
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
        this.log = log;
    }

    /**
     * Installs kinesis-local if needed and starts it logging warnings ({@code
     * KINESIS_LOCAL_LOG_LEVEL}).
     */
    public static KinesisLocal start() throws IOException, InterruptedException {
        return start(System.getenv().getOrDefault("KINESIS_LOCAL_LOG_LEVEL", "WARN"));
    }

    /**
     * Installs kinesis-local if needed and starts it; fails after 60 s.
     *
     * @param logLevel its log level; at DEBUG it logs every request's action, see {@link #requests}
     */
    public static KinesisLocal start(String logLevel) throws IOException, InterruptedException {
        Path pkg = install();
        int plain = freePort();
        int tls = freePort();
        Path loopback = Paths.get("local-stack/kinesis-local/loopback.js").toAbsolutePath();
        Path log = Paths.get("target/kinesis-local-" + plain + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder pb =
                new ProcessBuilder(
                                "node",
                                "--require",
                                loopback.toString(),
                                pkg.resolve("main.js").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("KINESIS_MOCK_CERT_PATH", pkg.resolve("server.json").toString());
        env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plain));
        env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tls));
        env.put("AWS_REGION", REGION);
        env.put("LOG_LEVEL", logLevel);
        env.put("SHOULD_PERSIST_DATA", "false");
        for (String op :
                new String[] {
                    "CREATE_STREAM",
                    "DELETE_STREAM",
                    "REGISTER_STREAM_CONSUMER",
                    "DEREGISTER_STREAM_CONSUMER",
                    "UPDATE_SHARD_COUNT",
                    "SPLIT_SHARD",
                    "MERGE_SHARDS"
                }) {
            env.put(op + "_DURATION", "100ms");
        }
        Process p = pb.start();
        KinesisLocal server = new KinesisLocal(p, plain, tls, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!server.listening(plain) || !server.listening(tls)) {
            if (!p.isAlive()) {
                throw new IOException(
                        "kinesis-local exited with " + p.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("kinesis-local did not listen within 60 s; see " + log);
            }
            Thread.sleep(100);
        }
        return server;
    }

    /** The package directory, installing it with npm when missing. */
    static Path install() throws IOException, InterruptedException {
        Path prefix = Paths.get(System.getProperty("user.home"), ".cache", "fleetlake", "npm");
        Path pkg = prefix.resolve("node_modules/kinesis-local");
        if (Files.isRegularFile(pkg.resolve("main.js"))) {
            return pkg;
        }
        Files.createDirectories(prefix);
        Process npm =
                new ProcessBuilder(
                                "npm",
                                "install",
                                "--prefix",
                                prefix.toString(),
                                "--no-audit",
                                "--no-fund",
                                "--no-save",
                                PACKAGE)
                        .redirectErrorStream(true)
                        .redirectOutput(prefix.resolve("npm-install.log").toFile())
                        .start();
        if (!npm.waitFor(300, TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new IOException("npm install " + PACKAGE + " took over 300 s");
        }
        if (npm.exitValue() != 0 || !Files.isRegularFile(pkg.resolve("main.js"))) {
            throw new IOException(
                    "npm install " + PACKAGE + " failed; see " + prefix.resolve("npm-install.log"));
        }
        return pkg;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Plain HTTP endpoint. */
    public String httpEndpoint() {
        return "http://127.0.0.1:" + plainPort;
    }

    /** HTTPS endpoint (self-signed certificate). */
    public String httpsEndpoint() {
        return "https://127.0.0.1:" + tlsPort;
    }

    /** A client on the plain endpoint. */
    public KinesisClient client() {
        return KinesisFactory.newClient(
                REGION,
                httpEndpoint(),
                KinesisFactory.staticCredentials(ACCESS_KEY, SECRET_KEY),
                false);
    }

    /** Creates a stream and waits until it is ACTIVE. */
    public void createStream(KinesisClient client, String name, int shards)
            throws InterruptedException {
        client.createStream(b -> b.streamName(name).shardCount(shards));
        awaitActive(client, name, Duration.ofSeconds(30));
    }

    /** Waits until the stream is ACTIVE. */
    public static void awaitActive(KinesisClient client, String name, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (client.describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + name + " not ACTIVE after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /**
     * How many requests of this action (e.g. {@code SubscribeToShard}) the server took; needs DEBUG
     * logging.
     */
    public long requests(String action) throws IOException {
        // Each request logs "Parsing auth header" once, with its action.
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
            return lines.filter(
                            l ->
                                    l.contains("action=" + action + ",")
                                            && l.endsWith("Parsing auth header"))
                    .count();
        }
    }

    /** Where the server logs. */
    public Path log() {
        return log;
    }

    /** Stops the server by its PID. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        // Its runtime shuts down gracefully on SIGTERM and waits for open client connections: don't
        // wait long.
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
