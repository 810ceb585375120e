package io.fleetlake.connectors.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.fleetlake.connectors.files.ReloadingFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads a device registry reference file through Flink's file systems (local disk, {@code s3://}):
 * JSON lines (one object per line) or CSV with a header row. Each row is one device; its key is the
 * first non-empty of the configured key columns (e.g. {@code thing_name}, then {@code device_id});
 * every other non-empty value is an attribute. A row under several keys (thing name and device id
 * both set) is found by either.
 *
 * <p>A file that does not parse, or a row without a key, fails the whole read: a half-read registry
 * would silently un-enrich devices, so the caller keeps its previous version instead.
 */
public final class RegistryFileReader
        implements Serializable, ReloadingFile.Reader<RegistrySnapshot> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final List<String> keyColumns;

    public RegistryFileReader(String path, List<String> keyColumns) {
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("registry needs at least one key column");
        }
        this.path = path;
        this.keyColumns = List.copyOf(keyColumns);
    }

    @Override
    public String path() {
        return path;
    }

    /** The file's modification time, for change detection. */
    @Override
    public long modificationTime() throws IOException {
        Path p = new Path(path);
        FileStatus status = p.getFileSystem().getFileStatus(p);
        return status.getModificationTime();
    }

    /** Reads and parses the whole file. */
    @Override
    public RegistrySnapshot read() throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem();
        long modified = fs.getFileStatus(p).getModificationTime();
        Map<String, Map<String, String>> byKey = new HashMap<>();
        boolean csv = path.toLowerCase(Locale.ROOT).endsWith(".csv");
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
            if (csv) {
                readCsv(reader, byKey);
            } else {
                readJsonLines(reader, byKey);
            }
        }
        return new RegistrySnapshot(byKey, modified, System.currentTimeMillis());
    }

    private void readJsonLines(BufferedReader reader, Map<String, Map<String, String>> byKey)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (IOException e) {
                throw new IOException(path + ":" + n + ": not JSON: " + e.getMessage(), e);
            }
            if (!node.isObject()) {
                throw new IOException(path + ":" + n + ": expected a JSON object");
            }
            Map<String, String> row = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isNull()) {
                    row.put(
                            f.getKey(),
                            f.getValue().isValueNode()
                                    ? f.getValue().asText()
                                    : f.getValue().toString());
                }
            }
            add(row, path + ":" + n, byKey);
        }
    }

    private void readCsv(BufferedReader reader, Map<String, Map<String, String>> byKey)
            throws IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        int n = 1;
        try (MappingIterator<Map<String, String>> it =
                mapper.readerForMapOf(String.class).with(schema).readValues(reader)) {
            while (it.hasNextValue()) {
                n++;
                Map<String, String> row = new LinkedHashMap<>();
                it.nextValue()
                        .forEach(
                                (k, v) -> {
                                    if (v != null && !v.isEmpty()) {
                                        row.put(k.trim(), v.trim());
                                    }
                                });
                add(row, path + ":" + n, byKey);
            }
        } catch (RuntimeException e) {
            throw new IOException(path + ":" + n + ": bad CSV: " + e.getMessage(), e);
        }
    }

    private void add(Map<String, String> row, String where, Map<String, Map<String, String>> byKey)
            throws IOException {
        Map<String, String> attributes = new LinkedHashMap<>(row);
        boolean keyed = false;
        for (String k : keyColumns) {
            attributes.remove(k);
        }
        for (String k : keyColumns) {
            String key = row.get(k);
            if (key != null && !key.isEmpty()) {
                byKey.put(key, attributes);
                keyed = true;
            }
        }
        if (!keyed) {
            throw new IOException(where + ": row has none of the key columns " + keyColumns);
        }
    }
}
