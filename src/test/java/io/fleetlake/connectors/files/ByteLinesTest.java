package io.fleetlake.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {
    private static List<byte[]> lines(byte[] content) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (ByteLines r = new ByteLines(new ByteArrayInputStream(content))) {
            byte[] l;
            while ((l = r.readLine()) != null) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void splitsAsBufferedReaderDoesButKeepsTheBytes() throws IOException {
        byte[] content = {
            'a', '\n', 'b', '\r', '\n', '\r', (byte) 0xFF, (byte) 0xFE, '\n', '\n', 'c'
        };
        assertThat(lines(content))
                .containsExactly(
                        new byte[] {'a'},
                        new byte[] {'b'},
                        new byte[0],
                        new byte[] {(byte) 0xFF, (byte) 0xFE},
                        new byte[0],
                        new byte[] {'c'});
        assertThat(lines("x\n".getBytes(StandardCharsets.UTF_8))).hasSize(1);
        assertThat(lines(new byte[0])).isEmpty();
    }

    @Test
    void longLinesAcrossBuffers() throws IOException {
        byte[] content = ("y".repeat(200_000) + "\nz").getBytes(StandardCharsets.UTF_8);
        List<byte[]> l = lines(content);
        assertThat(l).hasSize(2);
        assertThat(l.get(0)).hasSize(200_000);
    }

    @Test
    void blankIsWhiteSpaceOnlyInAnyScript() {
        assertThat(ByteLines.isBlank(" \t\u000B".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(ByteLines.isBlank("\u2003".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(ByteLines.isBlank(" x".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ByteLines.isBlank(new byte[] {(byte) 0xFF})).isFalse();
    }
}
