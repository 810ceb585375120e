package io.fleetlake.connectors.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.kinesis.agg.RecordAggregator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Telling damaged KPL aggregates apart, on aggregates made by awslabs' aggregator. */
class KplAggregationTest {

    private static byte[] aggregate(int records) throws Exception {
        RecordAggregator agg = new RecordAggregator();
        for (int i = 0; i < records; i++) {
            agg.addUserRecord("pk" + i, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        return agg.clearAndGet().toRecordBytes();
    }

    @Test
    void plainPayloadsAreNotAggregates() {
        assertThat(KplAggregation.describe("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(KplAggregation.describe(new byte[0])).isNull();
        assertThat(KplAggregation.describe(null)).isNull();
        assertThat(KplAggregation.hasMagic(new byte[] {(byte) 0xF3, (byte) 0x89})).isFalse();
    }

    @Test
    void describesIntactDamagedAndTruncatedAggregates() throws Exception {
        byte[] ok = aggregate(3);
        assertThat(KplAggregation.hasMagic(ok)).isTrue();
        assertThat(KplAggregation.describe(ok))
                .isEqualTo(
                        "intact KPL aggregate of 3 user records that was not " + "de-aggregated");

        byte[] flipped = ok.clone();
        flipped[10] ^= 1;
        assertThat(KplAggregation.describe(flipped)).startsWith("KPL aggregate checksum mismatch");

        assertThat(KplAggregation.describe(Arrays.copyOf(ok, ok.length - 5)))
                .startsWith("KPL aggregate checksum");
        assertThat(KplAggregation.describe(Arrays.copyOf(ok, 12)))
                .startsWith("truncated KPL aggregate: 12 bytes");
    }

    @Test
    void describesAValidChecksumOverAnUnreadableBody() {
        byte[] body = {(byte) 0x0A, (byte) 0x7F, 'x'};
        byte[] digest = KplAggregation.md5(body);
        byte[] record = new byte[4 + body.length + 16];
        System.arraycopy(
                new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2}, 0, record, 0, 4);
        System.arraycopy(body, 0, record, 4, body.length);
        System.arraycopy(digest, 0, record, 4 + body.length, 16);
        assertThat(KplAggregation.describe(record))
                .startsWith("KPL aggregate with a valid checksum but an unreadable");
    }
}
