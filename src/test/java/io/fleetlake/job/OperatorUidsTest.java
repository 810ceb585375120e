package io.fleetlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.PropertyGroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the operator uids of the production graph: a savepoint maps state to operators by uid, so a
 * renamed or lost uid silently drops that operator's state on the next update (or fails the
 * restore). The graphs are the fully configured job of {@code
 * local-stack/msf-application-properties.example.json} (every source and output) and a replacing
 * file backfill (its publisher); their uids are compared with {@code
 * src/test/resources/operator-uids.txt}. A change of that file is a change of the savepoint
 * compatibility: add to it, never rename (see docs/operations/autoscaling-updates-rollbacks.md).
 *
 * <p>Also checks that every operator of those graphs has the configured max parallelism.
 */
class OperatorUidsTest {
    static final Path EXAMPLE = Paths.get("local-stack/msf-application-properties.example.json");
    static final Path PINNED = Paths.get("src/test/resources/operator-uids.txt");

    @Test
    void theProductionGraphsHaveThePinnedUids(@TempDir Path dir) throws Exception {
        Map<String, String> uids = new LinkedHashMap<>();
        uids.putAll(uids(fullyConfigured(dir)));
        uids.putAll(uids(backfill(dir)));
        List<String> actual = new ArrayList<>();
        uids.forEach((uid, name) -> actual.add(uid + "\t" + name));
        if (Boolean.getBoolean("fleetlake.uids.write")) {
            Files.write(PINNED, header(actual), StandardCharsets.UTF_8);
        }
        // The uids are compared (names are there for the reader: renaming an operator is harmless).
        assertThat(new TreeSet<>(uids.keySet()))
                .as(
                        "operator uids of the production graphs vs %s; regenerate it with"
                                + " -Dfleetlake.uids.write=true only when you ADD an operator",
                        PINNED)
                .containsExactlyElementsOf(
                        pinned().stream()
                                .map(l -> l.split("\t", 2)[0])
                                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void everyOperatorHasTheConfiguredMaxParallelism(@TempDir Path dir) throws Exception {
        for (StreamExecutionEnvironment env : List.of(fullyConfigured(dir), backfill(dir))) {
            JobGraph graph = env.getStreamGraph().getJobGraph();
            for (JobVertex v : graph.getVertices()) {
                assertThat(v.getMaxParallelism())
                        .as("max parallelism of %s", v.getName())
                        .isEqualTo(128);
            }
        }
        FleetlakeConfig config =
                FleetlakeConfig.of(
                        Map.of(
                                "Source.Files", Map.of("path", dir.toString()),
                                "Lake", Map.of("path", dir.resolve("lake").toString()),
                                "Job", Map.of("max-parallelism", "256")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, config, 0L);
        for (JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
            assertThat(v.getMaxParallelism())
                    .as("max parallelism of %s", v.getName())
                    .isEqualTo(256);
        }
    }

    @Test
    void onMsfJobParallelismIsIgnored() {
        Map<String, Map<String, String>> groups =
                Map.of(
                        "Job", Map.of("parallelism", "4", "checkpoint-interval", "5 s"),
                        "Lake", Map.of("path", "/tmp/lake"));
        Map<String, Map<String, String>> onMsf = FleetlakeApplication.withoutJobParallelism(groups);
        assertThat(onMsf.get("Job")).containsOnlyKeys("checkpoint-interval");
        assertThat(onMsf.get("Lake")).isEqualTo(groups.get("Lake"));
        assertThat(FleetlakeApplication.withoutJobParallelism(Map.of("Lake", Map.of())))
                .containsOnlyKeys("Lake");
    }

    /**
     * The example's groups, with its S3 locations (lake, input, registry, geofences) moved under
     * {@code dir}: building the graph resolves the lake's file system.
     */
    static Map<String, Map<String, String>> exampleGroups(Path dir) throws IOException {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        PropertyGroups.readJson(EXAMPLE)
                .forEach(
                        (group, props) -> {
                            Map<String, String> local = new LinkedHashMap<>();
                            props.forEach(
                                    (k, v) ->
                                            local.put(
                                                    k,
                                                    v.startsWith("s3://")
                                                            ? dir.resolve(v.substring(5)).toString()
                                                            : v));
                            groups.put(group, local);
                        });
        return groups;
    }

    static StreamExecutionEnvironment fullyConfigured(Path dir) throws IOException {
        FleetlakeConfig config = FleetlakeConfig.of(exampleGroups(dir));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, config, 0L, FleetlakeApplication.backfillFor(config));
        return env;
    }

    static StreamExecutionEnvironment backfill(Path dir) throws IOException {
        FleetlakeConfig config =
                FleetlakeConfig.of(
                        Map.of(
                                "Source.Files", Map.of("path", dir.resolve("in").toString()),
                                "Lake", Map.of("path", dir.resolve("lake").toString())));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, config, 0L, FleetlakeApplication.backfillFor(config));
        return env;
    }

    /** uid -> operator name, of every node of the graph (sink parts included). */
    static Map<String, String> uids(StreamExecutionEnvironment env) {
        StreamGraph graph = env.getStreamGraph();
        Map<String, String> uids = new LinkedHashMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            uids.put(
                    uid == null ? "(none) " + node.getOperatorName() : uid, node.getOperatorName());
        }
        return uids;
    }

    private static List<String> pinned() throws IOException {
        return Files.readAllLines(PINNED, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }

    private static List<String> header(List<String> lines) {
        List<String> out = new ArrayList<>();
        out.add("# Operator uids of the production graphs (uid TAB operator name), pinned by");
        out.add("# OperatorUidsTest. Savepoints map state by uid: never rename or remove one.");
        out.addAll(new TreeSet<>(lines));
        return out;
    }
}
