package io.fleetlake.job.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.RawMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a JSON payload into its documents: one, several in a row (newline-delimited or
 * concatenated), or, when the payload as a whole is not a stream of JSON values but has several
 * lines, each line on its own so one bad line does not take the good ones with it. Bytes that are
 * not UTF-8 are {@link DeadLetterReason#BAD_ENCODING} when they would otherwise be JSON, {@link
 * DeadLetterReason#NOT_JSON} when not: no document is read through a decoder that hides bad bytes
 * as U+FFFD.
 */
final class JsonDocuments implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Receives each document with its own bytes (for its dead letter). */
    interface Sink {
        void document(JsonNode document, byte[] bytes);
    }

    private transient ObjectReader reader;

    ObjectReader reader() {
        if (reader == null) {
            // The fast double parser gives the same, correctly rounded doubles as
            // Double.parseDouble, in about
            // half the time. The pool belongs to this decoder (one per subtask): the default
            // thread-local pool
            // costs a ThreadLocal look-up per message, and a Flink task thread holds many thread
            // locals.
            JsonFactory factory =
                    JsonFactory.builder()
                            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                            .build();
            reader = new ObjectMapper(factory).readerFor(JsonNode.class);
        }
        return reader;
    }

    void split(RawMessage message, Sink sink, MessageOutput out) {
        split(message, Utf8.isValid(message.payload), sink, out);
    }

    /**
     * {@code validUtf8}: whether the payload is well-formed UTF-8, when the caller has checked
     * already.
     */
    void split(RawMessage message, boolean validUtf8, Sink sink, MessageOutput out) {
        byte[] payload = message.payload;
        if (!validUtf8) {
            if (containsNewline(payload)) {
                splitLines(message, sink, out);
            } else {
                out.deadLetter(encodingProblem(message, payload));
            }
            return;
        }
        List<JsonNode> docs = new ArrayList<>(1);
        // A parser loop, not readValues(): that would unwrap a root-level array into its elements.
        try (JsonParser parser = reader().createParser(payload)) {
            while (parser.nextToken() != null) {
                docs.add(reader().readTree(parser));
            }
        } catch (IOException | RuntimeException e) {
            if (containsNewline(payload)) {
                splitLines(message, sink, out);
            } else {
                out.deadLetter(DeadLetter.of(message, DeadLetterReason.NOT_JSON, jsonError(e)));
            }
            return;
        }
        for (JsonNode doc : docs) {
            sink.document(
                    doc,
                    docs.size() == 1 ? payload : doc.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Each line on its own (split on the raw bytes), bad ones dead-lettered. */
    private void splitLines(RawMessage message, Sink sink, MessageOutput out) {
        byte[] b = message.payload;
        int start = 0;
        while (start <= b.length) {
            int nl = start;
            while (nl < b.length && b[nl] != '\n') {
                nl++;
            }
            int end = nl > start && b[nl - 1] == '\r' ? nl - 1 : nl;
            byte[] line = Arrays.copyOfRange(b, start, end);
            start = nl + 1;
            if (Utf8.firstInvalid(line, 0, line.length) >= 0) {
                out.deadLetter(deadLetter(message, line, encodingProblem(message, line)));
                continue;
            }
            if (new String(line, StandardCharsets.UTF_8).isBlank()) {
                continue;
            }
            JsonNode doc;
            try {
                doc = reader().readTree(line);
            } catch (IOException | RuntimeException e) {
                out.deadLetter(
                        deadLetter(
                                message,
                                line,
                                DeadLetter.of(message, DeadLetterReason.NOT_JSON, jsonError(e))));
                continue;
            }
            sink.document(doc, line);
        }
    }

    /**
     * Bytes that are not UTF-8: bad_encoding when the text would be JSON with the bad bytes
     * replaced (the bytes are in its strings), else not_json.
     */
    private DeadLetter encodingProblem(RawMessage message, byte[] bytes) {
        int at = Utf8.firstInvalid(bytes, 0, bytes.length);
        try {
            reader().readTree(new String(bytes, StandardCharsets.UTF_8));
            return DeadLetter.of(
                    message, DeadLetterReason.BAD_ENCODING, "not valid UTF-8 at byte " + at);
        } catch (IOException | RuntimeException e) {
            return DeadLetter.of(message, DeadLetterReason.NOT_JSON, jsonError(e));
        }
    }

    private static DeadLetter deadLetter(RawMessage message, byte[] bytes, DeadLetter d) {
        if (bytes != message.payload) {
            d.setPayload(bytes);
        }
        return d;
    }

    static String jsonError(Exception e) {
        if (e instanceof JsonProcessingException) {
            return firstLine(((JsonProcessingException) e).getOriginalMessage());
        }
        return firstLine(e.getMessage());
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean containsNewline(byte[] b) {
        for (byte c : b) {
            if (c == '\n') {
                return true;
            }
        }
        return false;
    }
}
