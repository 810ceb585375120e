package io.fleetlake.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads property groups in the JSON shape Managed Service for Apache Flink uses for runtime
 * properties: {@code [{"PropertyGroupId": "...", "PropertyMap": {"key": "value", ...}}, ...]}, or
 * that array as {@code {"PropertyGroups": [...]}} (the shape of MSF's CLI input). The same file
 * works locally ({@code --properties FILE}) and as the application's runtime properties on MSF.
 */
public final class PropertyGroups {
    private PropertyGroups() {}

    /** Reads a property-group file. Fails with the file name and what is wrong in it. */
    public static Map<String, Map<String, String>> readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("properties file not found: " + file);
        }
        return parse(readTree(file), file.toString());
    }

    /**
     * The file's JSON. Invalid JSON fails with one line: the file, the line and column, and what
     * the parser expected there (a trailing comma is the usual cause), without Jackson's source
     * excerpt.
     */
    public static JsonNode readTree(Path file) throws IOException {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new IOException(
                    "properties file "
                            + file
                            + " is not valid JSON"
                            + (at == null
                                    ? ""
                                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                            + ": "
                            + e.getOriginalMessage().replaceAll("\\s+", " ")
                            + " (fix the JSON there: a trailing comma or a missing quote is the usual"
                            + " cause)",
                    e);
        }
    }

    /**
     * The group array of a property-group document: the bare array, or the {@code
     * {"PropertyGroups": [...]}} object MSF's CLI takes in {@code create-application} input; null
     * if it is neither.
     */
    public static JsonNode groupArray(JsonNode root) {
        if (root != null && root.isObject() && root.size() == 1 && root.has("PropertyGroups")) {
            return root.get("PropertyGroups");
        }
        return root;
    }

    /** Parses the MSF property-group JSON shape. */
    public static Map<String, Map<String, String>> parse(JsonNode document, String where)
            throws IOException {
        JsonNode root = groupArray(document);
        if (root == null || !root.isArray()) {
            throw new IOException(
                    where
                            + ": expected a JSON array of {\"PropertyGroupId\", \"PropertyMap\"} objects"
                            + " (or {\"PropertyGroups\": [...]}, as MSF's CLI takes them)");
        }
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        for (JsonNode g : root) {
            JsonNode id = g.get("PropertyGroupId");
            JsonNode map = g.get("PropertyMap");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw new IOException(where + ": a group has no \"PropertyGroupId\": " + g);
            }
            if (map != null && !map.isObject()) {
                throw new IOException(
                        where
                                + ": \"PropertyMap\" of group '"
                                + id.asText()
                                + "' is not an object");
            }
            if (groups.containsKey(id.asText())) {
                throw new IOException(
                        where + ": property group '" + id.asText() + "' appears twice");
            }
            Map<String, String> values = new LinkedHashMap<>();
            if (map != null) {
                Iterator<Map.Entry<String, JsonNode>> it = map.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        throw new IOException(
                                where
                                        + ": value of '"
                                        + e.getKey()
                                        + "' in group '"
                                        + id.asText()
                                        + "' must be a string, number or boolean");
                    }
                    values.put(e.getKey(), e.getValue().asText());
                }
            }
            groups.put(id.asText(), values);
        }
        return groups;
    }
}
