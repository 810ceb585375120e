package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetlake.job.model.DeadLetterReason;
import io.fleetlake.job.model.RawMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvRowsTest {
    private final CsvRows rows = new CsvRows();

    private ObjectNode row(String header, byte[] line) {
        return rows.row(RawMessage.fromFile("/d/x.csv:2", 1L, RawMessage.FORMAT_CSV, header, line));
    }

    private ObjectNode row(String header, String line) {
        return row(header, line.getBytes(StandardCharsets.UTF_8));
    }

    private DeadLetterReason rejection(String header, byte[] line) {
        try {
            row(header, line);
            throw new AssertionError("accepted");
        } catch (Rejected r) {
            return r.reason;
        }
    }

    @Test
    void quotedValuesTrimmedHeaderEmptyCellsMissing() {
        ObjectNode r = row(" a , b ,c", "1,\"x, y\",");
        assertThat(r.get("a").asText()).isEqualTo("1");
        assertThat(r.get("b").asText()).isEqualTo("x, y");
        assertThat(r.has("c")).isFalse();
    }

    @Test
    void brokenRows() {
        assertThat(rejection("a,b", "1,2,3".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeadLetterReason.BAD_CSV);
        assertThat(rejection(null, "1".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeadLetterReason.BAD_CSV);
        assertThat(rejection("a,b", "\"1,2".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeadLetterReason.BAD_CSV);
        assertThat(rejection("a,b", new byte[] {'1', ',', (byte) 0xE9}))
                .isEqualTo(DeadLetterReason.BAD_ENCODING);
    }
}
