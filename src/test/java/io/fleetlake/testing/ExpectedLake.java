package io.fleetlake.testing;

import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The lake rows a set of payloads must produce, as comparable keys: each payload is decoded here
 * with the job's own normalizer, so a test compares what a transport delivered (no loss, no
 * duplicates) rather than decoding.
 */
public final class ExpectedLake {
    private final List<String> readings = new ArrayList<>();
    private final List<String> breadcrumbs = new ArrayList<>();
    private final List<String> deadLetters = new ArrayList<>();
    private final MessageNormalizer normalizer =
            new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS));

    /** Adds the rows of one delivered payload. */
    public void add(byte[] payload) {
        CollectingOutput out = new CollectingOutput();
        normalizer.normalize(RawMessage.json("expected", "expected", null, 0L, payload), out);
        for (Reading r : out.readings) {
            readings.add(
                    readingKey(r.deviceId, r.eventTime, r.temperature, r.humidity, r.pressure));
        }
        for (Breadcrumb b : out.breadcrumbs) {
            breadcrumbs.add(breadcrumbKey(b.thingName, b.eventTime, b.lat, b.lon));
        }
        for (DeadLetter d : out.deadLetters) {
            deadLetters.add(d.reasonCode + "|" + d.payload);
        }
    }

    /**
     * Adds a dead letter expected from outside the normalizer's view (e.g. a corrupt aggregate).
     */
    public void addDeadLetter(String reasonCode, String payload) {
        deadLetters.add(reasonCode + "|" + payload);
    }

    public int rows() {
        return readings.size() + breadcrumbs.size() + deadLetters.size();
    }

    public List<String> readings() {
        return sorted(readings);
    }

    public List<String> breadcrumbs() {
        return sorted(breadcrumbs);
    }

    public List<String> deadLetters() {
        return sorted(deadLetters);
    }

    /** Rows committed in the lake so far (0 for a table with no file yet). */
    public static long committedRows(LakeReader lake) {
        long n = 0;
        for (String t : new String[] {"readings", "breadcrumbs", "dead_letter"}) {
            try {
                n += lake.count("SELECT count(*) FROM {" + t + "}");
            } catch (SQLException e) {
                // No file yet: DuckDB fails on an empty glob.
            }
        }
        return n;
    }

    public static List<String> lakeReadings(LakeReader lake) throws SQLException {
        return lake
                .query(
                        "SELECT device_id, epoch_ms(event_time) AS t, temperature, humidity, pressure "
                                + "FROM {readings}")
                .stream()
                .map(
                        m ->
                                readingKey(
                                        (String) m.get("device_id"),
                                        ((Number) m.get("t")).longValue(),
                                        (Double) m.get("temperature"),
                                        (Double) m.get("humidity"),
                                        (Double) m.get("pressure")))
                .sorted()
                .collect(Collectors.toList());
    }

    public static List<String> lakeBreadcrumbs(LakeReader lake) throws SQLException {
        return lake
                .query("SELECT thing_name, epoch_ms(event_time) AS t, lat, lon FROM {breadcrumbs}")
                .stream()
                .map(
                        m ->
                                breadcrumbKey(
                                        (String) m.get("thing_name"),
                                        ((Number) m.get("t")).longValue(),
                                        (Double) m.get("lat"),
                                        (Double) m.get("lon")))
                .sorted()
                .collect(Collectors.toList());
    }

    public static List<String> lakeDeadLetters(LakeReader lake) throws SQLException {
        return lake.query("SELECT reason_code, payload FROM {dead_letter}").stream()
                .map(m -> m.get("reason_code") + "|" + m.get("payload"))
                .sorted()
                .collect(Collectors.toList());
    }

    /** Every dead letter's origin. */
    public static List<String> lakeDeadLetterOrigins(LakeReader lake) throws SQLException {
        return lake.query("SELECT origin FROM {dead_letter}").stream()
                .map(m -> (String) m.get("origin"))
                .collect(Collectors.toList());
    }

    public static Map<String, Object> one(LakeReader lake, String sql) throws SQLException {
        return lake.query(sql).get(0);
    }

    private static String readingKey(String device, long time, Double t, Double h, Double p) {
        return device + "|" + time + "|" + t + "|" + h + "|" + p;
    }

    private static String breadcrumbKey(String thing, long time, double lat, double lon) {
        return thing + "|" + time + "|" + lat + "|" + lon;
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        Collections.sort(c);
        return c;
    }
}
