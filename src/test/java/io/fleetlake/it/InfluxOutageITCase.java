package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.sources.MessageSource;
import io.fleetlake.job.sources.SimulatorMessageSource;
import io.fleetlake.testing.FakeInflux;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.InfluxServer;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.tools.local.ProgressMetrics;
import io.fleetlake.tools.redrive.RedriveCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * InfluxDB answers 503 to every write for the whole run - longer than three checkpoint timeouts -
 * and the lake must not notice: every checkpoint completes (a single expired one fails the job:
 * tolerable failures 0, no restarts), every reading and breadcrumb lands in the lake, every point
 * InfluxDB did not take is a dead letter {@code influx_unavailable} with its line as payload, the
 * outage is named by the sink's metrics ({@code influx DOWN} on the launcher's progress line), and
 * {@code ./fleetlake redrive} afterwards makes a real InfluxDB equal to the lake (InfluxQL against
 * DuckDB), twice without duplicates. The same job with an unbounded retry-duration shows the
 * problem it fixes: the first checkpoint expires and the job fails.
 */
class InfluxOutageITCase {
    static final String START = "2024-04-18T09:30:00Z";
    // Generous for a loaded machine (a checkpoint of this job takes well under a second when idle).
    static final long CHECKPOINT_TIMEOUT_MS = 10_000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            FlinkTestCluster.extension(4, FlinkTestCluster.withProgressMetrics());

    @TempDir Path dir;
    FakeInflux fake;

    @BeforeEach
    void start() {
        fake = new FakeInflux();
        fake.alwaysAnswer(503, "{\"error\":\"service unavailable\"}");
        ProgressMetrics.reset();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static Map<String, String> influxGroup(String url, String retryDuration) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("url", url);
        g.put("api", "v1");
        g.put("database", "fleet");
        g.put("measurement-breadcrumbs", "position");
        g.put("max-batch-size", "100");
        g.put("max-buffer-time", "100 ms");
        g.put("request-timeout", "2 s");
        g.put("max-retry-backoff", "200 ms");
        g.put("retry-duration", retryDuration);
        return g;
    }

    FleetlakeConfig config(Path lake, String retryDuration) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Lake", Map.of("path", lake.toString()));
        groups.put("TopK", Map.of("enabled", "false"));
        groups.put("Job", Map.of("checkpoint-interval", "500 ms", "parallelism", "1"));
        groups.put("Influx", influxGroup(fake.url(), retryDuration));
        return FleetlakeConfig.of(groups);
    }

    /** The job on a throttled simulator: {@code events} at {@code perSecond}. */
    StreamExecutionEnvironment job(FleetlakeConfig config, long events, double perSecond) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeJob.configure(env, config);
        env.getCheckpointConfig().setCheckpointTimeout(CHECKPOINT_TIMEOUT_MS);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(0);
        MessageSource simulator =
                new SimulatorMessageSource(
                        new FleetSimulator(42L, EventTimes.parse(START), 1.0, 30, 12, 0.0),
                        events,
                        perSecond);
        new FleetlakeJob(
                        config,
                        List.of(simulator),
                        // The Influx group is present: the job attaches InfluxOutput.
                        FleetlakeSinks.lake(FleetlakeApplication.lakeSinkFactory(config, null)))
                .addTo(env);
        return env;
    }

    @Test
    void aDeadInfluxDbNeverStopsTheLakeAndARedriveRepairsIt() throws Exception {
        Path lake = dir.resolve("lake");
        // 2,400 events at 70/s: about 34 s of input, more than three checkpoint timeouts.
        StreamExecutionEnvironment env = job(config(lake, "2 s"), 2400, 70);
        JobClient client = env.executeAsync("influx-outage-it");
        String down = null;
        long deadline = System.currentTimeMillis() + 120_000;
        while (!client.getJobStatus().get().isGloballyTerminalState()
                && System.currentTimeMillis() < deadline) {
            for (String o : ProgressMetrics.outages()) {
                if (o.startsWith("influx DOWN")) {
                    down = o;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100); // a poll of the job's metrics, not a wait for it
        }
        client.getJobExecutionResult().get(30, TimeUnit.SECONDS);

        assertThat(down).as("the progress line names InfluxDB as down").isNotNull();
        List<FakeInflux.Request> requests = fake.requests();
        assertThat(requests).isNotEmpty().allMatch(r -> r.status == 503);
        long outageMs =
                TimeUnit.NANOSECONDS.toMillis(
                        requests.get(requests.size() - 1).atNanos - requests.get(0).atNanos);
        assertThat(outageMs)
                .as("503s for longer than three checkpoint timeouts")
                .isGreaterThan(3 * CHECKPOINT_TIMEOUT_MS);
        assertThat(fake.stored()).isEmpty();

        long readings;
        long breadcrumbs;
        try (LakeReader r = new LakeReader(lake)) {
            readings = r.count("SELECT count(*) FROM {readings}");
            breadcrumbs = r.count("SELECT count(*) FROM {breadcrumbs}");
            assertThat(readings).isPositive().isEqualTo(ProgressMetrics.total("readingsOut"));
            assertThat(breadcrumbs).isPositive().isEqualTo(ProgressMetrics.total("breadcrumbsOut"));
            // Every undelivered point is a dead letter with its reason and its line.
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {dead_letter} WHERE reason_code = 'influx_unavailable' "
                                            + "AND payload LIKE 'reading,%' AND reason LIKE '%HTTP 503%'"))
                    .isEqualTo(readings);
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {dead_letter} WHERE reason_code = 'influx_unavailable' "
                                            + "AND payload LIKE 'position,%'"))
                    .isEqualTo(breadcrumbs);
            // Each reading's line, by its device and time, is among the dead letters.
            assertThat(
                            r.count(
                                    "SELECT count(*) FROM {readings} x WHERE NOT EXISTS (SELECT 1 FROM "
                                            + "{dead_letter} d WHERE d.payload LIKE 'reading,%device_id=' "
                                            + "|| x.device_id || '%' AND d.payload LIKE '% ' "
                                            + "|| epoch_ms(x.event_time)::VARCHAR)"))
                    .isZero();
        }

        // The server is back (a real InfluxDB): the redrive of the outage's time range repairs it.
        try (InfluxServer influx = InfluxServer.start(dir.resolve("influxd"))) {
            influx.createDatabase("fleet");
            Path properties = dir.resolve("redrive.json");
            Map<String, String> group = influxGroup(influx.url(), "30 s");
            StringBuilder json =
                    new StringBuilder("[{\"PropertyGroupId\":\"Influx\",\"PropertyMap\":{");
            group.forEach(
                    (k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
            json.setLength(json.length() - 1);
            json.append("}}]");
            Files.writeString(properties, json);
            Instant from = Instant.parse(START).minus(Duration.ofHours(1));
            Instant to = Instant.parse(START).plus(Duration.ofHours(3));
            String[] args = {
                "--sink",
                "influx",
                "--from",
                from.toString(),
                "--to",
                to.toString(),
                "--lake",
                lake.toString(),
                "--properties",
                properties.toString()
            };
            for (int run = 0; run < 2; run++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int status =
                        new RedriveCommand(new PrintStream(out, true, StandardCharsets.UTF_8))
                                .run(args);
                assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8))
                        .contains(String.format("%,d written", readings + breadcrumbs));
                try (LakeReader r = new LakeReader(lake)) {
                    InfluxITCase.assertSamePoints(influx, dir, r, "fleet");
                }
            }
            assertThat(
                            influx.series("fleet", "SELECT count(lat) FROM position")
                                    .get(0)
                                    .path("values")
                                    .get(0)
                                    .get(1)
                                    .asLong())
                    .isEqualTo(breadcrumbs);
        }
    }

    @Test
    void withoutABoundOnRetriesTheFirstCheckpointExpiresAndTheJobFails() {
        // The problem retry-duration fixes: a batch in retry keeps its in-flight slot, the flush
        // before the barrier waits for it, the checkpoint expires and the job fails over.
        StreamExecutionEnvironment env = job(config(dir.resolve("stalled"), "1 h"), 2400, 70);
        assertThatThrownBy(() -> env.execute("influx-stall-it"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .containsIgnoringCase("checkpoint"));
    }
}
