package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void knownSequences() {
        assertThat(Utf8.isValid("plain ascii, é, 水, 😀".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xC0, (byte) 0x80}, 0, 3))
                .as("overlong")
                .isEqualTo(1);
        assertThat(Utf8.isValid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .as("surrogate")
                .isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xE6, (byte) 0xB0})).as("truncated").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
                .as("> U+10FFFF")
                .isFalse();
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(1, 8)];
            for (int k = 0; k < b.length; k++) {
                // Mostly lead and continuation bytes, where the cases are.
                b[k] = (byte) (rnd.nextBoolean() ? 0x80 + rnd.nextInt(0x80) : rnd.nextInt(256));
            }
            assertThat(Utf8.isValid(b)).as(java.util.Arrays.toString(b)).isEqualTo(jdkValid(b));
        }
    }
}
