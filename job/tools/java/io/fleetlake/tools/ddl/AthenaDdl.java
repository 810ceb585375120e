package io.fleetlake.tools.ddl;

import io.fleetlake.connectors.lake.HiveDdl;
import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.lake.LakeTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes {@code sql/athena/<table>.sql} for every lake table, with a {@code ${LAKE}} placeholder
 * for the lake root. The committed files are this output (a test compares them), so regenerate
 * after changing {@link LakeTables}: {@code ./fleetlake athena-ddl sql/athena}.
 */
public final class AthenaDdl {
    /** Replaced by the lake root (e.g. s3://bucket/prefix) before running the DDL. */
    public static final String LAKE_PLACEHOLDER = "${LAKE}";

    /** The Glue/Athena database name used in the files. */
    public static final String DATABASE = "fleetlake";

    private AthenaDdl() {}

    /** The DDL of one table. */
    public static String ddl(LakeTableSchema<?> schema) {
        return "-- Generated from io.fleetlake.job.lake.LakeTables by AthenaDdl; do not edit by hand.\n"
                + "-- Replace ${LAKE} with the lake root, e.g. s3://my-bucket/fleet. Partitions are registered by\n"
                + "-- the job (Glue group) or with: MSCK REPAIR TABLE `"
                + DATABASE
                + "`.`"
                + schema.tableName()
                + "`;\n"
                + HiveDdl.createTable(
                        DATABASE, schema, LAKE_PLACEHOLDER + "/" + schema.tableName() + "/");
    }

    /** Writes every table's DDL into {@code dir}. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (LakeTableSchema<?> schema : LakeTables.all()) {
            Files.write(
                    dir.resolve(schema.tableName() + ".sql"),
                    ddl(schema).getBytes(StandardCharsets.UTF_8));
        }
    }

    public static void main(String[] args) throws IOException {
        write(Paths.get(args.length > 0 ? args[0] : "sql/athena"));
    }
}
