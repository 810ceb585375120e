package io.fleetlake.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The lake check of {@code local-stack/smoke}, run from the test classpath: reads a lake written by
 * the job on the local Flink cluster with DuckDB ({@link LakeReader}) and says whether every
 * expected source arrived.
 *
 * <pre>
 * java -cp ... io.fleetlake.testing.LakeCheck LAKE_DIR SOURCE[,SOURCE...]
 * </pre>
 *
 * Exit status 0 when each expected source has rows in {@code readings} or {@code breadcrumbs},
 * every committed file reads back, no visible file lacks the {@code .parquet} suffix and Fahrenheit
 * is right on every reading; 1 when not (yet): the smoke test polls it. 2 on bad arguments.
 */
public final class LakeCheck {
    private static final List<String> TABLES =
            List.of("readings", "breadcrumbs", "dead_letter", "topk");

    private LakeCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LakeCheck LAKE_DIR SOURCE[,SOURCE...]");
            System.exit(2);
        }
        List<String> problems =
                check(Paths.get(args[0]), Arrays.asList(args[1].split(",")), System.out);
        problems.forEach(p -> System.out.println("lake check: " + p));
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /**
     * Checks the lake, printing what it finds; returns what is wrong or missing (empty: all good).
     */
    static List<String> check(Path lake, List<String> sources, PrintStream out) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Long> bySource = new LinkedHashMap<>();
        sources.forEach(s -> bySource.put(s, 0L));
        try (LakeReader reader = new LakeReader(lake)) {
            for (String table : TABLES) {
                List<Path> files = visibleFiles(lake.resolve(table));
                List<Path> strays =
                        files.stream()
                                .filter(f -> !f.getFileName().toString().endsWith(".parquet"))
                                .collect(Collectors.toList());
                if (!strays.isEmpty()) {
                    problems.add(table + ": visible files without the .parquet suffix: " + strays);
                }
                long parquet = files.size() - strays.size();
                if (parquet == 0) {
                    out.printf("%-12s no committed files%n", table);
                    continue;
                }
                long rows = reader.count("SELECT count(*) FROM {" + table + "}");
                StringBuilder line =
                        new StringBuilder(
                                String.format("%-12s %,d rows in %d files", table, rows, parquet));
                if (!table.equals("topk")) {
                    for (Map<String, Object> r :
                            reader.query(
                                    "SELECT source AS s, count(*) AS n FROM {"
                                            + table
                                            + "} GROUP BY 1 ORDER BY 1")) {
                        String s = String.valueOf(r.get("s"));
                        long n = ((Number) r.get("n")).longValue();
                        line.append(String.format(" | %s %,d", s, n));
                        if (!table.equals("dead_letter") && bySource.containsKey(s)) {
                            bySource.merge(s, n, Long::sum);
                        }
                    }
                }
                out.println(line);
                if (table.equals("readings")) {
                    long wrong =
                            reader.count(
                                    "SELECT count(*) FROM {readings} WHERE temperature IS NOT NULL AND "
                                            + "abs(temperature_fahrenheit - (temperature * 9 / 5 + 32)) > 1e-9");
                    if (wrong > 0) {
                        problems.add(
                                "readings: " + wrong + " rows with a wrong temperature_fahrenheit");
                    }
                }
            }
        }
        bySource.forEach(
                (s, n) -> {
                    if (n == 0) {
                        problems.add("no readings or breadcrumbs from source '" + s + "' yet");
                    }
                });
        return problems;
    }

    private static List<Path> visibleFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            // In-progress and pending files are hidden (dot-prefixed) until their checkpoint
            // commits them.
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().startsWith("_"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
