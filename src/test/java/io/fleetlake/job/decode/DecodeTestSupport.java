package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlake.job.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Small builders shared by the decoder's unit tests. */
final class DecodeTestSupport {
    static final long ARRIVAL = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    static final long NOW = Instant.parse("2026-03-01T10:00:05Z").toEpochMilli();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DecodeTestSupport() {}

    static ShadowEnvelope doc(String json) {
        try {
            return ShadowEnvelope.of((ObjectNode) MAPPER.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static RawMessage live(String topic, String json) {
        return RawMessage.json(
                "mqtt", topic, topic, ARRIVAL, json.getBytes(StandardCharsets.UTF_8));
    }

    static RawMessage file(String origin, String json) {
        return RawMessage.fromFile(
                origin,
                ARRIVAL,
                RawMessage.FORMAT_JSON,
                null,
                json.getBytes(StandardCharsets.UTF_8));
    }
}
