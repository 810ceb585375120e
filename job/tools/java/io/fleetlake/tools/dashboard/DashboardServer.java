package io.fleetlake.tools.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server on 127.0.0.1: the JSON API over {@link LakeQueries} and the page's
 * static files from the class path ({@code fleetlake-tools/dashboard/}).
 *
 * <p>It is the JDK's own {@code com.sun.net.httpserver} (module {@code jdk.httpserver}, an
 * exported, supported API): six GET routes need no framework. Javalin 7 is Java 17 bytecode (we
 * compile to release 11), and Javalin 6 would add Jetty 11, its websocket modules and Kotlin's
 * standard library to the launcher's class path for them.
 *
 * <p>API ({@code 400} with {@code {"error": message}} for a bad parameter, {@code 500} for a lake
 * read failure):
 *
 * <ul>
 *   <li>{@code GET /api/positions?minutes=10}: newest breadcrumb per vehicle;
 *   <li>{@code GET /api/track?thing_name=X&minutes=60}: one vehicle's breadcrumbs, oldest first;
 *   <li>{@code GET /api/topk[?spec=NAME]}: the last closed window of one spec, or of every spec;
 *   <li>{@code GET /api/alerts[?closed=20]}: open alerts and the latest closed ones;
 *   <li>{@code GET /api/dead-letters?minutes=60[&hours=24]}: dead letters by reason, rows per table
 *       per hour;
 *   <li>{@code GET /api/config}: tile URL, refresh interval, lake and its newest event times;
 *   <li>{@code GET /api/vehicles[?search=TEXT&limit=200]}: vehicles and devices of the rollup
 *       tables;
 *   <li>{@code GET /api/history?name=X&from=ISO&to=ISO}: track, speed and measures, at the
 *       granularity of the range (raw, readings_1m, readings_1h);
 *   <li>{@code GET /api/filled?device_id=X&measure=M&from=ISO&to=ISO[&max_gap=10]}: one series on
 *       the minute grid with LOCF and linear interpolation;
 *   <li>{@code GET /api/vehicle-days?from=ISO&to=ISO[&limit=500]}: distance and speeding per
 *       vehicle per day;
 *   <li>{@code GET /api/geofences}: the geofence GeoJSON ({@code --geofences}).
 * </ul>
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String STATIC_ROOT = "fleetlake-tools/dashboard/";

    /** AWS IoT thing names: letters, digits, colon, underscore, hyphen; 1–128 characters. */
    private static final Pattern THING_NAME = Pattern.compile("[A-Za-z0-9:_\\-.]{1,128}");

    /** A vehicle search: what a thing name may contain, possibly nothing. */
    private static final Pattern SEARCH = Pattern.compile("[A-Za-z0-9:_\\-.]{0,128}");

    /** Measure names as the readings table's measures map holds them. */
    private static final Pattern MEASURE = Pattern.compile("[A-Za-z0-9_\\-.]{1,128}");

    /** Longest range a history or per-day question may span. */
    static final java.time.Duration MAX_RANGE = java.time.Duration.ofDays(31);

    /** Longest range of a gap-filled series (one point per minute). */
    static final java.time.Duration MAX_FILLED_RANGE = java.time.Duration.ofDays(2);

    /** TOP-K spec names, as TopK.specs allows them. */
    private static final Pattern SPEC = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final Pattern STATIC_PATH =
            Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*\\.[a-z0-9]+");
    private static final Map<String, String> CONTENT_TYPES =
            Map.of(
                    "html",
                    "text/html; charset=utf-8",
                    "js",
                    "text/javascript; charset=utf-8",
                    "css",
                    "text/css; charset=utf-8",
                    "png",
                    "image/png",
                    "svg",
                    "image/svg+xml",
                    "txt",
                    "text/plain; charset=utf-8");

    private final LakeQueries lake;
    private final DashboardSettings settings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();

    /** Starts serving on 127.0.0.1 at {@code settings.port()} (0: a free port). */
    public DashboardServer(LakeQueries lake, DashboardSettings settings) throws IOException {
        this.lake = lake;
        this.settings = settings;
        this.server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()),
                        0);
        this.executor =
                Executors.newFixedThreadPool(
                        4,
                        r -> {
                            Thread t = new Thread(r, "fleetlake-dashboard");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        server.createContext("/api/", this::api);
        server.createContext("/", this::staticFile);
        server.start();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's URL. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /**
     * Only requests addressed to this server by a loopback name: a web page elsewhere cannot read
     * the lake through a DNS name that it re-points at 127.0.0.1 (DNS rebinding).
     */
    private boolean localHost(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        int port = port();
        return host != null
                && (host.equals("127.0.0.1:" + port)
                        || host.equals("localhost:" + port)
                        || host.equals("[::1]:" + port));
    }

    private void api(HttpExchange exchange) throws IOException {
        try {
            if (!localHost(exchange)) {
                send(
                        exchange,
                        403,
                        Map.of(
                                "error",
                                "Host must be 127.0.0.1:" + port() + " or localhost:" + port()));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, Map.of("error", "only GET"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Object body;
            try {
                body = answer(path, parameters(exchange.getRequestURI()));
            } catch (BadRequest e) {
                send(exchange, 400, Map.of("error", e.getMessage()));
                return;
            } catch (Exception e) {
                LOG.warn("dashboard: {} failed", exchange.getRequestURI(), e);
                send(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
                return;
            }
            if (body == null) {
                send(exchange, 404, Map.of("error", "no such API: " + path));
            } else {
                send(exchange, 200, body);
            }
        } finally {
            exchange.close();
        }
    }

    private Object answer(String path, Map<String, String> q) throws Exception {
        switch (path) {
            case "/api/positions":
                allowOnly(q, "minutes");
                return lake.positions(intParam(q, "minutes", 10, 1, 7 * 24 * 60));
            case "/api/track":
                {
                    allowOnly(q, "thing_name", "minutes");
                    String thing = q.get("thing_name");
                    if (thing == null || !THING_NAME.matcher(thing).matches()) {
                        throw new BadRequest(
                                "thing_name is required: 1-128 letters, digits, ':', '_', '-' or '.'");
                    }
                    return lake.track(thing, intParam(q, "minutes", 60, 1, 7 * 24 * 60));
                }
            case "/api/topk":
                {
                    allowOnly(q, "spec");
                    String spec = q.get("spec");
                    if (spec == null) {
                        List<Object> all = new java.util.ArrayList<>();
                        for (String s : lake.topkSpecs()) {
                            Map<String, Object> w = lake.topk(s);
                            if (w != null) {
                                all.add(w);
                            }
                        }
                        return all;
                    }
                    if (!SPEC.matcher(spec).matches()) {
                        throw new BadRequest("spec must match [a-z][a-z0-9_]*, got '" + spec + "'");
                    }
                    Map<String, Object> w = lake.topk(spec);
                    if (w == null) {
                        w = new LinkedHashMap<>();
                        w.put("spec", spec);
                        w.put("window_start", null);
                        w.put("window_end", null);
                        w.put("items", List.of());
                    }
                    return w;
                }
            case "/api/alerts":
                allowOnly(q, "closed");
                return lake.alerts(intParam(q, "closed", 20, 0, 1000));
            case "/api/dead-letters":
                allowOnly(q, "minutes", "hours");
                return lake.deadLetters(
                        intParam(q, "minutes", 60, 1, 7 * 24 * 60),
                        intParam(q, "hours", 24, 1, 24 * 31));
            case "/api/config":
                {
                    allowOnly(q);
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("tiles", settings.tiles());
                    c.put("refresh_ms", settings.refresh().toMillis());
                    c.put("lake", settings.lake());
                    c.put("newest", lake.newest());
                    return c;
                }
            case "/api/vehicles":
                {
                    allowOnly(q, "search", "limit");
                    String search = q.getOrDefault("search", "");
                    if (!SEARCH.matcher(search).matches()) {
                        throw new BadRequest(
                                "search may hold up to 128 letters, digits, ':', '_', '-' or '.'");
                    }
                    return lake.vehicles(search, intParam(q, "limit", 200, 1, 2000));
                }
            case "/api/history":
                {
                    allowOnly(q, "name", "from", "to");
                    String name = q.get("name");
                    if (name == null || !THING_NAME.matcher(name).matches()) {
                        throw new BadRequest(
                                "name is required: 1-128 letters, digits, ':', '_', '-' or '.'");
                    }
                    java.time.Instant[] range = range(q, MAX_RANGE);
                    return lake.history(name, range[0], range[1]);
                }
            case "/api/filled":
                {
                    allowOnly(q, "device_id", "measure", "from", "to", "max_gap");
                    String device = q.get("device_id");
                    if (device == null || !THING_NAME.matcher(device).matches()) {
                        throw new BadRequest(
                                "device_id is required: 1-128 letters, digits, ':', '_', '-' or '.'");
                    }
                    String measure = q.get("measure");
                    if (measure == null || !MEASURE.matcher(measure).matches()) {
                        throw new BadRequest(
                                "measure is required: 1-128 letters, digits, '_', '-' or '.'");
                    }
                    java.time.Instant[] range = range(q, MAX_FILLED_RANGE);
                    return lake.filled(
                            device,
                            measure,
                            range[0],
                            range[1],
                            intParam(q, "max_gap", 10, 0, 1440));
                }
            case "/api/vehicle-days":
                {
                    allowOnly(q, "from", "to", "limit");
                    java.time.Instant[] range = range(q, MAX_RANGE);
                    return lake.vehicleDays(range[0], range[1], intParam(q, "limit", 500, 1, 5000));
                }
            case "/api/geofences":
                allowOnly(q);
                return geofences();
            default:
                return null;
        }
    }

    /** The geofence file as GeoJSON, after the job's own reader accepted it. */
    private Object geofences() throws IOException {
        String path = settings.geofences();
        if (path == null) {
            return Map.of("type", "FeatureCollection", "features", List.of());
        }
        // Parsed by the reader the alert rules use, so the map shows only fences the job accepts.
        new io.fleetlake.connectors.geofence.GeofenceFile(path).read();
        return json.readTree(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(path)));
    }

    /**
     * {@code from} and {@code to} as ISO-8601 instants, from before to, at most {@code max} apart.
     */
    private static java.time.Instant[] range(Map<String, String> q, java.time.Duration max) {
        java.time.Instant from = instantParam(q, "from");
        java.time.Instant to = instantParam(q, "to");
        if (!from.isBefore(to)) {
            throw new BadRequest("from must be before to");
        }
        if (java.time.Duration.between(from, to).compareTo(max) > 0) {
            throw new BadRequest("from and to may be at most " + max.toDays() + " days apart");
        }
        return new java.time.Instant[] {from, to};
    }

    private static java.time.Instant instantParam(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            throw new BadRequest(
                    name + " is required: an ISO-8601 UTC time, e.g. 2025-06-01T10:00:00Z");
        }
        try {
            java.time.Instant t = java.time.Instant.parse(v.trim());
            if (t.isBefore(java.time.Instant.parse("1970-01-01T00:00:00Z"))
                    || t.isAfter(java.time.Instant.parse("9999-12-31T00:00:00Z"))) {
                throw new BadRequest(name + " must be from 1970 to 9999, got '" + v + "'");
            }
            return t;
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequest(
                    name
                            + " must be an ISO-8601 UTC time, e.g. 2025-06-01T10:00:00Z, got '"
                            + v
                            + "'");
        }
    }

    private static void allowOnly(Map<String, String> q, String... names) {
        for (String k : q.keySet()) {
            if (!List.of(names).contains(k)) {
                throw new BadRequest(
                        "unknown parameter '"
                                + k
                                + "'"
                                + (names.length == 0
                                        ? ""
                                        : "; this API takes " + String.join(", ", names)));
            }
        }
    }

    private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(
                    name
                            + " must be a whole number from "
                            + min
                            + " to "
                            + max
                            + ", got '"
                            + v
                            + "'");
        }
        if (n < min || n > max) {
            throw new BadRequest(name + " must be from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    private static Map<String, String> parameters(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.put(k, v) != null) {
                throw new BadRequest("parameter '" + k + "' given twice");
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed query string: " + e.getMessage());
        }
    }

    private void staticFile(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String name = path.equals("/") ? "index.html" : path.substring(1);
            if (!localHost(exchange)) {
                sendText(exchange, 403, "forbidden");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())
                    || !STATIC_PATH.matcher(name).matches()) {
                sendText(exchange, 404, "not found");
                return;
            }
            try (InputStream in =
                    DashboardServer.class
                            .getClassLoader()
                            .getResourceAsStream(STATIC_ROOT + name)) {
                if (in == null) {
                    sendText(exchange, 404, "not found");
                    return;
                }
                byte[] bytes = in.readAllBytes();
                String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                exchange.getResponseHeaders()
                        .set(
                                "Content-Type",
                                CONTENT_TYPES.getOrDefault(ext, "application/octet-stream"));
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            exchange.close();
        }
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * A request parameter that is missing, malformed or out of range: answered with 400 and the
     * message.
     */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
