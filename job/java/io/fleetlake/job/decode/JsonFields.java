package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiConsumer;

/**
 * The fields of one JSON object as the field rules read them: a Jackson tree ({@link TreeFields})
 * or a flat object parsed without one ({@link FlatJsonObject}). The rules see the same values
 * either way, so both paths give the same rows.
 */
interface JsonFields {
    /** The value of a field, or null when the object has no such field. */
    JsonNode get(String name);

    /** Each field in document order (a repeated name once, with its last value). */
    void forEach(BiConsumer<String, JsonNode> visitor);

    /** The value of the first of {@code names} that is present and not JSON null, or null. */
    default JsonNode firstPresent(Iterable<String> names) {
        for (String n : names) {
            JsonNode v = get(n);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }
}
