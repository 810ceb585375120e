package io.fleetlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.config.FleetlakeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails when any operator of the full job graph (every source, registry, TOP-K, every sink) would
 * serialize a record with Kryo: generic serialization is slow and breaks savepoint compatibility
 * silently.
 */
class NoGenericSerializationTest {
    @TempDir Path dir;

    @Test
    void everyEdgeOfTheFullGraphHasADeclaredSerializer() throws Exception {
        Files.writeString(dir.resolve("registry.jsonl"), "{\"thing_name\":\"a\"}\n");
        Files.createDirectories(dir.resolve("in"));
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put("Source.Simulator", Map.of("events", "10"));
        groups.put("Source.Files", Map.of("path", dir.resolve("in").toString()));
        groups.put("Registry", Map.of("path", dir.resolve("registry.jsonl").toString()));
        groups.put("Lake", Map.of("path", dir.resolve("lake").toString()));
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
        Files.writeString(
                dir.resolve("fences.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[]}");
        groups.put("Alerts", Map.of("geofences", dir.resolve("fences.geojson").toString()));
        groups.put("Alerts.Mqtt", Map.of("broker", "tcp://127.0.0.1:1"));
        groups.put(
                "Alerts.Sns",
                Map.of(
                        "topic-arn",
                        "arn:aws:sns:eu-west-1:111122223333:alerts",
                        "endpoint",
                        "http://127.0.0.1:1"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // Building the graph with generic types disabled already throws on a Kryo fallback ...
        FleetlakeApplication.build(env, FleetlakeConfig.of(groups), 0L);
        StreamGraph graph = env.getStreamGraph();
        // ... and this names the operator if a serializer is Kryo in any other way.
        List<String> kryo = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            List<TypeSerializer<?>> serializers = new ArrayList<>();
            serializers.add(node.getTypeSerializerOut());
            for (TypeSerializer<?> in : node.getTypeSerializersIn()) {
                serializers.add(in);
            }
            for (TypeSerializer<?> s : serializers) {
                if (s != null && containsKryo(s)) {
                    kryo.add(node.getOperatorName() + ": " + s);
                }
            }
        }
        assertThat(graph.getStreamNodes()).hasSizeGreaterThan(10);
        assertThat(kryo).as("operators using Kryo").isEmpty();
    }

    @Test
    void theCheckDetectsKryoNestedInAPojo() {
        TypeSerializer<?> s =
                org.apache.flink.api.common.typeinfo.TypeInformation.of(PojoWithGenericField.class)
                        .createSerializer(
                                new org.apache.flink.api.common.serialization
                                        .SerializerConfigImpl());
        assertThat(containsKryo(s)).isTrue();
    }

    /** A POJO whose field type Flink cannot analyse (falls back to Kryo): the positive control. */
    public static class PojoWithGenericField {
        public java.util.concurrent.atomic.AtomicLong counter;
    }

    /**
     * True when the serializer, or any serializer nested in it, is Kryo (found in its
     * Java-serialized form).
     */
    static boolean containsKryo(TypeSerializer<?> s) {
        if (s instanceof KryoSerializer) {
            return true;
        }
        try (java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(s);
            out.flush();
            return new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains(KryoSerializer.class.getName());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
