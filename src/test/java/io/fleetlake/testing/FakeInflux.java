package io.fleetlake.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An InfluxDB write endpoint on WireMock (127.0.0.1, random port) for the request shapes and
 * failure answers a real 1.x server cannot be made to give on cue. It records every request (URL,
 * headers, the raw and the decoded body); it stores each line it accepts (count per line, so
 * duplicates show); answers queued faults first; and answers a line containing {@link #BAD} the way
 * InfluxDB 1.x does: HTTP 400 {@code {"error":"unable to parse '<line>': invalid field format"}},
 * storing the batch's other lines.
 */
public final class FakeInflux implements AutoCloseable {
    /** A line containing this does not parse. */
    public static final String BAD = "=oops";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    public static final class Request {
        public final String url;
        public final Map<String, String> headers;
        public final byte[] rawBody;
        public final List<String> lines;
        public final long atNanos;
        public final int status;

        Request(
                String url,
                Map<String, String> headers,
                byte[] rawBody,
                List<String> lines,
                long atNanos,
                int status) {
            this.url = url;
            this.headers = headers;
            this.rawBody = rawBody;
            this.lines = lines;
            this.atNanos = atNanos;
            this.status = status;
        }
    }

    /** A queued answer: status, Retry-After (or null) and body. */
    private static final class Fault {
        final int status;
        final String retryAfter;
        final String body;

        Fault(int status, String retryAfter, String body) {
            this.status = status;
            this.retryAfter = retryAfter;
            this.body = body;
        }
    }

    private final WireMockServer server;
    private final Map<String, Integer> stored = new LinkedHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private Fault always;

    public FakeInflux() {
        server =
                new WireMockServer(
                        options()
                                .bindAddress("127.0.0.1")
                                .dynamicPort()
                                .containerThreads(16)
                                .extensions(new Transformer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The next request is answered with {@code status} (and a Retry-After when not null). */
    public synchronized void thenAnswer(int status, String retryAfter, String body) {
        faults.add(new Fault(status, retryAfter, body));
    }

    /** Every request is answered with {@code status}. */
    public synchronized void alwaysAnswer(int status, String body) {
        always = new Fault(status, null, body);
    }

    /** Back to normal answers (after {@link #alwaysAnswer}). */
    public synchronized void recover() {
        always = null;
    }

    /** Lines stored, with how often each was stored. */
    public synchronized Map<String, Integer> stored() {
        return new LinkedHashMap<>(stored);
    }

    public synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private synchronized ResponseDefinition handle(ServeEvent event) throws IOException {
        long now = System.nanoTime();
        var req = event.getRequest();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : req.getAllHeaderKeys()) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), req.getHeader(name));
        }
        byte[] raw = req.getBody();
        String text = new String(isGzip(raw) ? gunzip(raw) : raw, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        Fault f = always != null ? always : faults.poll();
        if (f != null) {
            requests.add(new Request(req.getUrl(), headers, raw, lines, now, f.status));
            var r =
                    aResponse()
                            .withStatus(f.status)
                            .withHeader("Content-Type", "application/json")
                            .withBody(
                                    f.body == null
                                            ? "{\"error\":\"fault " + f.status + "\"}"
                                            : f.body);
            if (f.retryAfter != null) {
                r.withHeader("Retry-After", f.retryAfter);
            }
            return r.build();
        }
        List<String> bad = new ArrayList<>();
        for (String l : lines) {
            if (l.contains(BAD)) {
                bad.add(l);
            } else {
                stored.merge(l, 1, Integer::sum);
            }
        }
        int status = bad.isEmpty() ? 204 : 400;
        requests.add(new Request(req.getUrl(), headers, raw, lines, now, status));
        if (bad.isEmpty()) {
            return aResponse().withStatus(204).build();
        }
        StringBuilder error = new StringBuilder();
        for (String l : bad) {
            error.append(error.length() == 0 ? "" : "\n")
                    .append("unable to parse '")
                    .append(l)
                    .append("': invalid field format");
        }
        return aResponse()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(JSON.createObjectNode().put("error", error.toString()).toString())
                .build();
    }

    /** True when the bytes start with the gzip magic number. */
    public static boolean isGzip(byte[] b) {
        return b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    public static byte[] gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                return handle(event);
            } catch (Exception e) {
                return aResponse()
                        .withStatus(500)
                        .withBody("{\"error\":\"fake InfluxDB failed: " + e + "\"}")
                        .build();
            }
        }

        @Override
        public String getName() {
            return "fake-influx";
        }
    }
}
