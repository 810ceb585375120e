package io.fleetlake.job.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 validity of raw bytes, checked before anything decodes them (a decoder would hide bad bytes
 * as U+FFFD).
 */
final class Utf8 {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8() {}

    /**
     * The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629), or -1 when all
     * are.
     */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        // ASCII, the common case: eight bytes at a time (each has its top bit clear), then one at a
        // time.
        while (i + 8 <= to && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
            i += 8;
        }
        while (i < to && b[i] >= 0) {
            i++;
        }
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + n >= to) {
                return i;
            }
            int cp = c & (0x3f >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return i; // overlong, beyond Unicode, or a UTF-16 surrogate
            }
            i += n + 1;
        }
        return -1;
    }

    static boolean isValid(byte[] b) {
        return firstInvalid(b, 0, b.length) < 0;
    }
}
