package io.fleetlake.connectors.glue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The Glue Data Catalog operations the lake needs, over one SDK v2 client: create the database and
 * tables if missing, add columns when a table's schema grew, and register partitions in batches.
 * Whole-call throttling and 5xx responses are retried by the client's retry strategy (see {@link
 * GlueCatalogFactory}); per-partition errors of a batch are reported back so the caller can try
 * those partitions again later.
 */
public final class GlueCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GlueCatalog.class);

    /** Glue's limit of partitions per BatchCreatePartition call. */
    public static final int MAX_PARTITIONS_PER_CALL = 100;

    static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    static final String INPUT_FORMAT =
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    static final String OUTPUT_FORMAT =
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    private static final int MAX_COMMENT = 255;

    private final GlueClient client;
    private final GlueSettings settings;

    GlueCatalog(GlueClient client, GlueSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Creates the database if it is missing. */
    public void ensureDatabase() {
        try {
            client.getDatabase(b -> b.catalogId(settings.catalogId()).name(settings.database()));
        } catch (EntityNotFoundException e) {
            try {
                client.createDatabase(
                        b ->
                                b.catalogId(settings.catalogId())
                                        .databaseInput(
                                                DatabaseInput.builder()
                                                        .name(settings.database())
                                                        .description("Fleetlake lake tables")
                                                        .build()));
                LOG.info("Created Glue database {}", settings.database());
            } catch (AlreadyExistsException raced) {
                // Another writer created it in between: that is what we wanted.
            }
        }
    }

    /**
     * When the table was created, or null when it (or its database) does not exist: a table dropped
     * and created again (by anyone) has another creation time.
     */
    public Instant tableCreateTime(GlueTableDefinition def) {
        try {
            Table t = getTable(def);
            // A catalog that reports no creation time: identity by name only.
            return t.createTime() == null ? Instant.EPOCH : t.createTime();
        } catch (EntityNotFoundException e) {
            return null;
        }
    }

    private Table getTable(GlueTableDefinition def) {
        return client.getTable(
                        b ->
                                b.catalogId(settings.catalogId())
                                        .databaseName(settings.database())
                                        .name(def.name()))
                .table();
    }

    /** What {@link #ensureTable} did. */
    public enum TableAction {
        CREATED,
        COLUMNS_ADDED,
        UNCHANGED
    }

    /**
     * Creates the table if it is missing (and its database), or appends the columns the definition
     * has and the table lacks. Never drops or retypes a column: the lake contract only ever adds
     * columns at the end.
     */
    public TableAction ensureTable(GlueTableDefinition def) {
        Table existing;
        try {
            existing = getTable(def);
        } catch (EntityNotFoundException e) {
            ensureDatabase();
            try {
                client.createTable(
                        b ->
                                b.catalogId(settings.catalogId())
                                        .databaseName(settings.database())
                                        .tableInput(tableInput(def)));
                LOG.info(
                        "Created Glue table {}.{} at {}",
                        settings.database(),
                        def.name(),
                        def.location());
                return TableAction.CREATED;
            } catch (AlreadyExistsException raced) {
                existing = getTable(def);
            }
        }
        List<Column> current =
                existing.storageDescriptor() == null
                                || existing.storageDescriptor().columns() == null
                        ? List.of()
                        : existing.storageDescriptor().columns();
        Set<String> have = new LinkedHashSet<>();
        current.forEach(c -> have.add(c.name().toLowerCase(Locale.ROOT)));
        List<Column> added = new ArrayList<>();
        for (GlueTableDefinition.Column c : def.columns()) {
            if (!have.contains(c.name.toLowerCase(Locale.ROOT))) {
                added.add(column(c));
            }
        }
        if (added.isEmpty()) {
            return TableAction.UNCHANGED;
        }
        List<Column> columns = new ArrayList<>(current);
        columns.addAll(added);
        StorageDescriptor sd =
                existing.storageDescriptor() == null
                        ? storageDescriptor(def, def.location()).toBuilder()
                                .columns(columns)
                                .build()
                        : existing.storageDescriptor().toBuilder().columns(columns).build();
        // UpdateTable replaces the whole definition: start from what the table has, change only the
        // columns.
        TableInput input =
                TableInput.builder()
                        .name(existing.name())
                        .description(existing.description())
                        .owner(existing.owner())
                        .retention(existing.retention())
                        .tableType(existing.tableType())
                        .parameters(existing.parameters())
                        .partitionKeys(existing.partitionKeys())
                        .storageDescriptor(sd)
                        .build();
        client.updateTable(
                b ->
                        b.catalogId(settings.catalogId())
                                .databaseName(settings.database())
                                .tableInput(input));
        LOG.info(
                "Added columns {} to Glue table {}.{}",
                added.stream().map(Column::name).toArray(),
                settings.database(),
                def.name());
        return TableAction.COLUMNS_ADDED;
    }

    /** The outcome of {@link #registerPartitions}. */
    public static final class Registration {
        /** Partition paths now in the catalog (created now, or already there). */
        public final Set<String> registered = new LinkedHashSet<>();

        /** Partition paths that failed, with the reason. */
        public final Map<String, String> failed = new LinkedHashMap<>();

        /** True when the table (or database) was not found: it must be created again first. */
        public boolean tableMissing;
    }

    /**
     * Registers partitions, at most {@value #MAX_PARTITIONS_PER_CALL} per call. A partition that
     * already exists counts as registered. Never throws for a catalog error: failures are returned.
     *
     * @param partitionPaths Hive partition paths relative to the table, e.g. {@code
     *     year=2024/month=04/day=18/hour=09}
     */
    public Registration registerPartitions(GlueTableDefinition def, List<String> partitionPaths) {
        Registration result = new Registration();
        for (int from = 0; from < partitionPaths.size(); from += MAX_PARTITIONS_PER_CALL) {
            List<String> chunk =
                    partitionPaths.subList(
                            from, Math.min(partitionPaths.size(), from + MAX_PARTITIONS_PER_CALL));
            Map<List<String>, String> byValues = new LinkedHashMap<>();
            List<PartitionInput> inputs = new ArrayList<>();
            for (String path : chunk) {
                List<String> values;
                try {
                    values = def.partitionValues(path);
                } catch (IllegalArgumentException e) {
                    result.failed.put(path, e.getMessage());
                    continue;
                }
                byValues.put(values, path);
                inputs.add(
                        PartitionInput.builder()
                                .values(values)
                                .storageDescriptor(
                                        storageDescriptor(def, def.partitionLocation(path)))
                                .build());
            }
            if (inputs.isEmpty()) {
                continue;
            }
            try {
                BatchCreatePartitionResponse response =
                        client.batchCreatePartition(
                                b ->
                                        b.catalogId(settings.catalogId())
                                                .databaseName(settings.database())
                                                .tableName(def.name())
                                                .partitionInputList(inputs));
                Set<String> failedHere = new LinkedHashSet<>();
                String unmapped = null;
                for (PartitionError error : response.errors()) {
                    String path = byValues.get(error.partitionValues());
                    String code =
                            error.errorDetail() == null ? null : error.errorDetail().errorCode();
                    if ("AlreadyExistsException".equals(code)) {
                        continue;
                    }
                    if (path == null) {
                        // An error we cannot map back to a partition of the call: none of them
                        // may be taken as registered (a retry is harmless: AlreadyExists).
                        unmapped = code + " for values " + error.partitionValues();
                        continue;
                    }
                    if ("EntityNotFoundException".equals(code)) {
                        result.tableMissing = true;
                    }
                    failedHere.add(path);
                    result.failed.put(
                            path,
                            code
                                    + ": "
                                    + (error.errorDetail() == null
                                            ? ""
                                            : error.errorDetail().errorMessage()));
                }
                for (String path : byValues.values()) {
                    if (unmapped != null && !failedHere.contains(path)) {
                        result.failed.put(path, "unmapped error in the same call: " + unmapped);
                    } else if (!failedHere.contains(path)) {
                        result.registered.add(path);
                    }
                }
            } catch (EntityNotFoundException e) {
                result.tableMissing = true;
                byValues.values()
                        .forEach(
                                p ->
                                        result.failed.put(
                                                p, "EntityNotFoundException: " + e.getMessage()));
            } catch (RuntimeException e) {
                // After the client's own retries: keep the partitions for the next attempt.
                byValues.values().forEach(p -> result.failed.put(p, e.toString()));
            }
        }
        return result;
    }

    static TableInput tableInput(GlueTableDefinition def) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("classification", "parquet");
        params.put("EXTERNAL", "TRUE");
        params.put("parquet.compression", def.compression());
        List<Column> keys = new ArrayList<>();
        for (String k : def.partitionKeys()) {
            keys.add(Column.builder().name(k).type("int").build());
        }
        return TableInput.builder()
                .name(def.name())
                .description(
                        "Fleetlake lake table "
                                + def.name()
                                + " (Parquet, Hive partitions by UTC hour)")
                .tableType("EXTERNAL_TABLE")
                .parameters(params)
                .partitionKeys(keys)
                .storageDescriptor(storageDescriptor(def, def.location()))
                .build();
    }

    static StorageDescriptor storageDescriptor(GlueTableDefinition def, String location) {
        List<Column> columns = new ArrayList<>();
        for (GlueTableDefinition.Column c : def.columns()) {
            columns.add(column(c));
        }
        return StorageDescriptor.builder()
                .columns(columns)
                .location(location)
                .inputFormat(INPUT_FORMAT)
                .outputFormat(OUTPUT_FORMAT)
                .compressed(false)
                .serdeInfo(
                        SerDeInfo.builder()
                                .serializationLibrary(SERDE)
                                .parameters(Map.of("serialization.format", "1"))
                                .build())
                .build();
    }

    private static Column column(GlueTableDefinition.Column c) {
        String comment =
                c.comment == null
                        ? null
                        : c.comment.length() <= MAX_COMMENT
                                ? c.comment
                                : c.comment.substring(0, MAX_COMMENT);
        return Column.builder().name(c.name).type(c.hiveType).comment(comment).build();
    }

    @Override
    public void close() {
        client.close();
    }
}
