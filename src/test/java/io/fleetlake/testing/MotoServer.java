package io.fleetlake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * moto_server (an AWS API server that keeps state: Glue, SNS, SQS, IoT, Timestream write, S3, …) as
 * a JUnit 5 extension: one {@code moto_server -H 127.0.0.1 -p <free port>} process per test class,
 * started before all tests and stopped by its PID after them (and on JVM exit). Hands out AWS SDK
 * v2 clients (endpoint override, region, static credentials) and the endpoint properties of a
 * property group, and reads what moto stored ({@code /moto-api/data.json}) and, when recording, the
 * requests it was sent.
 *
 * <pre>{@code
 * @RegisterExtension static final MotoServer MOTO = new MotoServer();
 * }</pre>
 *
 * <p>State is cleared ({@code POST /moto-api/reset}) before each test with {@link
 * #resetBeforeEachTest()}; ITCases that run the job once in {@code @BeforeAll} and assert in
 * several tests keep the state for the class and call {@link #reset()} where they need to.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";

    /** moto's default account, the owner of everything created. */
    public static final String ACCOUNT = "123456789012";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private boolean resetBeforeEach;
    private boolean record;
    private Process process;
    private Thread shutdownHook;
    private int port;
    private Path log;
    private Path recording;

    /** Clears moto's state before each test. */
    public MotoServer resetBeforeEachTest() {
        this.resetBeforeEach = true;
        return this;
    }

    /**
     * Records every request moto is sent (moto's recorder), for what moto does not keep: e.g. the
     * {@code CommonAttributes} of a Timestream {@code WriteRecords}.
     */
    public MotoServer recordingRequests() {
        this.record = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (resetBeforeEach) {
            reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    /** Starts moto_server (done by the extension; public for a use outside JUnit). */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null) {
            return;
        }
        String binary = findOnPath("moto_server");
        port = freePort();
        log = Files.createTempFile("moto-server-", ".log");
        ProcessBuilder pb =
                new ProcessBuilder(binary, "-H", "127.0.0.1", "-p", Integer.toString(port))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        if (record) {
            recording = Files.createTempFile("moto-recording-", ".jsonl");
            pb.environment().put("MOTO_ENABLE_RECORDING", "true");
            pb.environment().put("MOTO_RECORDER_FILEPATH", recording.toString());
        }
        process = pb.start();
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "moto_server exited with " + process.exitValue() + ": " + tail());
            }
            try {
                if (status("GET", "/moto-api/data.json") == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException(
                        "moto_server did not answer within " + START_TIMEOUT + ": " + tail());
            }
            Thread.sleep(100);
        }
    }

    /** Stops the process by its PID (done by the extension). */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // The JVM is already exiting: the hook runs anyway.
        }
        process = null;
    }

    /** Clears every service's state (and the recording) and answers every request again. */
    public void reset() throws IOException {
        int status = status("POST", "/moto-api/reset");
        if (status != 200) {
            throw new IOException("moto reset answered " + status);
        }
        refuseRequests(false);
        if (recording != null) {
            Files.write(recording, new byte[0]);
        }
    }

    /**
     * With {@code true}, moto checks every request against its IAM, where the test credentials are
     * unknown: each call is refused (403), as for a role without access; {@code false} answers
     * again.
     */
    public void refuseRequests(boolean refuse) throws IOException {
        HttpURLConnection c = open("POST", "/moto-api/reset-auth", refuse ? "0" : "inf");
        try {
            if (c.getResponseCode() != 200) {
                throw new IOException("moto reset-auth answered " + c.getResponseCode());
            }
        } finally {
            c.disconnect();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The properties a property group needs to talk to this moto: endpoint, region, access-key-id,
     * secret-access-key (the shared AWS client keys of Glue, Registry, Timestream and SNS).
     */
    public Map<String, String> endpointProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("endpoint", endpoint());
        p.put("region", REGION);
        p.put("access-key-id", ACCESS_KEY);
        p.put("secret-access-key", SECRET_KEY);
        return p;
    }

    /** {@link #endpointProperties()} plus {@code more}. */
    public Map<String, String> endpointProperties(String... keysAndValues) {
        Map<String, String> p = endpointProperties();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    /**
     * A synchronous client of this moto, e.g. {@code moto.client(GlueClient.builder())}: endpoint
     * override, region, static credentials, the URL-connection HTTP client.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION))
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * What moto stored, by service then model class (e.g. {@code
     * data().path("timestreamwrite").path("TimestreamTable")}): moto's {@code /moto-api/data.json}.
     */
    public JsonNode data() throws IOException {
        HttpURLConnection c = open("GET", "/moto-api/data.json");
        try {
            return JSON.readTree(c.getInputStream());
        } finally {
            c.disconnect();
        }
    }

    /**
     * The JSON bodies of the recorded requests whose {@code X-Amz-Target} ends with {@code
     * operation} (e.g. {@code "WriteRecords"}), in order. Needs {@link #recordingRequests()}.
     */
    public List<JsonNode> recordedRequests(String operation) throws IOException {
        if (recording == null) {
            throw new IllegalStateException("moto was started without recordingRequests()");
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(recording, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = JSON.readTree(line);
            String target = null;
            for (var h :
                    (Iterable<Map.Entry<String, JsonNode>>) () -> entry.path("headers").fields()) {
                if (h.getKey().equalsIgnoreCase("X-Amz-Target")) {
                    target = h.getValue().asText();
                }
            }
            if (target == null || !target.endsWith("." + operation)) {
                continue;
            }
            String body = entry.path("body").asText();
            if (entry.path("body_encoded").asBoolean()) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            out.add(JSON.readTree(body));
        }
        return out;
    }

    /** moto's console output so far. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int status(String method, String path) throws IOException {
        HttpURLConnection c = open(method, path);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private HttpURLConnection open(String method, String path) throws IOException {
        return open(method, path, "");
    }

    private HttpURLConnection open(String method, String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(endpoint() + path).openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(2000);
        c.setReadTimeout(30000);
        if (method.equals("POST")) {
            c.setDoOutput(true);
            // Not a form: moto reads the raw body.
            c.setRequestProperty("Content-Type", "text/plain");
            try (var out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        return c;
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Paths.get(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException(
                name
                        + " is not on the PATH: install moto with its server extra (pip install"
                        + " 'moto[server]'), which the Glue, SNS, Timestream and IoT registry ITCases"
                        + " need");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
