package io.fleetlake.testing;

import java.nio.file.Paths;
import java.util.Map;

/**
 * Command-line DuckDB read-back for the local-stack scripts: {@code LakeQuery LAKE_DIR SQL} prints
 * each result row as tab-separated values ({@code {readings}}-style placeholders as in {@link
 * LakeReader}).
 */
public final class LakeQuery {
    private LakeQuery() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LakeQuery LAKE_DIR SQL");
            System.exit(2);
        }
        try (LakeReader r = new LakeReader(Paths.get(args[0]))) {
            for (Map<String, Object> row : r.query(args[1])) {
                System.out.println(
                        String.join(
                                "\t",
                                row.values().stream().map(String::valueOf).toArray(String[]::new)));
            }
        }
    }
}
