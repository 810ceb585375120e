package io.fleetlake;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.ClassLinkage;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployable (shaded) jar that MSF and Flink clusters run, checked after {@code package}
 * (maven-failsafe, in {@code mvn verify}): it holds the job and its connectors, not the local
 * tooling ({@code job/tools}), not Flink (provided by the cluster), not test or benchmark
 * libraries; and every job class in it links against the jar plus what the cluster provides (the
 * 'provided' scope) and nothing else.
 */
class DeployableJarIT {
    private static final String MAIN_CLASS = "io.fleetlake.job.FleetlakeApplication";

    /**
     * Entry prefixes that must not ship: tooling, Flink itself, test/benchmark libraries, producer
     * binaries.
     */
    private static final List<String> FORBIDDEN =
            List.of(
                    "io/fleetlake/tools/",
                    "fleetlake-tools/",
                    "log4j2.properties",
                    "org/apache/flink/streaming/api/",
                    "org/apache/flink/runtime/",
                    "org/apache/flink/api/common/",
                    "org/apache/flink/table/",
                    "org/junit/",
                    "org/assertj/",
                    "com/github/tomakehurst/",
                    "org/wiremock/",
                    "com/hivemq/embedded/",
                    "org/testcontainers/",
                    "org/rocksdb/",
                    "org/duckdb/",
                    "org/openjdk/jmh/",
                    "org/bouncycastle/",
                    "amazon-kinesis-producer-native-binaries/");

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        // Failsafe names the artifact; target/ may hold other fleetlake-*.jar files (./fleetlake
        // packs its classes into target/fleetlake-classes.jar), so never pick "the one jar there".
        String artifact = System.getProperty("fleetlake.deployable.jar");
        assertThat(artifact)
                .as("system property fleetlake.deployable.jar (set by failsafe in pom.xml)")
                .isNotBlank();
        jar = Path.of(artifact);
        assertThat(jar).as("the shaded jar (mvn package)").isRegularFile();
        try (JarFile f = new JarFile(jar.toFile())) {
            entries = f.stream().map(e -> e.getName()).collect(Collectors.toList());
        }
    }

    @Test
    void holdsTheJobAndNotTheToolsFlinkOrTestLibraries() {
        assertThat(entries)
                .contains(
                        "io/fleetlake/job/FleetlakeApplication.class",
                        "io/fleetlake/connectors/kinesis/KinesisFactory.class",
                        "io/fleetlake/job/topk/TopKLocalCounter.class");
        assertThat(entries).filteredOn(e -> FORBIDDEN.stream().anyMatch(e::startsWith)).isEmpty();
    }

    @Test
    void manifestNamesTheApplication() throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            assertThat(f.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(MAIN_CLASS);
        }
    }

    /**
     * Loads every io.fleetlake class of the jar, resolving its fields, methods and constructors, in
     * a class loader that sees only the jar and the 'provided' class path: a dependency left out of
     * the jar by mistake fails here with the class that needs it.
     */
    @Test
    void everyJobClassLinksAgainstTheJarAndTheCluster() throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        String provided =
                Files.readString(Path.of("target/provided-classpath.txt"), StandardCharsets.UTF_8)
                        .trim();
        for (String entry : provided.split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        // The shade leaves out slf4j (artifactSet excludes): flink-dist carries it, though Maven
        // sees it as a
        // compile dependency of the connectors, so it is not on the provided class path.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("slf4j-api-")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        List<String> classes =
                entries.stream()
                        .filter(e -> e.startsWith("io/fleetlake/") && e.endsWith(".class"))
                        .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
                        .collect(Collectors.toList());
        assertThat(classes).hasSizeGreaterThan(100);
        assertThat(ClassLinkage.failures(urls, classes)).isEmpty();

        try (URLClassLoader loader =
                new URLClassLoader(
                        urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            Class<?> main = Class.forName(MAIN_CLASS, true, loader);
            Method m = main.getMethod("main", String[].class);
            assertThat(Modifier.isStatic(m.getModifiers())).isTrue();
        }
    }
}
