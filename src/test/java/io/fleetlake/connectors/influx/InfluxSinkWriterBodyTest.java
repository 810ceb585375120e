package io.fleetlake.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.testing.FakeInflux;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request body: newline-terminated lines, gzip-compressed when asked. */
class InfluxSinkWriterBodyTest {
    static final List<InfluxLine> LINES =
            List.of(InfluxLine.of("m,t=a v=1 1"), InfluxLine.of("m,t=b\\ ü v=2 2"));

    @Test
    void plainBodyIsTheLinesEachEndedByANewline() {
        assertThat(new String(InfluxSinkWriter.body(LINES, false), StandardCharsets.UTF_8))
                .isEqualTo("m,t=a v=1 1\nm,t=b\\ ü v=2 2\n");
        assertThat(LINES.get(1).sizeInBytes())
                .isEqualTo("m,t=b\\ ü v=2 2".getBytes(StandardCharsets.UTF_8).length + 1);
    }

    @Test
    void gzipBodyIsAGzipStreamOfTheSameBytes() throws Exception {
        byte[] gz = InfluxSinkWriter.body(LINES, true);
        assertThat(FakeInflux.isGzip(gz)).isTrue();
        assertThat(FakeInflux.gunzip(gz)).isEqualTo(InfluxSinkWriter.body(LINES, false));
    }
}
