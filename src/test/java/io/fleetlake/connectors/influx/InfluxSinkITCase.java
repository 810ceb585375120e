package io.fleetlake.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.testing.FakeInflux;
import io.fleetlake.testing.FlinkTestCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Influx sink on a MiniCluster through the JDK HTTP client against {@link FakeInflux}
 * (WireMock): the v2 and v3 request shapes, retries after 429 (honouring Retry-After) and 500, a
 * 400 naming one bad line (a dead letter; the rest written), and a 401 failing the job with a
 * message naming the setting.
 */
class InfluxSinkITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    /** 2024-04-18T09:00:00Z. */
    static final long BASE = 1713430800000L;

    static final ConcurrentLinkedQueue<String> REJECTED = new ConcurrentLinkedQueue<>();

    FakeInflux fake;

    @BeforeEach
    void start() {
        fake = new FakeInflux();
        REJECTED.clear();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void v2RequestsCarryOrgBucketPrecisionTokenAndAGzipBody() throws Exception {
        run(
                settings(
                        "v2",
                        Map.of("org", "acme corp", "bucket", "fleet", "token", "s3cret-token")),
                200);

        List<FakeInflux.Request> requests = fake.requests();
        assertThat(requests)
                .isNotEmpty()
                .allSatisfy(
                        r -> {
                            assertThat(r.url)
                                    .isEqualTo(
                                            "/api/v2/write?org=acme+corp&bucket=fleet&precision=ms");
                            assertThat(r.headers)
                                    .containsEntry("authorization", "Token s3cret-token")
                                    .containsEntry("content-encoding", "gzip");
                            // Jetty under WireMock upper-cases the charset name it reports.
                            assertThat(r.headers.get("content-type"))
                                    .isEqualToIgnoringCase("text/plain; charset=utf-8");
                            // WireMock hands over the body gunzipped (InfluxSinkWriterBodyTest
                            // checks the bytes themselves).
                            assertThat(r.lines).hasSizeLessThanOrEqualTo(50);
                        });
        assertThat(fake.stored().keySet()).containsExactlyInAnyOrderElementsOf(expectedLines(200));
        assertThat(REJECTED).isEmpty();
    }

    @Test
    void v3RequestsUseWriteLpWithBearerTokenAndPlainBodyWhenGzipIsOff() throws Exception {
        run(settings("v3", Map.of("database", "fleet", "token", "v3-token", "gzip", "false")), 120);

        assertThat(fake.requests())
                .isNotEmpty()
                .allSatisfy(
                        r -> {
                            assertThat(r.url)
                                    .isEqualTo("/api/v3/write_lp?db=fleet&precision=millisecond");
                            assertThat(r.headers)
                                    .containsEntry("authorization", "Bearer v3-token")
                                    .doesNotContainKey("content-encoding");
                            assertThat(FakeInflux.isGzip(r.rawBody)).isFalse();
                            assertThat(
                                            new String(
                                                    r.rawBody,
                                                    java.nio.charset.StandardCharsets.UTF_8))
                                    .endsWith("\n");
                        });
        assertThat(fake.stored().keySet()).containsExactlyInAnyOrderElementsOf(expectedLines(120));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterAndServerErrorsAreRetried() throws Exception {
        fake.thenAnswer(429, "2", null);
        fake.thenAnswer(500, null, "{\"error\":\"timeout\"}");
        fake.thenAnswer(503, null, null);
        run(settings("v1", Map.of("database", "fleet")), 100, 1);

        List<FakeInflux.Request> requests = fake.requests();
        assertThat(requests.subList(0, 3)).extracting(r -> r.status).containsExactly(429, 500, 503);
        long waitedMs =
                TimeUnit.NANOSECONDS.toMillis(requests.get(1).atNanos - requests.get(0).atNanos);
        assertThat(waitedMs).as("waited for Retry-After: 2").isGreaterThanOrEqualTo(1900);
        assertThat(requests.get(0).url).isEqualTo("/write?db=fleet&precision=ms");
        assertThat(requests.get(0).headers).doesNotContainKey("authorization");
        assertThat(fake.stored().keySet()).containsExactlyInAnyOrderElementsOf(expectedLines(100));
        assertThat(REJECTED).isEmpty();
    }

    @Test
    void aBadLineNamedByA400IsRejectedAndTheRestIsWritten() throws Exception {
        run(
                settings("v1", Map.of("database", "fleet", "retention-policy", "two weeks")),
                150,
                2,
                true);

        List<String> expected = expectedLines(150);
        String bad = Numbers.line(77, true);
        expected.remove(77);
        assertThat(fake.stored().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(REJECTED)
                .singleElement()
                .asString()
                .startsWith(bad + "|HTTP 400: unable to parse")
                .contains("invalid field format");
        assertThat(fake.requests()).anySatisfy(r -> assertThat(r.status).isEqualTo(400));
        assertThat(fake.requests().get(0).url)
                .isEqualTo("/write?db=fleet&rp=two+weeks&precision=ms");
    }

    @Test
    void refusedCredentialsFailTheJobNamingTheSetting() {
        fake.alwaysAnswer(401, "{\"error\":\"authorization failed\"}");
        assertThatThrownBy(
                        () ->
                                run(
                                        settings(
                                                "v2",
                                                Map.of(
                                                        "org", "acme", "bucket", "fleet", "token",
                                                        "wrong")),
                                        10))
                .hasStackTraceContaining("HTTP 401")
                .hasStackTraceContaining("authorization failed")
                .hasStackTraceContaining("check Influx.token")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("wrong"));
    }

    @Test
    void aMissingDatabaseFailsTheJobNamingTheSetting() {
        fake.alwaysAnswer(404, "{\"error\":\"database not found: \\\"fleet\\\"\"}");
        assertThatThrownBy(() -> run(settings("v1", Map.of("database", "fleet")), 10))
                .hasStackTraceContaining("database not found")
                .hasStackTraceContaining("check Influx.database");
    }

    private InfluxSettings settings(String api, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(extra);
        m.put("url", fake.url());
        m.put("api", api);
        m.put("max-batch-size", "50");
        m.put("max-buffered-requests", "1000");
        m.put("max-buffer-time", "100 ms");
        m.put("max-retry-backoff", "200 ms");
        return InfluxSettings.fromConfiguration(Configuration.fromMap(m));
    }

    private void run(InfluxSettings settings, long n) throws Exception {
        run(settings, n, 2);
    }

    private void run(InfluxSettings settings, long n, int parallelism) throws Exception {
        run(settings, n, parallelism, false);
    }

    private void run(InfluxSettings settings, long n, int parallelism, boolean bad)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(200);
        DataStream<Long> numbers = env.fromSequence(0, n - 1).name("numbers").uid("numbers");
        new InfluxSinkFactory(settings)
                .sink(new Numbers(bad))
                .writeTo(
                        numbers,
                        "influx",
                        "influx",
                        r -> r.line().line() + "|" + r.reason(),
                        Types.STRING)
                .sinkTo(new CollectingSink())
                .name("rejected")
                .uid("rejected");
        env.execute("influx-sink");
    }

    static List<String> expectedLines(long n) {
        return LongStream.range(0, n)
                .mapToObj(i -> Numbers.line(i, false))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    /**
     * Number i: device dev-(i%7), one reading a second; 77 carries a field the fake cannot parse.
     */
    static final class Numbers implements ElementConverter<Long, InfluxLine> {
        private final boolean bad;

        Numbers(boolean bad) {
            this.bad = bad;
        }

        static String line(long i, boolean bad) {
            LineProtocol l =
                    LineProtocol.line("reading")
                            .tag("device_id", "dev " + (i % 7))
                            .field("value", (double) i)
                            .timeMillis(BASE + i * 1000);
            String s = l.build();
            return bad && i == 77 ? s.replace("value=", "value" + FakeInflux.BAD + ",x=") : s;
        }

        @Override
        public InfluxLine apply(Long i, SinkWriter.Context context) {
            return new InfluxLine(line(i, bad), Map.of("index", Long.toString(i)));
        }
    }

    /** Collects into {@link #REJECTED} (same JVM as the MiniCluster). */
    static final class CollectingSink implements Sink<String> {
        @Override
        @SuppressWarnings("deprecation")
        public SinkWriter<String> createWriter(InitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String element, Context context) {
                    REJECTED.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
