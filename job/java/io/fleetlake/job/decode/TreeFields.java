package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@link JsonFields} of a Jackson {@link ObjectNode}: shadow documents, nested and array payloads,
 * CSV rows.
 */
final class TreeFields implements JsonFields {
    final ObjectNode node;

    TreeFields(ObjectNode node) {
        this.node = node;
    }

    @Override
    public JsonNode get(String name) {
        return node.get(name);
    }

    @Override
    public void forEach(BiConsumer<String, JsonNode> visitor) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            visitor.accept(f.getKey(), f.getValue());
        }
    }
}
