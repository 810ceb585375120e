package io.fleetlake.connectors.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of a stream as bytes, split as {@link java.io.BufferedReader#readLine} splits them (at
 * {@code \n}, {@code \r} or {@code \r\n}) but not decoded: what a line holds reaches the converter
 * exactly as the file has it, so bytes that are not UTF-8 can be told apart from text (a decoder
 * would turn them into U+FFFD).
 */
final class ByteLines implements AutoCloseable {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private boolean skipLf;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    byte[] readLine() throws IOException {
        int n = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? Arrays.copyOf(line, n) : null;
                }
            }
            byte b = buffer[pos++];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            any = true;
            if (b == '\n') {
                return Arrays.copyOf(line, n);
            }
            if (b == '\r') {
                skipLf = true;
                return Arrays.copyOf(line, n);
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, n * 2);
            }
            line[n++] = b;
        }
    }

    /** True for a line of white space only ({@link String#isBlank}). */
    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b < 0) {
                return new String(line, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace((char) b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
