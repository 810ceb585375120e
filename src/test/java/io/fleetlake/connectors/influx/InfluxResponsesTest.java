package io.fleetlake.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxResponsesTest {
    static final List<InfluxLine> BATCH =
            List.of(
                    InfluxLine.of("m,t=a v=1 1"),
                    InfluxLine.of("m,t=b v=oops 2"),
                    InfluxLine.of("m,t=c s=\"it's': odd\" 3"),
                    InfluxLine.of("m,t=d v=4 4"));

    @Test
    void statusClasses() {
        assertThat(InfluxResponses.classify(204)).isEqualTo(InfluxResponses.Kind.WRITTEN);
        assertThat(InfluxResponses.classify(400)).isEqualTo(InfluxResponses.Kind.REJECTED);
        assertThat(InfluxResponses.classify(422)).isEqualTo(InfluxResponses.Kind.REJECTED);
        assertThat(InfluxResponses.classify(429)).isEqualTo(InfluxResponses.Kind.RETRY);
        assertThat(InfluxResponses.classify(503)).isEqualTo(InfluxResponses.Kind.RETRY);
        assertThat(InfluxResponses.classify(401)).isEqualTo(InfluxResponses.Kind.FATAL);
        assertThat(InfluxResponses.classify(404)).isEqualTo(InfluxResponses.Kind.FATAL);
    }

    @Test
    void influxDb1NamesUnparsableLinesInItsError() {
        String body =
                "{\"error\":\"unable to parse 'm,t=b v=oops 2': invalid boolean\\n"
                        + "unable to parse 'm,t=c s=\\\"it's': odd\\\" 3': bad timestamp\"}";
        Map<Integer, String> named = InfluxResponses.namedLines(body, BATCH);
        assertThat(named).containsOnlyKeys(1, 2);
        assertThat(named.get(1)).isEqualTo("unable to parse: invalid boolean");
        assertThat(named.get(2)).isEqualTo("unable to parse: bad timestamp");
        assertThat(InfluxResponses.others(BATCH, named))
                .extracting(InfluxLine::line)
                .containsExactly("m,t=a v=1 1", "m,t=d v=4 4");
    }

    @Test
    void influxDb2MessageAndInfluxDb3DataAreRead() {
        assertThat(
                        InfluxResponses.namedLines(
                                "{\"code\":\"invalid\",\"message\":\"partial write error (3 written): "
                                        + "unable to parse 'm,t=b v=oops 2': invalid boolean\"}",
                                BATCH))
                .containsOnlyKeys(1);
        String v3 =
                "{\"error\":\"partial write of line protocol occurred\",\"data\":[{\"original_line\":"
                        + "\"m,t=b v=oops 2\",\"line_number\":2,\"error_message\":\"invalid column type\"},"
                        + "{\"original_line\":\"cut...\",\"line_number\":4,\"error_message\":\"no fields\"}]}";
        assertThat(InfluxResponses.namedLines(v3, BATCH))
                .containsEntry(1, "invalid column type")
                .containsEntry(3, "no fields")
                .hasSize(2);
    }

    @Test
    void aPartialWriteThatNamesNoLineNamesNone() {
        assertThat(
                        InfluxResponses.namedLines(
                                "{\"error\":\"partial write: points beyond retention policy "
                                        + "dropped=1\"}",
                                BATCH))
                .isEmpty();
        assertThat(InfluxResponses.message("{\"error\":\"partial write: dropped=1\"}"))
                .isEqualTo("partial write: dropped=1");
        assertThat(InfluxResponses.namedLines("", BATCH)).isEmpty();
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        assertThat(InfluxResponses.retryAfterMillis("3", 0)).isEqualTo(3000);
        assertThat(
                        InfluxResponses.retryAfterMillis(
                                "Thu, 18 Apr 2024 09:00:10 GMT", 1713430800000L))
                .isEqualTo(10_000);
        assertThat(InfluxResponses.retryAfterMillis(null, 0)).isZero();
        assertThat(InfluxResponses.retryAfterMillis("soon", 0)).isZero();
    }
}
