package io.fleetlake.tools.ddl;

import io.fleetlake.connectors.lake.LakeColumn;
import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.DeadLetterReason;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The lake contract's tables and dead-letter reason codes as Markdown, from the same definitions
 * that write the Parquet files ({@link LakeTables}) and the reasons the job assigns ({@link
 * DeadLetterReason}). {@code docs/architecture.md} holds this output between markers; {@code
 * LakeContractTest} fails when a table, column or reason is added without it.
 */
public final class LakeContract {
    private LakeContract() {}

    /** One section per table (column, type, meaning), then the reason codes. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        for (LakeTableSchema<?> schema : LakeTables.all()) {
            sb.append("### `").append(schema.tableName()).append("`\n\n");
            sb.append("| column | type | meaning |\n|---|---|---|\n");
            for (LakeColumn<?> c : schema.columns()) {
                sb.append("| `")
                        .append(c.name())
                        .append("` | ")
                        .append(c.type().hiveType())
                        .append(" | ")
                        .append(c.comment() == null ? "" : c.comment().replace("|", "\\|"))
                        .append(" |\n");
            }
            sb.append('\n');
        }
        sb.append("### Dead-letter reason codes (`dead_letter.reason_code`)\n\n");
        sb.append(
                Arrays.stream(DeadLetterReason.values())
                        .map(r -> "`" + r.code() + "`")
                        .collect(Collectors.joining(", ")));
        sb.append('\n');
        return sb.toString();
    }
}
