package io.fleetlake.testing;

import io.fleetlake.connectors.s3.S3FileSystems;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local S3 server for tests: s3proxy's {@code jar-with-dependencies} (copied to target/s3proxy by
 * Maven) as a separate process on 127.0.0.1 with the filesystem backend, so objects are plain files
 * under {@link #bucketDir} that DuckDB can read. Stopped by its own PID.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "fleetlake-local";
    public static final String SECRET_KEY = "fleetlake-local-secret";

    private final Path baseDir;
    private final int port;
    private final Process process;

    private S3Server(Path baseDir, int port, Process process) {
        this.baseDir = baseDir;
        this.port = port;
        this.process = process;
    }

    /** Starts a server storing objects under {@code baseDir}, with {@code buckets} created. */
    public static S3Server start(Path baseDir, String... buckets)
            throws IOException, InterruptedException {
        Path jar = Paths.get("target/s3proxy/s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: run mvn generate-test-resources (it copies s3proxy)");
        }
        Path data = Files.createDirectories(baseDir.resolve("data"));
        for (String b : buckets) {
            Files.createDirectories(data.resolve(b));
        }
        int port = freePort();
        Path props = baseDir.resolve("s3proxy.properties");
        Files.writeString(
                props,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + data,
                        ""),
                StandardCharsets.UTF_8);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p =
                new ProcessBuilder(
                                List.of(
                                        java,
                                        "-Xmx256m",
                                        "-jar",
                                        jar.toString(),
                                        "--properties",
                                        props.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(baseDir.resolve("s3proxy.log").toFile())
                        .start();
        S3Server server = new S3Server(data, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!server.accepting()) {
            if (!p.isAlive()) {
                throw new IllegalStateException(
                        "s3proxy exited: " + Files.readString(baseDir.resolve("s3proxy.log")));
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("s3proxy did not start within 60 s");
            }
            Thread.sleep(100);
        }
        return server;
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the objects of a bucket are stored as files. */
    public Path bucketDir(String bucket) {
        return baseDir.resolve(bucket);
    }

    /** S3 settings for Flink's S3 file system talking to this server. */
    public S3FileSystems.Settings settings() {
        return new S3FileSystems.Settings()
                .endpoint(endpoint())
                .pathStyleAccess(true)
                .credentials(ACCESS_KEY, SECRET_KEY);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
