package io.fleetlake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real InfluxDB 1.x server for tests: Debian's {@code influxdb} package ({@code
 * /usr/bin/influxd}, installed with apt-get when missing), started with its own config file and
 * meta/data/wal directories under a temp directory, HTTP and RPC on free 127.0.0.1 ports, stopped
 * by PID. Queries go through its InfluxQL HTTP API.
 */
public final class InfluxServer implements AutoCloseable {
    public static final String INFLUXD = "/usr/bin/influxd";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private InfluxServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Installs influxd if needed and starts it under {@code home}; fails after 60 s. */
    public static InfluxServer start(Path home) throws IOException, InterruptedException {
        install();
        int port = freePort();
        int rpc = freePort();
        Files.createDirectories(home);
        Path config = home.resolve("influxdb.conf");
        Files.writeString(
                config,
                "reporting-enabled = false\n"
                        + "bind-address = \"127.0.0.1:"
                        + rpc
                        + "\"\n"
                        + "[meta]\n  dir = \""
                        + home.resolve("meta")
                        + "\"\n  logging-enabled = false\n"
                        + "[data]\n  dir = \""
                        + home.resolve("data")
                        + "\"\n  wal-dir = \""
                        + home.resolve("wal")
                        + "\"\n"
                        + "  query-log-enabled = false\n"
                        + "[monitor]\n  store-enabled = false\n"
                        + "[http]\n  bind-address = \"127.0.0.1:"
                        + port
                        + "\"\n  log-enabled = false\n"
                        + "  pprof-enabled = false\n  unix-socket-enabled = false\n"
                        + "[continuous_queries]\n  enabled = false\n");
        Path log = Paths.get("target/influxd-" + port + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process p =
                new ProcessBuilder(INFLUXD, "-config", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        InfluxServer server = new InfluxServer(p, port, log);
        ServerProcess.awaitReady(
                p,
                "influxd",
                "influxd did not answer /ping",
                log,
                Duration.ofSeconds(60),
                server::ping,
                server::close);
        return server;
    }

    /** Installs Debian's influxdb package when influxd is missing. */
    static void install() throws IOException, InterruptedException {
        DebianPackage.ensure("influxdb", INFLUXD);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private boolean ping() {
        try {
            HttpResponse<Void> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url() + "/ping"))
                                    .timeout(Duration.ofSeconds(2))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs an InfluxQL statement (POST /query) and returns the JSON answer; fails on an error in
     * it.
     */
    public JsonNode query(String database, String influxql)
            throws IOException, InterruptedException {
        String form =
                "q="
                        + URLEncoder.encode(influxql, StandardCharsets.UTF_8)
                        + (database == null
                                ? ""
                                : "&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8))
                        + "&epoch=ms";
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/query"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        if (r.statusCode() != 200
                || json.path("results").path(0).has("error")
                || json.has("error")) {
            throw new IOException(
                    "InfluxQL '" + influxql + "' failed: HTTP " + r.statusCode() + " " + r.body());
        }
        return json;
    }

    /** CREATE DATABASE. */
    public void createDatabase(String name) throws IOException, InterruptedException {
        query(null, "CREATE DATABASE \"" + name + "\"");
    }

    /**
     * The rows of the first series of a query, each as its values; empty when the query returned no
     * series.
     */
    public List<JsonNode> rows(String database, String influxql)
            throws IOException, InterruptedException {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode series : query(database, influxql).path("results").path(0).path("series")) {
            for (JsonNode values : series.path("values")) {
                rows.add(values);
            }
        }
        return rows;
    }

    /** The series of a (GROUP BY tag) query: tags and values of each. */
    public JsonNode series(String database, String influxql)
            throws IOException, InterruptedException {
        return query(database, influxql).path("results").path(0).path("series");
    }

    public Path log() {
        return log;
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
