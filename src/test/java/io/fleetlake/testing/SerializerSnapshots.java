package io.fleetlake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Serializer migration checks, as Flink's own {@code *SerializerMigrationTest}s do: the bytes a
 * {@link SimpleVersionedSerializer} wrote for a known value are committed, one file per version
 * ({@code src/test/resources/serializer-snapshots/<name>-v<version>.bin}), and the current code
 * must read every committed version back to that value. Bumping a serializer's version without
 * committing the new version's bytes fails; changing a version's format without bumping it fails.
 *
 * <p>Write the current version's file (once, when a version is added) by running the test with
 * {@code -Dfleetlake.snapshots.write=true}; never rewrite an existing one.
 */
public final class SerializerSnapshots {
    static final Path DIR = Paths.get("src/test/resources/serializer-snapshots");
    private static final Pattern FILE = Pattern.compile("(.+)-v(\\d+)\\.bin");

    private SerializerSnapshots() {}

    /**
     * @param name the snapshot's name (the serialized type)
     * @param serializer the current serializer
     * @param sample the value every committed version holds
     * @param same asserts that a restored value (second argument) equals the sample (first)
     */
    public static <T> void check(
            String name, SimpleVersionedSerializer<T> serializer, T sample, BiConsumer<T, T> same)
            throws IOException {
        Path current = DIR.resolve(name + "-v" + serializer.getVersion() + ".bin");
        if (Boolean.getBoolean("fleetlake.snapshots.write") && !Files.exists(current)) {
            Files.createDirectories(DIR);
            Files.write(current, serializer.serialize(sample));
        }
        assertThat(current)
                .as(
                        "committed bytes of %s version %d (write them once with"
                                + " -Dfleetlake.snapshots.write=true)",
                        name, serializer.getVersion())
                .exists();
        List<Path> versions;
        try (Stream<Path> files = Files.list(DIR)) {
            versions =
                    files.filter(
                                    p -> {
                                        Matcher m = FILE.matcher(p.getFileName().toString());
                                        return m.matches() && m.group(1).equals(name);
                                    })
                            .sorted()
                            .collect(Collectors.toList());
        }
        for (Path file : versions) {
            Matcher m = FILE.matcher(file.getFileName().toString());
            assertThat(m.matches()).isTrue();
            int version = Integer.parseInt(m.group(2));
            T restored = serializer.deserialize(version, Files.readAllBytes(file));
            same.accept(sample, restored);
        }
        // And the current code reads what it writes.
        same.accept(
                sample,
                serializer.deserialize(serializer.getVersion(), serializer.serialize(sample)));
    }
}
