package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.RawMessage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * A CSV data row (RFC 4180 quoting, all values strings) as an object keyed by its file's header,
 * for the same field rules as JSON. An empty cell is a missing value, not an empty string. The
 * parsed header is cached: a file's rows arrive one after the other.
 */
final class CsvRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient ObjectReader reader;
    private transient String cachedHeader;
    private transient String[] cachedColumns;

    /**
     * The row as an object; rejects a row without a header, with bytes that are not UTF-8, or with
     * a wrong width.
     */
    ObjectNode row(RawMessage message) {
        if (message.csvHeader == null) {
            throw new Rejected(DeadLetterReason.BAD_CSV, "CSV row without a header");
        }
        int bad = Utf8.firstInvalid(message.payload, 0, message.payload.length);
        if (bad >= 0) {
            throw new Rejected(DeadLetterReason.BAD_ENCODING, "not valid UTF-8 at byte " + bad);
        }
        try {
            String[] columns = columns(message.csvHeader);
            String[] values = record(new String(message.payload, StandardCharsets.UTF_8));
            if (values.length != columns.length) {
                throw new Rejected(
                        DeadLetterReason.BAD_CSV,
                        values.length + " values for " + columns.length + " header columns");
            }
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < columns.length; i++) {
                if (!values[i].isEmpty()) {
                    row.put(columns[i], values[i]);
                }
            }
            return row;
        } catch (IOException | RuntimeJsonMappingException e) {
            throw new Rejected(DeadLetterReason.BAD_CSV, JsonDocuments.firstLine(e.getMessage()));
        }
    }

    private ObjectReader reader() {
        if (reader == null) {
            reader =
                    new CsvMapper()
                            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                            .enable(CsvParser.Feature.TRIM_SPACES)
                            .readerFor(String[].class);
        }
        return reader;
    }

    /** One CSV record as its values. */
    private String[] record(String line) throws IOException {
        try (MappingIterator<String[]> it = reader().readValues(line)) {
            return it.hasNextValue() ? it.nextValue() : new String[0];
        }
    }

    private String[] columns(String header) throws IOException {
        if (!header.equals(cachedHeader)) {
            String[] cols = record(header);
            for (int i = 0; i < cols.length; i++) {
                cols[i] = cols[i].trim();
            }
            cachedColumns = cols;
            cachedHeader = header;
        }
        return cachedColumns;
    }
}
