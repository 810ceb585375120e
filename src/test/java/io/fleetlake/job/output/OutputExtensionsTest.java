package io.fleetlake.job.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.FleetlakeApplication;
import io.fleetlake.job.FleetlakeJob;
import io.fleetlake.job.FleetlakeSinks;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.sources.MessageSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output extensions as the job discovers them: their groups are the configuration's, the lake
 * tables they declare are exactly those they write (a replacing backfill publishes by that list),
 * and the full graph keeps every operator's uid and name.
 */
class OutputExtensionsTest {
    @TempDir Path dir;

    @Test
    void everyOutputsGroupsAreConfigurationGroups() {
        assertThat(FleetlakeOptions.groups()).containsAll(Outputs.groups());
        for (OutputExtension o : Outputs.ALL) {
            assertThat(o.groups()).isNotEmpty();
        }
    }

    @Test
    void theLakeTablesAnOutputDeclaresAreTheOnesItWrites() throws Exception {
        assertThat(tablesWritten(FleetlakeConfig.of(allOutputs())))
                .containsExactlyInAnyOrderElementsOf(
                        tableNames(Outputs.lakeTables(FleetlakeConfig.of(allOutputs()))))
                .contains("topk", "alerts", "readings_1m", "readings_1h", "breadcrumbs_1m");
        Map<String, Map<String, String>> none = new LinkedHashMap<>();
        none.put("Source.Simulator", Map.of("events", "10"));
        none.put("Lake", Map.of("path", dir.resolve("lake").toString()));
        none.put("TopK", Map.of("enabled", "false"));
        none.put("Rollups", Map.of("enabled", "false"));
        FleetlakeConfig plain = FleetlakeConfig.of(none);
        assertThat(Outputs.enabled(plain)).isEmpty();
        assertThat(tablesWritten(plain)).isEmpty();
    }

    /**
     * Every operator's uid and name in the full graph, as captured from the graph before outputs
     * became extensions (commit e0d10e6): savepoints map state by uid, so none may change.
     */
    @Test
    void theFullGraphKeepsEveryOperatorUidAndName() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeApplication.build(env, FleetlakeConfig.of(allOutputs()), 0L);
        Map<String, String> uids = new TreeMap<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            uids.put(String.valueOf(node.getTransformationUID()), node.getOperatorName());
        }
        assertThat(uids).isEqualTo(EXPECTED_UIDS);
    }

    static final Map<String, String> EXPECTED_UIDS = new TreeMap<>();

    static {
        EXPECTED_UIDS.put("Sink Committer: lake-alerts", "lake: alerts: Committer");
        EXPECTED_UIDS.put("Sink Committer: lake-breadcrumbs", "lake: breadcrumbs: Committer");
        EXPECTED_UIDS.put("Sink Committer: lake-dead_letter", "lake: dead_letter: Committer");
        EXPECTED_UIDS.put("Sink Committer: lake-readings", "lake: readings: Committer");
        EXPECTED_UIDS.put("Sink Committer: lake-topk", "lake: topk: Committer");
        EXPECTED_UIDS.put("alerts-console", "alerts: console: Writer");
        EXPECTED_UIDS.put("alerts-detect", "alerts: detect");
        EXPECTED_UIDS.put("alerts-identified", "alerts: identified devices");
        EXPECTED_UIDS.put("alerts-input-breadcrumbs", "alerts: breadcrumbs");
        EXPECTED_UIDS.put("alerts-input-readings", "alerts: readings");
        EXPECTED_UIDS.put("alerts-mqtt", "alerts: mqtt");
        EXPECTED_UIDS.put("alerts-sns", "alerts: sns");
        EXPECTED_UIDS.put("alerts-sns-failed", "alerts: sns: failed");
        EXPECTED_UIDS.put("breadcrumbs-watermarks", "breadcrumbs: event time");
        EXPECTED_UIDS.put("decode-route", "decode and route");
        EXPECTED_UIDS.put("fahrenheit", "fahrenheit");
        EXPECTED_UIDS.put("geohash", "geohash");
        EXPECTED_UIDS.put("influx-breadcrumbs", "influx: position");
        EXPECTED_UIDS.put("influx-breadcrumbs-rejected-lines", "influx: position: rejected lines");
        EXPECTED_UIDS.put("influx-readings", "influx: reading");
        EXPECTED_UIDS.put("influx-readings-rejected-lines", "influx: reading: rejected lines");
        EXPECTED_UIDS.put("lake-alerts", "lake: alerts: Writer");
        EXPECTED_UIDS.put(
                "lake-alerts: FileSinkCompactorCoordinator", "lake: alerts: CompactorCoordinator");
        EXPECTED_UIDS.put(
                "lake-alerts: FileSinkCompactorOperator", "lake: alerts: CompactorOperator");
        EXPECTED_UIDS.put(
                "lake-alerts: glue-alerts-partitions", "lake: alerts: glue: alerts partitions");
        EXPECTED_UIDS.put(
                "lake-alerts: lake-alerts-committed-partitions",
                "lake: alerts: lake: alerts committed partitions");
        EXPECTED_UIDS.put("lake-breadcrumbs", "lake: breadcrumbs: Writer");
        EXPECTED_UIDS.put(
                "lake-breadcrumbs: FileSinkCompactorCoordinator",
                "lake: breadcrumbs: CompactorCoordinator");
        EXPECTED_UIDS.put(
                "lake-breadcrumbs: FileSinkCompactorOperator",
                "lake: breadcrumbs: CompactorOperator");
        EXPECTED_UIDS.put(
                "lake-breadcrumbs: glue-breadcrumbs-partitions",
                "lake: breadcrumbs: glue: breadcrumbs partitions");
        EXPECTED_UIDS.put(
                "lake-breadcrumbs: lake-breadcrumbs-committed-partitions",
                "lake: breadcrumbs: lake: breadcrumbs committed partitions");
        EXPECTED_UIDS.put("lake-dead_letter", "lake: dead_letter: Writer");
        EXPECTED_UIDS.put(
                "lake-dead_letter: FileSinkCompactorCoordinator",
                "lake: dead_letter: CompactorCoordinator");
        EXPECTED_UIDS.put(
                "lake-dead_letter: FileSinkCompactorOperator",
                "lake: dead_letter: CompactorOperator");
        EXPECTED_UIDS.put(
                "lake-dead_letter: glue-dead_letter-partitions",
                "lake: dead_letter: glue: dead_letter partitions");
        EXPECTED_UIDS.put(
                "lake-dead_letter: lake-dead_letter-committed-partitions",
                "lake: dead_letter: lake: dead_letter committed partitions");
        EXPECTED_UIDS.put("lake-readings", "lake: readings: Writer");
        EXPECTED_UIDS.put(
                "lake-readings: FileSinkCompactorCoordinator",
                "lake: readings: CompactorCoordinator");
        EXPECTED_UIDS.put(
                "lake-readings: FileSinkCompactorOperator", "lake: readings: CompactorOperator");
        EXPECTED_UIDS.put(
                "lake-readings: glue-readings-partitions",
                "lake: readings: glue: readings partitions");
        EXPECTED_UIDS.put(
                "lake-readings: lake-readings-committed-partitions",
                "lake: readings: lake: readings committed partitions");
        EXPECTED_UIDS.put("lake-topk", "lake: topk: Writer");
        EXPECTED_UIDS.put(
                "lake-topk: FileSinkCompactorCoordinator", "lake: topk: CompactorCoordinator");
        EXPECTED_UIDS.put("lake-topk: FileSinkCompactorOperator", "lake: topk: CompactorOperator");
        EXPECTED_UIDS.put("lake-topk: glue-topk-partitions", "lake: topk: glue: topk partitions");
        EXPECTED_UIDS.put(
                "lake-topk: lake-topk-committed-partitions",
                "lake: topk: lake: topk committed partitions");
        EXPECTED_UIDS.put("readings-watermarks", "readings: event time");
        EXPECTED_UIDS.put("registry-breadcrumbs", "registry: breadcrumbs");
        EXPECTED_UIDS.put("registry-readings", "registry: readings");
        EXPECTED_UIDS.put("source-files", "Source: source: files");
        EXPECTED_UIDS.put("source-simulator", "Source: source: simulator");
        EXPECTED_UIDS.put("timestream-breadcrumbs", "timestream: positions");
        EXPECTED_UIDS.put(
                "timestream-breadcrumbs-rejected-records",
                "timestream: positions: rejected records");
        EXPECTED_UIDS.put("timestream-readings", "timestream: readings");
        EXPECTED_UIDS.put(
                "timestream-readings-rejected-records", "timestream: readings: rejected records");
        EXPECTED_UIDS.put("topk-console", "topk: console: Writer");
        EXPECTED_UIDS.put("topk-count-items", "topk: count items");
        EXPECTED_UIDS.put("topk-late-breadcrumbs", "topk: late breadcrumbs");
        EXPECTED_UIDS.put("topk-late-readings", "topk: late readings");
        EXPECTED_UIDS.put("topk-local-breadcrumbs", "topk: local counts (breadcrumbs)");
        EXPECTED_UIDS.put("topk-rank", "topk: rank");
        // Added by the rollups output (issue 25); the uids above are unchanged.
        EXPECTED_UIDS.put("Sink Committer: lake-readings_1m", "lake: readings_1m: Committer");
        EXPECTED_UIDS.put("lake-readings_1m", "lake: readings_1m: Writer");
        EXPECTED_UIDS.put(
                "lake-readings_1m: FileSinkCompactorCoordinator",
                "lake: readings_1m: CompactorCoordinator");
        EXPECTED_UIDS.put(
                "lake-readings_1m: FileSinkCompactorOperator",
                "lake: readings_1m: CompactorOperator");
        EXPECTED_UIDS.put(
                "lake-readings_1m: glue-readings_1m-partitions",
                "lake: readings_1m: glue: readings_1m partitions");
        EXPECTED_UIDS.put(
                "lake-readings_1m: lake-readings_1m-committed-partitions",
                "lake: readings_1m: lake: readings_1m committed partitions");
        EXPECTED_UIDS.put("Sink Committer: lake-readings_1h", "lake: readings_1h: Committer");
        EXPECTED_UIDS.put("lake-readings_1h", "lake: readings_1h: Writer");
        EXPECTED_UIDS.put(
                "lake-readings_1h: FileSinkCompactorCoordinator",
                "lake: readings_1h: CompactorCoordinator");
        EXPECTED_UIDS.put(
                "lake-readings_1h: FileSinkCompactorOperator",
                "lake: readings_1h: CompactorOperator");
        EXPECTED_UIDS.put(
                "lake-readings_1h: glue-readings_1h-partitions",
                "lake: readings_1h: glue: readings_1h partitions");
        EXPECTED_UIDS.put(
                "lake-readings_1h: lake-readings_1h-committed-partitions",
                "lake: readings_1h: lake: readings_1h committed partitions");
        EXPECTED_UIDS.put("Sink Committer: lake-breadcrumbs_1m", "lake: breadcrumbs_1m: Committer");
        EXPECTED_UIDS.put("lake-breadcrumbs_1m", "lake: breadcrumbs_1m: Writer");
        EXPECTED_UIDS.put(
                "lake-breadcrumbs_1m: FileSinkCompactorCoordinator",
                "lake: breadcrumbs_1m: CompactorCoordinator");
        EXPECTED_UIDS.put(
                "lake-breadcrumbs_1m: FileSinkCompactorOperator",
                "lake: breadcrumbs_1m: CompactorOperator");
        EXPECTED_UIDS.put(
                "lake-breadcrumbs_1m: glue-breadcrumbs_1m-partitions",
                "lake: breadcrumbs_1m: glue: breadcrumbs_1m partitions");
        EXPECTED_UIDS.put(
                "lake-breadcrumbs_1m: lake-breadcrumbs_1m-committed-partitions",
                "lake: breadcrumbs_1m: lake: breadcrumbs_1m committed partitions");
        EXPECTED_UIDS.put("rollup-breadcrumbs-1m", "rollup: breadcrumbs_1m");
        EXPECTED_UIDS.put("rollup-identified-vehicles", "rollup: identified vehicles");
        EXPECTED_UIDS.put("rollup-measure-samples", "rollup: measure samples");
        EXPECTED_UIDS.put("rollup-readings-1h", "rollup: readings_1h");
        EXPECTED_UIDS.put("rollup-readings-1m", "rollup: readings_1m");
    }

    private List<String> tablesWritten(FleetlakeConfig config) {
        List<String> asked = new ArrayList<>();
        JobStreams.LakeSinks recording =
                new JobStreams.LakeSinks() {
                    @Override
                    public <T> Sink<T> create(LakeTableSchema<T> schema) {
                        asked.add(schema.tableName());
                        return new DiscardingSink<>();
                    }
                };
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FleetlakeJob.configure(env, config);
        new FleetlakeJob(
                        config,
                        MessageSources.fromConfig(config, 0L),
                        new FleetlakeSinks(
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                recording))
                .addTo(env);
        return asked;
    }

    private static List<String> tableNames(List<LakeTableSchema<?>> tables) {
        return tables.stream().map(LakeTableSchema::tableName).collect(Collectors.toList());
    }

    /** Every source kind that needs no server, the registry, and every output. */
    private Map<String, Map<String, String>> allOutputs() throws Exception {
        Files.writeString(dir.resolve("registry.jsonl"), "{\"thing_name\":\"a\"}\n");
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("fences.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[]}");
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Simulator", Map.of("events", "10"));
        groups.put("Source.Files", Map.of("path", dir.resolve("in").toString()));
        groups.put("Registry", Map.of("path", dir.resolve("registry.jsonl").toString()));
        groups.put("Lake", Map.of("path", dir.resolve("lake").toString()));
        groups.put("Glue", Map.of("endpoint", "http://127.0.0.1:1", "region", "eu-west-1"));
        groups.put("TopK", Map.of("print-rows", "3"));
        groups.put(
                "Timestream",
                Map.of(
                        "database",
                        "fleet",
                        "table",
                        "readings",
                        "breadcrumbs-table",
                        "positions",
                        "region",
                        "eu-west-1",
                        "endpoint",
                        "http://127.0.0.1:1"));
        groups.put(
                "Influx",
                Map.of(
                        "url",
                        "http://127.0.0.1:1",
                        "api",
                        "v1",
                        "database",
                        "fleet",
                        "measurement-breadcrumbs",
                        "position"));
        groups.put(
                "Alerts",
                Map.of("geofences", dir.resolve("fences.geojson").toString(), "print", "true"));
        groups.put("Alerts.Mqtt", Map.of("broker", "tcp://127.0.0.1:1"));
        groups.put(
                "Alerts.Sns",
                Map.of(
                        "topic-arn",
                        "arn:aws:sns:eu-west-1:111122223333:alerts",
                        "endpoint",
                        "http://127.0.0.1:1"));
        return groups;
    }
}
