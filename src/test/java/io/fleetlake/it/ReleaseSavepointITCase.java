package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.connectors.lake.LakeBackfill;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.sources.FileMessageSource;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.testing.LakeReader;
import io.fleetlake.testing.Throttle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A savepoint written by release {@value #RELEASE} restores with the current code: {@code
 * src/test/resources/savepoints/0.2.0/backfill/} holds a replacing file backfill stopped with a
 * savepoint half-way (file source with its backfill run, lake writers and committers, backfill
 * publishers; {@code savepoint/}), its input ({@code input/}) and the lake as the savepoint left it
 * ({@code lake/}: committed and pending files in the staging folder, the run's lease). The test
 * puts them back where the generator wrote them ({@link #FIXTURE}: a savepoint names its files by
 * absolute path), restores the production backfill graph from the savepoint and checks that the
 * restored state is used: the job FINISHES with every input row exactly once (the rows before the
 * savepoint are not read again, those after it are not lost) and nothing left in staging.
 *
 * <p>Every release that changes state adds its own folder beside this one (and keeps this test
 * green for the older ones). The generator is {@link #writeTheSavepointOfThisRelease}, run by hand:
 * {@code mvn -Dtest=ReleaseSavepointITCase -Dfleetlake.savepoints.write=true test}.
 */
class ReleaseSavepointITCase {
    static final String RELEASE = "0.2.0";
    static final Path COMMITTED = Paths.get("src/test/resources/savepoints", RELEASE, "backfill");
    static final Path FIXTURE = Paths.get("/tmp/fleetlake-savepoint-fixtures", RELEASE, "backfill");
    private static final int FILES = 3;
    private static final int ROWS_PER_FILE = 1_500;
    private static final int ROWS = FILES * ROWS_PER_FILE;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(3);

    @Test
    void theBackfillSavepointOfThisReleaseRestoresAndEveryRowIsWrittenOnce() throws Exception {
        deleteRecursively(FIXTURE);
        copyRecursively(COMMITTED, FIXTURE);
        String savepoint = FIXTURE.resolve("savepoint").toUri().toString();
        Path lake = FIXTURE.resolve("lake");
        long stagedBefore = staged(lake).size();
        assertThat(stagedBefore).as("the fixture has staged files").isPositive();

        Configuration restore = new Configuration();
        restore.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(restore);
        FleetlakeConfig config = config(3);
        // The production graph, as main() builds it.
        FleetlakeApplication.build(
                env, config, System.currentTimeMillis(), FleetlakeApplication.backfillFor(config));
        env.executeAsync("release-savepoint-" + RELEASE)
                .getJobExecutionResult()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        try (LakeReader r = new LakeReader(lake)) {
            assertThat(r.count("SELECT count(*) FROM {readings}")).isEqualTo(ROWS);
            assertThat(r.count("SELECT count(DISTINCT temperature) FROM {readings}"))
                    .isEqualTo(ROWS);
        }
        assertThat(staged(lake)).as("nothing left in staging").isEmpty();
    }

    /** Writes the committed fixture of this release (run by hand, see the class comment). */
    @Test
    @EnabledIfSystemProperty(named = "fleetlake.savepoints.write", matches = "true")
    void writeTheSavepointOfThisRelease() throws Exception {
        deleteRecursively(FIXTURE);
        Path input = Files.createDirectories(FIXTURE.resolve("input"));
        for (int f = 0; f < FILES; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < ROWS_PER_FILE; i++) {
                int n = f * ROWS_PER_FILE + i;
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "{\"device_id\":\"pump%d\",\"temperature\":%d.5,\"timestamp\":%d}",
                                n % 11,
                                n,
                                1_713_427_200_000L + n * 1_000L));
            }
            Files.writeString(input.resolve("f" + f + ".jsonl"), String.join("\n", lines) + "\n");
        }
        Path lake = FIXTURE.resolve("lake");
        FleetlakeConfig config = config(2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LakeBackfill backfill = FleetlakeApplication.backfillFor(config);
        FleetlakeJob.configure(env, config);
        // The production backfill with a throttle after the source (stateless), so that it is
        // half-way when the savepoint is taken.
        new FleetlakeJob(
                        config,
                        List.of(
                                Throttle.after(
                                        new FileMessageSource(input.toString(), null, backfill),
                                        100)),
                        FleetlakeSinks.lake(FleetlakeApplication.lakeSinkFactory(config, backfill)))
                .addTo(env);
        JobClient client = env.executeAsync("write-release-savepoint");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (staged(lake).isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        String written =
                client.stopWithSavepoint(
                                false,
                                FIXTURE.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Files.move(Paths.get(java.net.URI.create(written)), FIXTURE.resolve("savepoint"));
        Files.delete(FIXTURE.resolve("savepoints"));
        deleteRecursively(COMMITTED);
        copyRecursively(FIXTURE, COMMITTED);
    }

    static FleetlakeConfig config(int parallelism) {
        return FleetlakeConfig.of(
                Map.of(
                        "Source.Files", Map.of("path", FIXTURE.resolve("input").toString()),
                        "Lake", Map.of("path", FIXTURE.resolve("lake").toString()),
                        "TopK", Map.of("enabled", "false"),
                        "Job",
                                Map.of(
                                        "checkpoint-interval",
                                        "200 ms",
                                        "parallelism",
                                        Integer.toString(parallelism))));
    }

    private static List<Path> staged(Path lake) throws IOException {
        Path backfills = lake.resolve(LakeBackfill.BACKFILL_DIR);
        if (!Files.exists(backfills)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(backfills)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/staging/"))
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .collect(Collectors.toList());
        }
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
