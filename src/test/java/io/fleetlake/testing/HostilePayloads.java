package io.fleetlake.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile JSON-lines payloads with valid readings mixed in: junk bytes, bytes
 * that are not UTF-8 (in identifiers and elsewhere), 3,000-deep nesting, 2 MB and 10 kB strings,
 * wrong types, impossible and missing times, impossible positions, NaN and Infinity, truncated
 * JSON, and the shapes a fleet sends. Each payload is one line (no CR or LF) and yields exactly one
 * row or one dead letter, so a run's outputs can be counted against its inputs. The same seed gives
 * the same payloads.
 */
public final class HostilePayloads {
    /**
     * One payload; {@link #validId} is the device id (reading) or thing name (breadcrumb) it must
     * land under.
     */
    public static final class Payload {
        public final String kind;
        public final byte[] bytes;
        public final String validId;
        public final boolean breadcrumb;
        public final Double temperature;

        Payload(String kind, byte[] bytes, String validId, boolean breadcrumb, Double temperature) {
            this.kind = kind;
            this.bytes = bytes;
            this.validId = validId;
            this.breadcrumb = breadcrumb;
            this.temperature = temperature;
        }

        public boolean isValid() {
            return validId != null;
        }

        @Override
        public String toString() {
            return kind
                    + ": "
                    + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
        }
    }

    private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final String[] KINDS = {
        "valid-telemetry",
        "valid-breadcrumb",
        "valid-shadow",
        "valid-measures",
        "valid-array",
        "junk",
        "bad-utf8-id",
        "bad-utf8-attribute",
        "deep-nesting",
        "long-string",
        "wrong-types",
        "bad-time-type",
        "implausible-time",
        "missing-time",
        "impossible-position",
        "nan",
        "truncated",
        "empty-object",
        "implausible-array-time",
        "not-an-object",
        "huge-number"
    };

    private final SplittableRandom rnd;

    public HostilePayloads(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /**
     * {@code n} payloads; at most {@code hugeStrings} of them hold a 2 MB string (they are slow to
     * write).
     */
    public List<Payload> generate(int n, int hugeStrings) {
        List<Payload> out = new ArrayList<>(n);
        int huge = 0;
        for (int i = 0; i < n; i++) {
            String kind = KINDS[rnd.nextInt(KINDS.length)];
            if (kind.equals("long-string") && huge < hugeStrings && rnd.nextInt(20) == 0) {
                huge++;
                out.add(
                        text(
                                "huge-string",
                                "{\"device_id\":\"h"
                                        + i
                                        + "\",\"temperature\":1,\"timestamp\":"
                                        + time()
                                        + ",\"note\":\""
                                        + "x".repeat(2 * 1024 * 1024)
                                        + "\"}"));
                continue;
            }
            out.add(payload(kind, i));
        }
        return out;
    }

    private Payload payload(String kind, int i) {
        String id = "fz" + i;
        switch (kind) {
            case "valid-telemetry":
                {
                    double t = round(rnd.nextDouble(-30, 50));
                    return valid(
                            kind,
                            "{\"device_id\":\""
                                    + id
                                    + "\",\"temperature\":"
                                    + t
                                    + ",\"humidity\":"
                                    + rnd.nextInt(100)
                                    + ",\"rssi\":-"
                                    + rnd.nextInt(90)
                                    + ",\"timestamp\":\""
                                    + sqlTime()
                                    + "\"}",
                            id,
                            false,
                            t);
                }
            case "valid-breadcrumb":
                return valid(
                        kind,
                        "{\"thing_name\":\""
                                + id
                                + "\",\"lat\":"
                                + round(rnd.nextDouble(-90, 90))
                                + ",\"lon\":"
                                + round(rnd.nextDouble(-180, 180))
                                + ",\"speed\":"
                                + rnd.nextInt(130)
                                + ",\"heading\":\"N\",\"ignition\":"
                                + rnd.nextBoolean()
                                + ",\"timestamp\":"
                                + time()
                                + "}",
                        id,
                        true,
                        null);
            case "valid-shadow":
                return valid(
                        kind,
                        "{\"thetopic\":\"$aws/things/"
                                + id
                                + "/shadow/update/documents\",\"current\":"
                                + "{\"state\":{\"reported\":{\"location\":{\"lat\":45.5,\"lon\":-122.6},\"speed\":\"45\"}},"
                                + "\"version\":3},\"timestamp\":"
                                + time() / 1000
                                + "}",
                        id,
                        true,
                        null);
            case "valid-measures":
                {
                    double t = round(rnd.nextDouble(-30, 50));
                    return valid(
                            kind,
                            "{\"thetopic\":\"dt/"
                                    + id
                                    + "/measures\",\"temperature\":\""
                                    + t
                                    + "\",\"battery\":3007,\"door\":\"closed\",\"time\":"
                                    + time()
                                    + "}",
                            id,
                            false,
                            t);
                }
            case "valid-array":
                return valid(
                        kind,
                        "{\"sensor-id\":\""
                                + id
                                + "\",\"temperature\":[{\"ts\":"
                                + time()
                                + ",\"value\":21.5}]}",
                        id,
                        false,
                        21.5);
            case "junk":
                {
                    byte[] b = new byte[1 + rnd.nextInt(300)];
                    for (int k = 0; k < b.length; k++) {
                        byte v;
                        do {
                            v = (byte) rnd.nextInt(256);
                        } while (v == '\n' || v == '\r');
                        b[k] = v;
                    }
                    b[0] = '#'; // never a blank line, which a file source skips
                    return new Payload(kind, b, null, false, null);
                }
            case "bad-utf8-id":
                return bytes(
                        kind,
                        "{\"device_id\":\"dev",
                        new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF},
                        "\",\"temperature\":1,\"timestamp\":" + time() + "}");
            case "bad-utf8-attribute":
                return bytes(
                        kind,
                        "{\"thing_name\":\"t"
                                + i
                                + "\",\"lat\":1,\"lon\":2,\"timestamp\":"
                                + time()
                                + ",\"address\":\"",
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        "\"}");
            case "deep-nesting":
                return text(
                        kind,
                        "{\"device_id\":\"d\",\"temperature\":1,\"x\":"
                                + "[".repeat(3000)
                                + "]".repeat(3000)
                                + "}");
            case "long-string":
                return text(
                        kind,
                        "{\"device_id\":\""
                                + id
                                + "\",\"temperature\":1,\"timestamp\":"
                                + time()
                                + ",\"note\":\""
                                + "y".repeat(5000 + rnd.nextInt(20_000))
                                + "\"}");
            case "wrong-types":
                return text(
                        kind,
                        rnd.nextBoolean()
                                ? "{\"device_id\":{\"id\":1},\"temperature\":{\"v\":1},\"timestamp\":"
                                        + time()
                                        + "}"
                                : "{\"device_id\":\""
                                        + id
                                        + "\",\"temperature\":[1,2],\"humidity\":true,\"timestamp\":"
                                        + time()
                                        + "}");
            case "bad-time-type":
                {
                    String[] bad = {
                        "true", "{}", "\"\"", "[]", "\"yesterday\"", "\"2024-02-30 10:00:00\"", "-1"
                    };
                    return text(
                            kind,
                            "{\"device_id\":\""
                                    + id
                                    + "\",\"temperature\":1,\"timestamp\":"
                                    + bad[rnd.nextInt(bad.length)]
                                    + "}");
                }
            case "implausible-time":
                {
                    String[] bad = {
                        "9999999999999999999",
                        "0",
                        "\"1970-01-01T00:00:00Z\"",
                        "\"2999-01-01 00:00:00\"",
                        "1e300",
                        "\"1999-12-31T23:59:59Z\"",
                        String.valueOf(System.currentTimeMillis() + 3 * 86_400_000L)
                    };
                    return text(
                            kind,
                            "{\"device_id\":\""
                                    + id
                                    + "\",\"temperature\":1,\"ts\":"
                                    + bad[rnd.nextInt(bad.length)]
                                    + "}");
                }
            case "missing-time":
                return text(
                        kind,
                        rnd.nextBoolean()
                                ? "{\"device_id\":\"" + id + "\",\"temperature\":1}"
                                : "{\"device_id\":\""
                                        + id
                                        + "\",\"temperature\":1,\"timestamp\":null}");
            case "impossible-position":
                {
                    String[] bad = {
                        "\"lat\":91,\"lon\":1",
                        "\"lat\":1,\"lon\":-181",
                        "\"lat\":\"NaN\",\"lon\":1",
                        "\"lat\":1e400,\"lon\":1",
                        "\"lat\":45",
                        "\"location\":{\"lat\":true,\"lon\":1}"
                    };
                    return text(
                            kind,
                            "{\"thing_name\":\""
                                    + id
                                    + "\","
                                    + bad[rnd.nextInt(bad.length)]
                                    + ",\"timestamp\":"
                                    + time()
                                    + "}");
                }
            case "nan":
                {
                    String[] bad = {
                        "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "1e400"
                    };
                    return text(
                            kind,
                            "{\"device_id\":\""
                                    + id
                                    + "\",\"temperature\":"
                                    + bad[rnd.nextInt(bad.length)]
                                    + ",\"timestamp\":"
                                    + time()
                                    + "}");
                }
            case "truncated":
                {
                    String full =
                            "{\"device_id\":\""
                                    + id
                                    + "\",\"temperature\":1,\"timestamp\":"
                                    + time()
                                    + "}";
                    return text(kind, full.substring(0, 1 + rnd.nextInt(full.length() - 2)));
                }
            case "empty-object":
                return text(
                        kind,
                        rnd.nextBoolean()
                                ? "{}"
                                : "{\"status\":\"ok\",\"timestamp\":" + time() + "}");
            case "implausible-array-time":
                return text(
                        kind,
                        "{\"sensor-id\":\""
                                + id
                                + "\",\"temperature\":[{\"ts\":"
                                + time()
                                + ",\"value\":1},{\"ts\":99999999999999999,\"value\":2}]}");
            case "not-an-object":
                return text(kind, rnd.nextBoolean() ? "[1,2,3]" : "\"just a string\"");
            case "huge-number":
                return text(
                        kind,
                        "{\"device_id\":\""
                                + id
                                + "\",\"temperature\":1"
                                + "0".repeat(400)
                                + ",\"timestamp\":"
                                + time()
                                + "}");
            default:
                throw new IllegalStateException(kind);
        }
    }

    private long time() {
        return T0 + rnd.nextLong(6L * 3600 * 1000);
    }

    private String sqlTime() {
        Instant t = Instant.ofEpochMilli(time());
        return t.toString().substring(0, 19).replace('T', ' ');
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static Payload valid(
            String kind, String json, String id, boolean breadcrumb, Double temperature) {
        return new Payload(
                kind, json.getBytes(StandardCharsets.UTF_8), id, breadcrumb, temperature);
    }

    private static Payload text(String kind, String json) {
        return new Payload(kind, json.getBytes(StandardCharsets.UTF_8), null, false, null);
    }

    private static Payload bytes(String kind, String before, byte[] middle, String after) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(middle);
        b.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return new Payload(kind, b.toByteArray(), null, false, null);
    }

    /** Kinds generated, for reports. */
    public static List<String> kinds() {
        return List.of(KINDS);
    }
}
