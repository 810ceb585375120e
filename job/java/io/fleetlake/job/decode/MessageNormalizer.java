package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import java.io.Serializable;

/**
 * Turns one {@link RawMessage} into lake rows: every payload shape the fleet sends becomes {@link
 * Reading}s and/or a {@link Breadcrumb}, and anything it cannot read becomes a {@link DeadLetter}
 * with the reason. It never throws for bad input.
 *
 * <p>Shapes understood (see docs/getting-started.md, "Payload shapes"):
 *
 * <ul>
 *   <li>AWS IoT shadow documents ({@code current.state.reported}), shadow updates ({@code
 *       state.reported}) and bare {@code reported} objects, with position as {@code
 *       location.{lat,lon}}, {@code lat/lon} or {@code latitude/longitude}, and numbers/booleans
 *       sent as strings;
 *   <li>flat telemetry and measures objects ({@code dt/...} topics);
 *   <li>{@code {ts,value}} arrays, one reading per element (payload de-aggregation);
 *   <li>CSV rows (all strings) against their file's header;
 *   <li>several JSON messages in one payload (newline-delimited or concatenated);
 *   <li>IoT rule context fields {@code thetopic}/{@code thingnm} filling topic and thing name.
 * </ul>
 *
 * <p>The steps, each its own class: {@link PayloadChecks} (empty, too large, damaged KPL
 * aggregate), then the payload split into documents ({@link FlatJsonObject} for one flat object
 * without a tree, else {@link JsonDocuments} or {@link CsvRows}), then per document {@link
 * ShadowEnvelope}, {@link Identity}, {@link EventTimeRule}, {@link PositionRule}, {@link
 * MeasureRule} and {@link RowBuilder}. A rule that refuses a document throws {@link Rejected},
 * which becomes its dead letter.
 */
public final class MessageNormalizer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TopicTemplates topicTemplates;
    private final DecodeLimits limits;
    private final boolean fastPath;
    private final EventTimeRule times;
    private final RowBuilder rows;
    private final JsonDocuments documents = new JsonDocuments();
    private final CsvRows csvRows = new CsvRows();

    /** With the default limits of {@link DecodeOptions}. */
    public MessageNormalizer(TopicTemplates topicTemplates) {
        this(topicTemplates, DecodeLimits.defaults());
    }

    public MessageNormalizer(TopicTemplates topicTemplates, DecodeLimits limits) {
        this(topicTemplates, limits, true);
    }

    /**
     * {@code fastPath=false} reads every payload through the Jackson tree: for comparisons of the
     * two paths (tests, DecoderBenchmark).
     */
    public MessageNormalizer(TopicTemplates topicTemplates, DecodeLimits limits, boolean fastPath) {
        this.topicTemplates = topicTemplates;
        this.limits = limits;
        this.fastPath = fastPath;
        this.times = new EventTimeRule(limits);
        this.rows = new RowBuilder(limits);
    }

    /**
     * Decodes one message into the output. Never throws for bad input: it becomes a dead letter.
     */
    public void normalize(RawMessage message, MessageOutput out) {
        try {
            DeadLetter refused = PayloadChecks.empty(message);
            if (refused == null) {
                refused = PayloadChecks.tooLarge(message, limits);
            }
            if (refused == null) {
                refused = PayloadChecks.damagedAggregate(message);
            }
            if (refused != null) {
                out.deadLetter(refused);
                return;
            }
            if (RawMessage.FORMAT_CSV.equals(message.format)) {
                ObjectNode row;
                try {
                    row = csvRows.row(message);
                } catch (Rejected r) {
                    out.deadLetter(deadLetter(message, message.payload, r));
                    return;
                }
                normalizeObject(message, ShadowEnvelope.of(row), message.payload, out);
                return;
            }
            boolean validUtf8 = Utf8.isValid(message.payload);
            // Jackson lets some ill-formed UTF-8 through (encoded surrogates): only checked bytes
            // take the fast path.
            if (fastPath && validUtf8) {
                ShadowEnvelope single = FlatJsonObject.read(documents.reader(), message.payload);
                if (single != null) {
                    normalizeObject(message, single, message.payload, out);
                    return;
                }
            }
            documents.split(
                    message,
                    validUtf8,
                    (doc, bytes) -> normalizeDocument(message, doc, bytes, out),
                    out);
        } catch (RuntimeException e) {
            // A bug must not stop the fleet's data: report it with the message instead of failing
            // the job.
            out.deadLetter(DeadLetter.of(message, DeadLetterReason.UNEXPECTED, e.toString()));
        }
    }

    private void normalizeDocument(
            RawMessage message, JsonNode doc, byte[] bytes, MessageOutput out) {
        if (!doc.isObject()) {
            out.deadLetter(
                    deadLetter(
                            message,
                            bytes,
                            new Rejected(
                                    DeadLetterReason.NOT_AN_OBJECT,
                                    "JSON "
                                            + doc.getNodeType().toString().toLowerCase()
                                            + ", expected an object")));
            return;
        }
        normalizeObject(message, ShadowEnvelope.of((ObjectNode) doc), bytes, out);
    }

    /** One object (JSON document or CSV row) to rows, or to its dead letter. */
    private void normalizeObject(
            RawMessage message, ShadowEnvelope doc, byte[] bytes, MessageOutput out) {
        long now = System.currentTimeMillis();
        try {
            Identity id = Identity.of(message, doc, topicTemplates);
            Long messageTime = times.messageTime(doc, now);
            PositionRule.Position position = PositionRule.of(doc.body);
            MeasureRule measures = MeasureRule.of(doc, times, now);
            rows.emit(message, doc, id, messageTime, position, measures, out);
        } catch (Rejected r) {
            out.deadLetter(deadLetter(message, bytes, r));
        }
    }

    private static DeadLetter deadLetter(RawMessage message, byte[] payload, Rejected r) {
        DeadLetter d = DeadLetter.of(message, r.reason, r.getMessage());
        if (payload != message.payload) {
            d.setPayload(payload);
        }
        return d;
    }
}
