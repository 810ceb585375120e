package io.fleetlake.job.timestream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlake.connectors.timestream.RejectedRecord;
import io.fleetlake.connectors.timestream.RejectedRecordConverter;
import io.fleetlake.connectors.timestream.TimestreamRecord;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * Fleetlake's Timestream table layout: how a {@link Reading} and a {@link Breadcrumb} become
 * multi-measure records, and how a rejected record becomes a {@link DeadLetter}.
 *
 * <ul>
 *   <li>Readings: measure name {@value #READING_MEASURE}, every entry of {@code measures} as a
 *       DOUBLE measure (names as received) plus {@code temperature_fahrenheit}.
 *   <li>Breadcrumbs: measure name {@value #POSITION_MEASURE}, measures {@code lat}, {@code lon},
 *       {@code speed}.
 *   <li>Dimensions: {@code device_id}, {@code thing_name}, {@code topic} and the configured
 *       attribute keys, each only when present and non-empty.
 *   <li>Time: event time in milliseconds. Version: the event time too - a pure function of the
 *       record, so a retry or a replay after restore re-sends the identical record (an idempotent
 *       upsert), never a second version of it. Two different messages for the same device and
 *       millisecond keep the first one written (the second is a version conflict, which the sink
 *       counts as already written).
 * </ul>
 */
public final class TimestreamRecords {
    public static final String READING_MEASURE = "reading";
    public static final String POSITION_MEASURE = "position";
    static final String CONTEXT_SOURCE = "source";
    static final String CONTEXT_ORIGIN = "origin";

    static DeadLetterReason reason(RejectedRecord.Kind kind) {
        switch (kind) {
            case CONFLICT:
                return DeadLetterReason.TIMESTREAM_CONFLICT;
            case UNAVAILABLE:
                return DeadLetterReason.TIMESTREAM_UNAVAILABLE;
            case REJECTED:
            default:
                return DeadLetterReason.TIMESTREAM_REJECTED;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TimestreamRecords() {}

    /** Readings to multi-measure records. */
    public static ElementConverter<Reading, TimestreamRecord> readings(
            List<String> dimensionAttributes) {
        return new ReadingConverter(new ArrayList<>(dimensionAttributes));
    }

    /** Breadcrumbs to multi-measure records. */
    public static ElementConverter<Breadcrumb, TimestreamRecord> breadcrumbs(
            List<String> dimensionAttributes) {
        return new BreadcrumbConverter(new ArrayList<>(dimensionAttributes));
    }

    /**
     * Rejected records of {@code table} to dead letters (reason code {@code timestream_rejected}).
     */
    public static RejectedRecordConverter<DeadLetter> deadLetters(String table) {
        return rejected -> deadLetter(table, rejected);
    }

    static DeadLetter deadLetter(String table, RejectedRecord rejected) {
        TimestreamRecord r = rejected.record();
        DeadLetter d = new DeadLetter();
        // When the rejection was learnt: a Reading does not carry its arrival time, and the event
        // time of a
        // record refused for being too old or too new would file it in a far-away partition.
        d.receivedAt = rejected.rejectedAt();
        d.source = r.context().get(CONTEXT_SOURCE);
        d.origin = r.context().get(CONTEXT_ORIGIN);
        d.reasonCode = reason(rejected.kind()).code();
        d.reason =
                d.reasonCode
                        + ": table "
                        + table
                        + ": "
                        + rejected.reason()
                        + (rejected.existingVersion() == null
                                ? ""
                                : " (existing version " + rejected.existingVersion() + ")");
        ObjectNode payload = JSON.createObjectNode();
        payload.put("measure_name", r.measureName());
        payload.put("time", r.timeMillis());
        payload.put("version", r.version());
        ObjectNode dims = payload.putObject("dimensions");
        r.dimensions().forEach(dims::put);
        ObjectNode measures = payload.putObject("measures");
        for (TimestreamRecord.Measure m : r.measures()) {
            measures.put(m.name(), m.value());
        }
        d.payload = payload.toString();
        d.payloadEncoding = "utf8";
        return d;
    }

    private static void dimensions(
            TimestreamRecord.Builder b,
            String deviceId,
            String thingName,
            String topic,
            Map<String, String> attributes,
            List<String> attributeKeys) {
        b.dimension("device_id", deviceId)
                .dimension("thing_name", thingName)
                .dimension("topic", topic);
        if (attributes != null) {
            for (String key : attributeKeys) {
                b.dimension(key, attributes.get(key));
            }
        }
    }

    private static final class ReadingConverter
            implements ElementConverter<Reading, TimestreamRecord> {
        private static final long serialVersionUID = 1L;
        private final List<String> attributeKeys;

        ReadingConverter(List<String> attributeKeys) {
            this.attributeKeys = attributeKeys;
        }

        @Override
        public TimestreamRecord apply(Reading r, SinkWriter.Context context) {
            TimestreamRecord.Builder b =
                    TimestreamRecord.builder(READING_MEASURE, r.eventTime, r.eventTime)
                            .context(CONTEXT_SOURCE, r.source)
                            .context(CONTEXT_ORIGIN, r.origin);
            dimensions(b, r.deviceId, r.thingName, r.topic, r.attributes, attributeKeys);
            // Sorted: the record (and its serialized state) must not depend on a HashMap's
            // iteration order.
            if (r.measures != null) {
                new TreeMap<>(r.measures).forEach(b::measure);
            }
            if (r.measures == null || !r.measures.containsKey("temperature_fahrenheit")) {
                b.measure("temperature_fahrenheit", r.temperatureFahrenheit);
            }
            return b.build();
        }
    }

    private static final class BreadcrumbConverter
            implements ElementConverter<Breadcrumb, TimestreamRecord> {
        private static final long serialVersionUID = 1L;
        private final List<String> attributeKeys;

        BreadcrumbConverter(List<String> attributeKeys) {
            this.attributeKeys = attributeKeys;
        }

        @Override
        public TimestreamRecord apply(Breadcrumb c, SinkWriter.Context context) {
            TimestreamRecord.Builder b =
                    TimestreamRecord.builder(POSITION_MEASURE, c.eventTime, c.eventTime)
                            .context(CONTEXT_SOURCE, c.source)
                            .context(CONTEXT_ORIGIN, c.origin);
            dimensions(b, c.deviceId, c.thingName, c.topic, c.attributes, attributeKeys);
            return b.measure("lat", c.lat).measure("lon", c.lon).measure("speed", c.speed).build();
        }
    }
}
