package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.testing.CollectingOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDocumentsTest {
    private final JsonDocuments documents = new JsonDocuments();
    private final List<JsonNode> docs = new ArrayList<>();
    private final List<String> bytes = new ArrayList<>();
    private final CollectingOutput out = new CollectingOutput();

    private void split(byte[] payload) {
        documents.split(
                RawMessage.json("mqtt", "o", "t", 1L, payload),
                (d, b) -> {
                    docs.add(d);
                    bytes.add(new String(b, StandardCharsets.UTF_8));
                },
                out);
    }

    private void split(String payload) {
        split(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void concatenatedAndNewlineDelimitedDocumentsEachWithItsOwnBytes() {
        split("{\"a\":1}{\"a\":2}\n[3]\n");
        assertThat(docs).hasSize(3);
        assertThat(bytes).containsExactly("{\"a\":1}", "{\"a\":2}", "[3]");
        assertThat(out.deadLetters).isEmpty();
    }

    @Test
    void aBadLineOnlyTakesItselfWithIt() {
        split("{\"a\":1}\r\n{\"a\":\n\n  \n{\"a\":3}");
        assertThat(bytes).containsExactly("{\"a\":1}", "{\"a\":3}");
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reasonCode).isEqualTo("not_json");
                            assertThat(d.payload).isEqualTo("{\"a\":");
                        });
    }

    @Test
    void bytesThatAreNotUtf8AreBadEncodingWhenOtherwiseJson() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("{\"device_id\":\"".getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {(byte) 0xC3, 0x28});
        b.write("\",\"temperature\":1}".getBytes(StandardCharsets.UTF_8));
        byte[] doc = b.toByteArray();
        split(doc);
        assertThat(docs).isEmpty();
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reasonCode).isEqualTo("bad_encoding");
                            assertThat(d.reason).contains("byte 14");
                            assertThat(d.payloadEncoding).isEqualTo("base64");
                        });
    }

    @Test
    void aLineThatIsNotUtf8AmongGoodLines() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("{\"a\":1}\n{\"id\":\"".getBytes(StandardCharsets.UTF_8));
        b.write(0xFF);
        b.write("\"}\n\u00ff junk \u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        split(b.toByteArray());
        assertThat(bytes).containsExactly("{\"a\":1}");
        assertThat(out.deadLetters)
                .extracting(d -> d.reasonCode)
                .containsExactly("bad_encoding", "not_json");
    }

    @Test
    void binaryIsNotJson() {
        split(new byte[] {(byte) 0xff, (byte) 0xfe, 0x01, 0x02});
        assertThat(out.deadLetters)
                .singleElement()
                .satisfies(d -> assertThat(d.reasonCode).isEqualTo("not_json"));
    }
}
