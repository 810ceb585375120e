package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.ClassLinkage;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class path {@code ./fleetlake} runs on: {@code target/classes} plus {@code
 * target/runtime-classpath.txt} and {@code target/provided-classpath.txt}, written in every build's
 * process-classes phase by pom.xml's executions of those names. It holds the job's dependencies
 * (runtime-scope ones included), Flink itself, the tools' 'provided' dependencies, and no test
 * library; every class of the job, connectors and tools links against it.
 */
class LauncherClasspathTest {
    /**
     * Jar name prefixes of libraries only tests use (test scope in pom.xml and what they bring).
     */
    private static final List<String> TEST_LIBRARIES =
            List.of(
                    "junit-",
                    "opentest4j-",
                    "assertj-core-",
                    "wiremock-",
                    "hivemq-community-edition-embedded-",
                    "hivemq-extension-sdk-",
                    "testcontainers-",
                    "rocksdbjni-",
                    "frocksdbjni-",
                    "flink-statebackend-rocksdb-",
                    "flink-test-utils-",
                    "curator-test-",
                    "jmh-",
                    "bcpkix-",
                    "bcprov-");

    private static List<Path> entries;

    @BeforeAll
    static void read() throws IOException {
        entries = new ArrayList<>();
        for (String name : List.of("runtime-classpath.txt", "provided-classpath.txt")) {
            Path file = Path.of("target", name);
            assertThat(file).as("written by 'mvn process-classes' (pom.xml)").exists();
            Arrays.stream(
                            Files.readString(file, StandardCharsets.UTF_8)
                                    .trim()
                                    .split(File.pathSeparator))
                    .filter(s -> !s.isBlank())
                    .map(Path::of)
                    .forEach(entries::add);
        }
    }

    @Test
    void holdsNoTestLibrary() {
        List<String> names = names();
        assertThat(names).filteredOn(n -> n.endsWith("-tests.jar")).isEmpty();
        assertThat(names)
                .filteredOn(n -> TEST_LIBRARIES.stream().anyMatch(n::startsWith))
                .as("test libraries on ./fleetlake's class path")
                .isEmpty();
    }

    @Test
    void holdsFlinkTheJobAndTheToolsDependencies() {
        assertThat(names())
                .anyMatch(n -> n.startsWith("flink-streaming-java-"))
                .anyMatch(n -> n.startsWith("flink-clients-"))
                .anyMatch(n -> n.startsWith("flink-runtime-web-"))
                .anyMatch(n -> n.startsWith("flink-table-planner-loader-"))
                .anyMatch(n -> n.startsWith("log4j-core-"))
                // the job's connectors
                .anyMatch(n -> n.startsWith("flink-connector-kinesis-"))
                .anyMatch(n -> n.startsWith("hivemq-mqtt-client-"))
                .anyMatch(n -> n.startsWith("parquet-hadoop-"))
                // runtime-scope dependencies: Parquet's shaded Jackson, the MQTT client's queues
                // and injection
                .anyMatch(n -> n.startsWith("parquet-jackson-"))
                .anyMatch(n -> n.startsWith("jctools-core-"))
                .anyMatch(n -> n.startsWith("dagger-"))
                // the tools: bench's Flink SQL alternative, the dashboard's DuckDB, the producers'
                // SDK v2 Kinesis
                // client
                .anyMatch(n -> n.startsWith("flink-json-"))
                .anyMatch(n -> n.startsWith("duckdb_jdbc-"))
                .anyMatch(n -> n.startsWith("kinesis-2."));
    }

    /**
     * Every compiled class (job, connectors, tools) resolves its fields, methods and constructors
     * there.
     */
    @Test
    void everyClassLinksAgainstIt() throws Exception {
        Path classes = Path.of("target/classes");
        List<URL> urls = new ArrayList<>();
        urls.add(classes.toUri().toURL());
        for (Path p : entries) {
            urls.add(p.toUri().toURL());
        }
        List<String> names;
        try (Stream<Path> files = Files.walk(classes.resolve("io/fleetlake"))) {
            names =
                    files.map(
                                    p ->
                                            classes.relativize(p)
                                                    .toString()
                                                    .replace(File.separatorChar, '/'))
                            .filter(n -> n.endsWith(".class"))
                            .map(
                                    n ->
                                            n.substring(0, n.length() - ".class".length())
                                                    .replace('/', '.'))
                            .collect(Collectors.toList());
        }
        assertThat(names)
                .anyMatch(n -> n.startsWith("io.fleetlake.tools."))
                .hasSizeGreaterThan(100);
        assertThat(ClassLinkage.failures(urls, names)).isEmpty();
    }

    @Test
    void everyEntryExists() {
        assertThat(entries).isNotEmpty().allMatch(Files::isRegularFile);
    }

    private static List<String> names() {
        return entries.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }
}
