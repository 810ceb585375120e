package io.fleetlake.job.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The decoder's fast path: a payload that is exactly one JSON object whose values are all scalars
 * (flat telemetry, measures and breadcrumb objects, the bulk of a fleet's traffic) read with
 * Jackson's streaming parser into arrays, without building a tree or going through data binding. An
 * object with nested values (shadow documents, {@code {ts,value}} arrays) continues into a tree
 * from its first nested value, in the same pass ({@link #read}). Anything else (several documents,
 * not an object, a syntax error) is left to the general path, which knows every shape and every
 * error: {@link #read} then returns null and nothing is lost but the attempt.
 *
 * <p>Values are the same Jackson scalar nodes the tree holds (int, long, big integer, double, text,
 * boolean, null), so the field rules give the same rows on both paths (DecoderPathsTest compares
 * them).
 */
final class FlatJsonObject implements JsonFields {
    /** More fields than this: not a common shape, the tree path takes it. */
    private static final int MAX_FIELDS = 256;

    private String[] names = new String[16];
    private int[] hashes = new int[16];
    private JsonNode[] values = new JsonNode[16];
    private int size;

    private FlatJsonObject() {}

    /**
     * The payload as one document, read in one pass: a flat object into arrays; an object with
     * nested values into a Jackson tree from the first nested value on (the scalars before it are
     * moved over), with the same parser. Null when the payload is anything else (several documents,
     * not an object, a syntax error): the general path ({@link JsonDocuments}) reads it again and
     * knows every shape and every error.
     */
    static ShadowEnvelope read(ObjectReader reader, byte[] payload) {
        FlatJsonObject o = new FlatJsonObject();
        try (JsonParser p = reader.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonNode value = scalar(p, p.nextToken());
                if (value == null || o.size == MAX_FIELDS || o.indexOf(name) >= 0) {
                    ObjectNode tree = o.toTree();
                    tree.set(name, reader.readTree(p));
                    return restAsTree(reader, p, tree);
                }
                o.add(name, value);
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return ShadowEnvelope.flat(o);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The rest of the object into the tree, as Jackson's tree reader would (a repeated name keeps
     * its last value).
     */
    private static ShadowEnvelope restAsTree(ObjectReader reader, JsonParser p, ObjectNode tree)
            throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            tree.set(name, reader.readTree(p));
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
            return null;
        }
        return ShadowEnvelope.of(tree);
    }

    private ObjectNode toTree() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < size; i++) {
            tree.set(names[i], values[i]);
        }
        return tree;
    }

    /**
     * The node the tree would hold for a scalar token; null for the start of an object or array.
     */
    private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return null;
        }
        switch (t) {
            case VALUE_STRING:
                return TextNode.valueOf(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return IntNode.valueOf(p.getIntValue());
                    case LONG:
                        return LongNode.valueOf(p.getLongValue());
                    default:
                        return BigIntegerNode.valueOf(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                double d = p.getDoubleValue();
                // The tree keeps numbers a double cannot hold as decimals; leave those to it.
                return Double.isFinite(d) ? DoubleNode.valueOf(d) : null;
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.getInstance();
            default:
                return null;
        }
    }

    private void add(String name, JsonNode value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        hashes[size] = name.hashCode();
        values[size] = value;
        size++;
    }

    private int indexOf(String name) {
        // Jackson interns field names, and the rules look up literals: the same string, usually.
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        int h = name.hashCode();
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h && names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public JsonNode get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public void forEach(BiConsumer<String, JsonNode> visitor) {
        for (int i = 0; i < size; i++) {
            visitor.accept(names[i], values[i]);
        }
    }
}
