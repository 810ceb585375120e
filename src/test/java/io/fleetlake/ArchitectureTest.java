package io.fleetlake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the source roots: {@code connectors/} knows nothing of the job, and neither the
 * job nor the connectors know the local tooling ({@code job/tools}), which the deployable jar
 * leaves out.
 */
class ArchitectureTest {

    @Test
    void connectorsImportNeitherTheJobNorTheTools() throws IOException {
        assertThat(
                        filesImporting(
                                Path.of("connectors/java"),
                                "io.fleetlake.job",
                                "io.fleetlake.tools"))
                .isEmpty();
    }

    @Test
    void theJobDoesNotImportTheTools() throws IOException {
        assertThat(filesImporting(Path.of("job/java"), "io.fleetlake.tools")).isEmpty();
    }

    private static List<String> filesImporting(Path root, String... packages) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(
                            p -> {
                                String text = read(p);
                                for (String pkg : packages) {
                                    if (text.contains("import " + pkg + ".")
                                            || text.contains("import static " + pkg + ".")) {
                                        return true;
                                    }
                                }
                                return false;
                            })
                    .map(Path::toString)
                    .collect(Collectors.toList());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
