package io.fleetlake.job.topk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The TOP-K Flink SQL of {@code sql/flink/} (shipped in the jar), with a spec's values filled in. */
public final class TopKStatements {
    static final String VIEWS = "sql/flink/topk_views.sql";
    static final String WINDOW = "sql/flink/topk_window.sql";

    private TopKStatements() {}

    /** The CREATE VIEW statements, one per element. */
    public static List<String> views() {
        List<String> statements = new ArrayList<>();
        for (String s : stripComments(load(VIEWS)).split(";")) {
            if (!s.isBlank()) {
                statements.add(s.trim());
            }
        }
        return statements;
    }

    /** The Window Top-N query of one spec. */
    public static String query(TopKSpec spec) {
        return stripComments(load(WINDOW))
                .replace("${spec}", spec.name)
                .replace("${table}", spec.table)
                .replace("${item}", spec.item)
                .replace("${filter}", spec.filter)
                .replace("${window_seconds}", Long.toString(spec.windowSeconds))
                .replace("${k}", Integer.toString(spec.k))
                .trim();
    }

    private static String stripComments(String sql) {
        StringBuilder sb = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.trim().startsWith("--")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static String load(String resource) {
        try (InputStream in = TopKStatements.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
