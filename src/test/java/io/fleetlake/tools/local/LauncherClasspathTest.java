package io.fleetlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class path {@code ./fleetlake} runs on ({@code target/launcher-classpath.txt}, written in every build's
 * process-classes phase by pom.xml's {@code launcher-classpath} execution): the job's dependencies, Flink itself,
 * the tools' 'provided' dependencies, and no test library.
 */
class LauncherClasspathTest {
    /** Jar name prefixes of libraries only tests use (test scope in pom.xml and what they bring). */
    private static final List<String> TEST_LIBRARIES = List.of(
            "junit-", "opentest4j-", "assertj-core-", "wiremock-", "hivemq-community-edition-embedded-",
            "testcontainers-", "rocksdbjni-", "frocksdbjni-", "flink-statebackend-rocksdb-", "flink-test-utils-",
            "curator-test-", "duckdb_jdbc-", "jmh-", "bcpkix-", "bcprov-");

    private static List<Path> entries;

    @BeforeAll
    static void read() throws IOException {
        Path file = Path.of("target/launcher-classpath.txt");
        assertThat(file).as("written by 'mvn process-classes' (pom.xml, execution launcher-classpath)").exists();
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        entries = Arrays.stream(text.split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .collect(Collectors.toList());
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
                // the tools: bench's Flink SQL alternative, the producers' SDK v2 Kinesis client
                .anyMatch(n -> n.startsWith("flink-json-"))
                .anyMatch(n -> n.startsWith("kinesis-2."));
    }

    @Test
    void everyEntryExists() {
        assertThat(entries).isNotEmpty().allMatch(Files::isRegularFile);
    }

    private static List<String> names() {
        return entries.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }
}
