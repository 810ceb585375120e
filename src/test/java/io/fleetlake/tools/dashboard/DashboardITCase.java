package io.fleetlake.tools.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.HeadlessChromium;
import io.fleetlake.testing.LakeReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./fleetlake dashboard} end to end: the simulator writes a lake on a MiniCluster (13
 * minutes of event time across an hour boundary, with dead letters and TOP-K windows), the
 * dashboard serves it, and its API is compared with DuckDB's own queries over the same files; then
 * headless Chromium loads the page and must draw one marker per vehicle of {@code /api/positions}.
 */
class DashboardITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    private static final String ISO = "'%Y-%m-%dT%H:%M:%S.%gZ'";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir static Path dir;
    static Path lake;
    static LakeQueries queries;
    static DashboardServer server;

    @BeforeAll
    static void writeLakeAndServe() throws Exception {
        lake = dir.resolve("lake");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        // 4,000 events at 5 per second of event time: 800 s, each vehicle every 8.4 s, across
        // 10:00.
        groups.put(
                "Source.Simulator",
                Map.of(
                        "events",
                        "4000",
                        "rate",
                        "5",
                        "start-time",
                        "2025-06-01T09:55:00Z",
                        "malformed-ratio",
                        "0.02"));
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "2"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), System.currentTimeMillis());
        env.execute("dashboard-it");

        queries = new LakeQueries(lake.toString(), -10);
        server =
                new DashboardServer(
                        queries,
                        new DashboardSettings(
                                lake.toString(), 0, "none", Duration.ofSeconds(5), -10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (queries != null) {
            queries.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"10", "1"})
    void positionsAreDuckDbsLastKnownPositions(int minutes) throws Exception {
        List<Map<String, Object>> api = getList("/api/positions?minutes=" + minutes);
        List<Map<String, Object>> expected;
        try (LakeReader r = new LakeReader(lake)) {
            expected =
                    r.query(
                            "WITH b AS (SELECT * FROM {breadcrumbs}), "
                                    + "newest AS (SELECT max(event_time) AS t FROM b), "
                                    + "last AS (SELECT thing_name, max(event_time) AS et FROM b, newest "
                                    + "WHERE event_time >= newest.t - INTERVAL '"
                                    + minutes
                                    + " minutes' GROUP BY thing_name) "
                                    + "SELECT b.thing_name, b.lat, b.lon, b.speed, b.heading, strftime(b.event_time, "
                                    + ISO
                                    + ") AS event_time FROM b JOIN last ON b.thing_name = last.thing_name AND b.event_time = last.et "
                                    + "ORDER BY b.thing_name");
        }
        assertThat(expected).as("DuckDB finds the 30 simulated vehicles").hasSize(30);
        List<Map<String, Object>> actual = new ArrayList<>();
        for (Map<String, Object> p : api) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String k : List.of("thing_name", "lat", "lon", "speed", "heading", "event_time")) {
                row.put(k, p.get(k));
            }
            actual.add(row);
        }
        assertThat(actual).isEqualTo(expected);
        // Every 4th vehicle is a refrigerated truck that reports its cargo temperature.
        assertThat(api)
                .filteredOn(p -> !"none".equals(p.get("reefer")))
                .extracting(p -> p.get("thing_name"))
                .containsExactly(
                        "iotfleet_thc_100",
                        "iotfleet_thc_104",
                        "iotfleet_thc_108",
                        "iotfleet_thc_112",
                        "iotfleet_thc_116",
                        "iotfleet_thc_120",
                        "iotfleet_thc_124",
                        "iotfleet_thc_128");
    }

    @Test
    void trackIsOneVehiclesBreadcrumbsInTheWindow() throws Exception {
        List<Map<String, Object>> hour =
                getList("/api/track?thing_name=iotfleet_thc_103&minutes=60");
        List<Map<String, Object>> twoMinutes =
                getList("/api/track?thing_name=iotfleet_thc_103&minutes=2");
        try (LakeReader r = new LakeReader(lake)) {
            assertThat((long) hour.size())
                    .isEqualTo(
                            r.count(
                                    "SELECT count(*) FROM {breadcrumbs} "
                                            + "WHERE thing_name = 'iotfleet_thc_103'"));
            assertThat((long) twoMinutes.size())
                    .isEqualTo(
                            r.count(
                                    "SELECT count(*) FROM {breadcrumbs} "
                                            + "WHERE thing_name = 'iotfleet_thc_103' AND event_time >= "
                                            + "(SELECT max(event_time) FROM {breadcrumbs}) - INTERVAL 2 MINUTE"));
        }
        assertThat(twoMinutes.size()).isBetween(10, hour.size() / 3);
        List<String> times = new ArrayList<>();
        hour.forEach(p -> times.add((String) p.get("event_time")));
        assertThat(times).isSorted();
        assertThat(getList("/api/track?thing_name=nobody&minutes=60")).isEmpty();
    }

    @Test
    void topkIsTheLastClosedWindowOfEachSpec() throws Exception {
        Map<String, Object> speeders = getMap("/api/topk?spec=speeders");
        try (LakeReader r = new LakeReader(lake)) {
            List<Map<String, Object>> expected =
                    r.query(
                            "SELECT rank, item, item_count AS count FROM {topk} "
                                    + "WHERE spec = 'speeders' AND window_end = (SELECT max(window_end) FROM {topk} "
                                    + "WHERE spec = 'speeders') ORDER BY rank");
            assertThat(expected).isNotEmpty();
            List<Map<String, Object>> items = new ArrayList<>();
            for (Map<String, Object> e : expected) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rank", e.get("rank"));
                m.put("item", e.get("item"));
                m.put("count", ((Number) e.get("count")).intValue());
                items.add(m);
            }
            assertThat(speeders.get("items")).isEqualTo(items);
            assertThat(speeders.get("window_end"))
                    .isEqualTo(
                            r.scalar(
                                    "SELECT strftime(max(window_end), "
                                            + ISO
                                            + ") FROM {topk} WHERE spec = 'speeders'"));
        }
        assertThat(getList("/api/topk"))
                .extracting(s -> s.get("spec"))
                .containsExactly("active_vehicles", "speeders", "trending_cells");
        assertThat(getMap("/api/topk?spec=no_such_spec").get("items")).isEqualTo(List.of());
    }

    @Test
    void deadLettersByReasonAndRowsPerTablePerHour() throws Exception {
        Map<String, Object> d = getMap("/api/dead-letters?minutes=60");
        List<Map<String, Object>> byReason = cast(d.get("by_reason"));
        List<Map<String, Object>> perHour = cast(d.get("rows_per_hour"));
        try (LakeReader r = new LakeReader(lake)) {
            long total = r.count("SELECT count(*) FROM {dead_letter}");
            assertThat(total).isPositive();
            assertThat(
                            byReason.stream()
                                    .mapToLong(x -> ((Number) x.get("count")).longValue())
                                    .sum())
                    .isEqualTo(total);
            for (String table : List.of("readings", "breadcrumbs")) {
                Map<String, Long> expected = new LinkedHashMap<>();
                for (Map<String, Object> row :
                        r.query(
                                "SELECT strftime(date_trunc('hour', event_time), "
                                        + "'%Y-%m-%dT%H:00Z') AS h, count(*) AS n FROM {"
                                        + table
                                        + "} GROUP BY 1 ORDER BY 1 DESC")) {
                    expected.put((String) row.get("h"), ((Number) row.get("n")).longValue());
                }
                Map<String, Long> actual = new LinkedHashMap<>();
                perHour.stream()
                        .filter(x -> x.get("table").equals(table))
                        .forEach(
                                x ->
                                        actual.put(
                                                (String) x.get("hour"),
                                                ((Number) x.get("rows")).longValue()));
                assertThat(actual).as(table).containsExactlyEntriesOf(expected).hasSize(2);
            }
        }
    }

    @Test
    void noAlertsTableIsAnEmptyList() throws Exception {
        assertThat(Files.exists(lake.resolve("alerts"))).isFalse();
        assertThat(getList("/api/alerts")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/positions?minutes=abc|minutes must be a whole number",
                "/api/positions?minutes=0|minutes must be from 1",
                "/api/positions?minutes=99999999|minutes must be from 1",
                "/api/positions?minutes=10%3B%20DROP%20TABLE%20x|minutes must be a whole number",
                "/api/positions?mins=10|unknown parameter 'mins'",
                "/api/positions?minutes=1&minutes=2|given twice",
                "/api/track?minutes=60|thing_name is required",
                "/api/track?thing_name=a'%20OR%20'1'='1|thing_name is required",
                "/api/topk?spec=Speeders;--|spec must match",
                "/api/dead-letters?minutes=-5|minutes must be from 1",
                "/api/alerts?closed=x|closed must be a whole number",
                "/api/history?name=iotfleet_thc_100&from=yesterday&to=2025-06-01T10:00:00Z|from must be an ISO-8601",
                "/api/history?name=iotfleet_thc_100&from=2025-06-01T10:00:00Z&to=2025-06-01T09:00:00Z|from must be before to",
                "/api/history?name=iotfleet_thc_100&from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z|at most 31 days",
                "/api/history?from=2025-06-01T09:00:00Z&to=2025-06-01T10:00:00Z|name is required",
                "/api/vehicles?search=a%27%3B--|search may hold",
                "/api/filled?device_id=d&measure=temperature&from=2025-06-01T09:00:00Z&to=2025-06-01T10:00:00Z&max_gap=99999|max_gap must be from 0",
                "/api/filled?device_id=d&measure=a%20b&from=2025-06-01T09:00:00Z&to=2025-06-01T10:00:00Z|measure is required",
                "/api/vehicle-days?from=x&to=2025-06-01T10:00:00Z|from must be an ISO-8601",
                "/api/geofences?x=1|unknown parameter 'x'"
            })
    void badParametersAre400WithAMessage(String path, String message) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains(message);
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/leaflet/../app.js").statusCode()).isIn(200, 404);
        assertThat(get("/leaflet/leaflet.js").statusCode()).isEqualTo(200);
    }

    @Test
    void requestsForAnotherHostNameAreRefused() throws Exception {
        // A rebinding attack's request names the attacker's host; HttpClient may not set Host, so
        // speak HTTP here.
        for (String host :
                List.of("evil.example:" + server.port(), "127.0.0.1.nip.io:" + server.port())) {
            try (java.net.Socket socket =
                    new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream()
                        .write(
                                ("GET /api/positions HTTP/1.1\r\nHost: "
                                                + host
                                                + "\r\nConnection: close\r\n\r\n")
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String response =
                        new String(
                                socket.getInputStream().readAllBytes(),
                                java.nio.charset.StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 403");
            }
        }
        assertThat(get("/api/positions").statusCode()).isEqualTo(200);
    }

    @Test
    void chromiumDrawsOneMarkerPerVehicle() throws Exception {
        Set<String> vehicles = new TreeSet<>();
        getList("/api/positions?minutes=10")
                .forEach(p -> vehicles.add((String) p.get("thing_name")));
        assertThat(vehicles).hasSize(30);

        // The page is ready when its first refresh has drawn the markers; allow a slow machine a
        // few loads.
        Pattern marker = Pattern.compile("<path[^>]*\\bfl-vehicle\\b[^>]*>");
        Pattern thing = Pattern.compile("data-thing=\"([^\"]+)\"");
        Set<String> drawn = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long budget = 5000;
        String dom = "";
        while (System.nanoTime() < deadline) {
            dom = HeadlessChromium.dumpDom(server.url(), budget);
            if (dom.contains("data-ready=\"true\"")) {
                break;
            }
            budget *= 2;
        }
        assertThat(dom).as("the page finished a refresh").contains("data-ready=\"true\"");
        assertThat(dom).as("the map layer").contains("leaflet-overlay-pane");
        Matcher m = marker.matcher(dom);
        int markers = 0;
        while (m.find()) {
            markers++;
            Matcher t = thing.matcher(m.group());
            assertThat(t.find()).as("marker names its vehicle: " + m.group()).isTrue();
            drawn.add(t.group(1));
        }
        assertThat(markers).isEqualTo(vehicles.size());
        assertThat(drawn).isEqualTo(vehicles);
        assertThat(dom).contains("active_vehicles", "not_json");

        Path png = Paths.get("target/dashboard-it.png");
        HeadlessChromium.screenshot(server.url(), budget, png, 1400, 900);
        byte[] head = Files.readAllBytes(png);
        assertThat(head.length).isGreaterThan(10_000);
        assertThat(new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PNG");
    }

    @Test
    void withTilesUnreachableTheMapIsACoordinateGrid() throws Exception {
        int closed;
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        // Tiles from a port nobody listens on: the page must notice and draw its grid under the
        // markers.
        try (DashboardServer offline =
                new DashboardServer(
                        queries,
                        new DashboardSettings(
                                lake.toString(),
                                0,
                                "http://127.0.0.1:" + closed + "/{z}/{x}/{y}.png",
                                Duration.ofSeconds(5),
                                -10))) {
            String dom = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (long budget = 5000; System.nanoTime() < deadline; budget *= 2) {
                dom = HeadlessChromium.dumpDom(offline.url(), budget);
                if (dom.contains("data-ready=\"true\"") && dom.contains("map tiles unreachable")) {
                    break;
                }
            }
            assertThat(dom).contains("offline: coordinate grid (map tiles unreachable)");
            assertThat(Pattern.compile("class=\"[^\"]*grid-label").matcher(dom).results().count())
                    .as("grid labels")
                    .isGreaterThanOrEqualTo(4);
            assertThat(Pattern.compile("<path[^>]*\\bfl-vehicle\\b").matcher(dom).results().count())
                    .isEqualTo(30);
            assertThat(dom).doesNotContain("leaflet-tile-loaded");
        }
    }

    @Test
    void historyOfAVehiclesDayComesFromTheRollupTablesAndTheRawTrack() throws Exception {
        String range = "from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z";
        Map<String, Object> h = getMap("/api/history?name=iotfleet_thc_100&" + range);
        assertThat(h.get("granularity")).isEqualTo("1m");
        List<Map<String, Object>> track = cast(h.get("track"));
        @SuppressWarnings("unchecked")
        Map<String, List<Map<String, Object>>> measures =
                (Map<String, List<Map<String, Object>>>) h.get("measures");
        try (LakeReader r = new LakeReader(lake)) {
            assertThat((long) track.size())
                    .isEqualTo(
                            r.count(
                                    "SELECT count(*) FROM {breadcrumbs} WHERE thing_name = 'iotfleet_thc_100'"))
                    .isGreaterThan(50);
            assertThat((long) measures.get("temperature").size())
                    .isEqualTo(
                            r.count(
                                    "SELECT count(*) FROM "
                                            + r.table("readings_1m")
                                            + " WHERE device_id = 'iotfleet_thc_100' AND measure = 'temperature'"))
                    .isGreaterThan(10);
            List<Map<String, Object>> days = getList("/api/vehicle-days?" + range);
            assertThat(days).hasSize(30);
            double km =
                    ((Number)
                                    r.scalar(
                                            "SELECT round(sum(distance_km), 3) FROM "
                                                    + r.table("breadcrumbs_1m")
                                                    + " WHERE thing_name = 'iotfleet_thc_100'"))
                            .doubleValue();
            assertThat(days)
                    .filteredOn(d -> d.get("thing_name").equals("iotfleet_thc_100"))
                    .extracting(d -> ((Number) d.get("distance_km")).doubleValue())
                    .containsExactly(km);
        }
        assertThat(getList("/api/vehicles?search=THC_10"))
                .extracting(v -> v.get("name"))
                .contains("iotfleet_thc_100", "iotfleet_thc_109")
                .doesNotContain("iotfleet_thc_110");
    }

    @Test
    void chromiumDrawsAVehiclesDayTrackAndCharts() throws Exception {
        String url = server.url() + "#thing=iotfleet_thc_100&day=2025-06-01";
        String dom = "";
        long budget = 5000;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            dom = HeadlessChromium.dumpDom(url, budget);
            if (dom.contains("data-state=\"ready\"") && dom.contains("data-ready=\"true\"")) {
                break;
            }
            budget *= 2;
        }
        assertThat(dom).as("the history finished loading").contains("data-state=\"ready\"");
        Matcher points = Pattern.compile("data-track-points=\"(\\d+)\"").matcher(dom);
        assertThat(points.find()).isTrue();
        assertThat(Integer.parseInt(points.group(1))).isGreaterThan(50);
        Matcher track =
                Pattern.compile("<path[^>]*\\bfl-track\\b[^>]*\\bd=\"([^\"]+)\"").matcher(dom);
        if (!track.find()) {
            track = Pattern.compile("<path[^>]*\\bd=\"([^\"]+)\"[^>]*\\bfl-track\\b").matcher(dom);
            assertThat(track.find()).as("the track is drawn").isTrue();
        }
        // Leaflet simplifies a line to the zoom level's pixels, so the path has fewer vertices than
        // the track's points (counted above in data-track-points); it must still be a line.
        assertThat(track.group(1).split("L").length).as("track vertices").isGreaterThanOrEqualTo(2);
        for (String measure : List.of("speed", "temperature")) {
            Matcher chart =
                    Pattern.compile(
                                    "data-measure=\""
                                            + measure
                                            + "\".*?<polyline[^>]*points=\"([^\"]*)\"",
                                    Pattern.DOTALL)
                            .matcher(dom);
            assertThat(chart.find()).as(measure + " chart").isTrue();
            assertThat(chart.group(1).trim().split(" ").length)
                    .as(measure + " chart points")
                    .isGreaterThan(10);
        }
        assertThat(dom).contains("readings_1m / breadcrumbs_1m", "2025-06-01");

        // The committed sample screenshot is rewritten only on request, so a test run leaves the
        // checkout clean.
        Path png =
                Boolean.getBoolean("fleetlake.docs.write")
                        ? Paths.get("local-stack/samples/dashboard-history.png")
                        : Paths.get("target/dashboard-history.png");
        HeadlessChromium.screenshot(url, budget, png, 1400, 1000);
        byte[] head = Files.readAllBytes(png);
        assertThat(new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PNG");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<Map<String, Object>> getList(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() {});
    }

    private static Map<String, Object> getMap(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cast(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
