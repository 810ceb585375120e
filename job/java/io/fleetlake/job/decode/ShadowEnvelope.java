package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Where a document's readings are: the reported state of an AWS IoT shadow document ({@code
 * current.state.reported}), shadow update ({@code state.reported}) or bare {@code reported} object,
 * else the document itself; and the shadow version.
 */
final class ShadowEnvelope {
    /** Fields of a shadow document that are its structure, not context. */
    static final Set<String> DOCUMENT_FIELDS =
            Set.of(
                    "previous",
                    "current",
                    "state",
                    "metadata",
                    "reported",
                    "desired",
                    "delta",
                    "clientToken");

    /** The whole document. */
    final JsonFields root;

    /**
     * The object holding the readings: the reported state, or {@link #root} when the document is no
     * shadow.
     */
    final JsonFields body;

    final Long version;

    private ShadowEnvelope(JsonFields root, JsonFields body, Long version) {
        this.root = root;
        this.body = body;
        this.version = version;
    }

    /** True when the readings are inside a shadow document, with context around them. */
    boolean isEnvelope() {
        return body != root;
    }

    /** A flat object (no nested values): no envelope, version from its own field. */
    static ShadowEnvelope flat(JsonFields object) {
        return new ShadowEnvelope(object, object, longOrNull(object.get("version")));
    }

    /** Looks for the reported state in a document. */
    static ShadowEnvelope of(ObjectNode document) {
        TreeFields root = new TreeFields(document);
        JsonNode current = document.path("current");
        ObjectNode reported = null;
        Long version = null;
        if (current.path("state").path("reported").isObject()) {
            reported = (ObjectNode) current.path("state").path("reported");
            version = longOrNull(current.get("version"));
        } else if (document.path("state").path("reported").isObject()) {
            reported = (ObjectNode) document.path("state").path("reported");
            version = longOrNull(document.get("version"));
        } else if (document.path("reported").isObject()) {
            reported = (ObjectNode) document.path("reported");
            version = longOrNull(document.get("version"));
        }
        if (reported == null) {
            return flat(root);
        }
        if (version == null) {
            version = longOrNull(current.get("version"));
        }
        if (version == null) {
            version = longOrNull(reported.get("version"));
        }
        return new ShadowEnvelope(root, new TreeFields(reported), version);
    }

    private static Long longOrNull(JsonNode v) {
        Double d = Numbers.asDouble(v);
        return d == null ? null : d.longValue();
    }
}
