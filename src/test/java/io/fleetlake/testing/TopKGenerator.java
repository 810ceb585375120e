package io.fleetlake.testing;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random, well-typed TOP-K expressions and rows for the differential test against Flink SQL: every
 * operator and function {@code docs/features/topk.md} lists, over every column of both tables, and
 * values chosen where SQL and Java tend to differ (NULLs, NaN, -0.0, tabs and spaces, non-BMP
 * characters, numeric and boolean strings, empty strings and delimiters). Well-typed, because Flink
 * SQL refuses the others at planning; runtime errors (a failing {@code CAST}, an integer division
 * by zero) are not generated, as they fail a whole SQL query.
 */
public final class TopKGenerator {
    /** The SQL type of a generated expression. */
    public enum Type {
        STRING,
        DOUBLE,
        INT,
        BOOLEAN
    }

    /** Strings the rows' string columns and attributes take. */
    static final String[] STRINGS = {
        "truck1",
        "Truck1",
        "TRUCK1",
        "truck2",
        "",
        " ",
        " a ",
        "a\tb",
        "\tx",
        "ä",
        "Ärger",
        "\uD83D\uDE9A",
        "\uFF71",
        "42",
        " 3.5 ",
        "-7",
        "1e3",
        "true",
        "Yes",
        "n",
        "0",
        "N",
        "NE",
        "a:b::c",
        ":",
        "x%y",
        "x_y",
        "a\\b",
        "O'Neil",
        "a\nb",
        "abcabc"
    };

    /**
     * Doubles the rows' double columns take: no NaN and no -0.0 (JSON and CSV inputs carry
     * neither).
     */
    static final double[] DOUBLES = {
        0.0, 1.0, 95.0, 90.5, -12.25, 1e-5, 123456789.125, 1e21, 0.1, 2.5, 100.0, 7.0, -3.0
    };

    private static final String[] STRING_LITERALS = {
        "truck1",
        "TRUCK1",
        "",
        " ",
        "a",
        " a ",
        "ä",
        "\uD83D\uDE9A",
        "42",
        " 3.5 ",
        "-7",
        "yes",
        "true",
        "N",
        ":",
        "O'Neil",
        "a\tb",
        "b"
    };

    /**
     * DOUBLE literals (exponent notation: {@code 1.5} would be a DECIMAL in Flink SQL, whose
     * arithmetic of literals TopKExpression does not reproduce).
     */
    private static final String[] DOUBLE_LITERALS = {
        "1.5E0", "90", "-2.25E0", "1E2", "0.1E0", "0E0", "3.0E0"
    };

    /** DECIMAL literals, where they meet a DOUBLE column: BETWEEN bounds and comparisons. */
    private static final String[] DECIMAL_LITERALS = {"1.5", "90.5", "-2.25", "0.1", "0.0", "100"};

    private static final String[] LIKE_CHARS = {
        "a", "b", "t", "r", "u", "1", "%", "_", "ä", " ", ":"
    };

    private final Random random;
    private final Map<Type, List<String>> columns = new HashMap<>();

    /**
     * @param table {@code breadcrumbs} or {@code readings}
     */
    public TopKGenerator(String table, long seed) {
        this.random = new Random(seed);
        for (Type t : Type.values()) {
            columns.put(t, new ArrayList<>());
        }
        List<String> s = columns.get(Type.STRING);
        List<String> d = columns.get(Type.DOUBLE);
        for (String c :
                new String[] {
                    "thing_name", "device_id", "topic", "origin", "model", "owner", "vehicle_type"
                }) {
            s.add("`" + c + "`");
        }
        s.add("`attributes`['plate']");
        s.add("`attributes`['speed_limit_kmh']");
        d.add("`speed_limit_kmh`");
        d.add("`max_temp_c`");
        if (table.equals("breadcrumbs")) {
            for (String c : new String[] {"geohash", "heading", "address"}) {
                s.add("`" + c + "`");
            }
            for (String c : new String[] {"lat", "lon", "speed"}) {
                d.add("`" + c + "`");
            }
            columns.get(Type.BOOLEAN).add("`ignition`");
        } else {
            s.add("`location`");
            for (String c :
                    new String[] {
                        "temperature", "temperature_fahrenheit", "humidity", "pressure"
                    }) {
                d.add("`" + c + "`");
            }
            d.add("`measures`['rpm']");
            d.add("`measures`['load']");
        }
    }

    /** An expression of a random type (a spec's item). */
    public String item(int depth) {
        return expression(Type.values()[random.nextInt(4)], depth);
    }

    /** A boolean expression (a spec's filter). */
    public String filter(int depth) {
        return expression(Type.BOOLEAN, depth);
    }

    /** An expression of {@code type}, at most {@code depth} levels deep. */
    public String expression(Type type, int depth) {
        if (depth <= 0 || random.nextInt(5) == 0) {
            return leaf(type);
        }
        int d = depth - 1;
        switch (type) {
            case STRING:
                switch (random.nextInt(11)) {
                    case 0:
                        return "LOWER(" + expression(Type.STRING, d) + ")";
                    case 1:
                        return "UPPER(" + expression(Type.STRING, d) + ")";
                    case 2:
                        return "TRIM(" + expression(Type.STRING, d) + ")";
                    case 3:
                        return expression(Type.STRING, d) + " || " + expression(Type.STRING, d);
                    case 4:
                        return "COALESCE("
                                + expression(Type.STRING, d)
                                + ", "
                                + expression(Type.STRING, d)
                                + ")";
                    case 5:
                        return "SPLIT_INDEX("
                                + expression(Type.STRING, d)
                                + ", "
                                + pick(new String[] {"':'", "'a'", "' '", "'::'", "''"})
                                + ", "
                                + random.nextInt(4)
                                + ")";
                    case 6:
                        return "CAST(" + expression(Type.DOUBLE, d) + " AS STRING)";
                    case 7:
                        return "CAST(" + expression(Type.INT, d) + " AS STRING)";
                    case 8:
                        return "CAST(" + expression(Type.BOOLEAN, d) + " AS STRING)";
                    case 9:
                        return "CAST(NULL AS STRING)";
                    default:
                        return "(" + expression(Type.STRING, d) + ")";
                }
            case DOUBLE:
                switch (random.nextInt(9)) {
                    case 0:
                        return random.nextInt(4) == 0
                                ? paren(expression(Type.DOUBLE, d))
                                        + " / "
                                        + pick(
                                                new String[] {
                                                    "1.5E0", "-2.25E0", "1E2", "3.0E0", "7"
                                                })
                                : expression(Type.DOUBLE, d)
                                        + pick(new String[] {" + ", " - ", " * "})
                                        + expression(Type.DOUBLE, d);
                    case 1:
                        return "ABS(" + expression(Type.DOUBLE, d) + ")";
                    case 2:
                        return "-" + paren(expression(Type.DOUBLE, d));
                    case 3:
                        return "COALESCE("
                                + expression(Type.DOUBLE, d)
                                + ", "
                                + expression(Type.DOUBLE, d)
                                + ")";
                    case 4:
                        return "COALESCE("
                                + expression(Type.DOUBLE, d)
                                + ", "
                                + expression(Type.INT, d)
                                + ")";
                    case 5:
                        return "TRY_CAST(" + expression(Type.STRING, d) + " AS DOUBLE)";
                    case 6:
                        return "CAST(" + expression(Type.INT, d) + " AS DOUBLE)";
                    case 7:
                        return expression(Type.DOUBLE, d)
                                + pick(new String[] {" + ", " - ", " * "})
                                + expression(Type.INT, d);
                    default:
                        return "(" + expression(Type.DOUBLE, d) + ")";
                }
            case INT:
                switch (random.nextInt(11)) {
                    case 0:
                        return "CHAR_LENGTH(" + expression(Type.STRING, d) + ")";
                    case 1:
                        return expression(Type.INT, d)
                                + pick(new String[] {" + ", " - ", " * "})
                                + expression(Type.INT, d);
                    case 2:
                        return paren(expression(Type.INT, d)) + " / " + nonZero();
                    case 3:
                        return "MOD(" + expression(Type.INT, d) + ", " + nonZero() + ")";
                    case 4:
                        return paren(expression(Type.INT, d)) + " % " + nonZero();
                    case 5:
                        return "ABS(" + expression(Type.INT, d) + ")";
                    case 6:
                        return "CAST("
                                + expression(Type.DOUBLE, d)
                                + " AS "
                                + pick(new String[] {"INT", "BIGINT"})
                                + ")";
                    case 7:
                        return "TRY_CAST("
                                + expression(Type.STRING, d)
                                + " AS "
                                + pick(new String[] {"INT", "BIGINT"})
                                + ")";
                    case 8:
                        return "COALESCE("
                                + expression(Type.INT, d)
                                + ", "
                                + expression(Type.INT, d)
                                + ")";
                    case 9:
                        return "-" + paren(expression(Type.INT, d));
                    default:
                        return "(" + expression(Type.INT, d) + ")";
                }
            default:
                return bool(d);
        }
    }

    private String bool(int d) {
        switch (random.nextInt(14)) {
            case 0:
                {
                    Type t = pick(new Type[] {Type.STRING, Type.DOUBLE, Type.INT});
                    return expression(t, d)
                            + pick(new String[] {" = ", " <> ", " < ", " <= ", " > ", " >= "})
                            + expression(t, d);
                }
            case 1:
                return expression(Type.DOUBLE, d)
                        + pick(new String[] {" = ", " < ", " >= ", " <> "})
                        + (random.nextBoolean() ? expression(Type.INT, d) : pick(DECIMAL_LITERALS));
            case 2:
                {
                    Type t = pick(Type.values());
                    String e = expression(t, d);
                    return (t == Type.BOOLEAN && random.nextBoolean() ? paren(e) : e)
                            + pick(new String[] {" IS NULL", " IS NOT NULL"});
                }
            case 3:
                {
                    Type t = pick(new Type[] {Type.STRING, Type.DOUBLE, Type.INT});
                    StringBuilder sb = new StringBuilder(expression(t, d));
                    sb.append(random.nextBoolean() ? " IN (" : " NOT IN (");
                    int n = 1 + random.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        sb.append(i == 0 ? "" : ", ").append(leafLiteral(t));
                    }
                    return sb.append(')').toString();
                }
            case 4:
                return expression(Type.STRING, d)
                        + (random.nextBoolean() ? " LIKE " : " NOT LIKE ")
                        + likePattern();
            case 5:
                return expression(Type.DOUBLE, d)
                        + (random.nextBoolean() ? " BETWEEN " : " NOT BETWEEN ")
                        + pick(DECIMAL_LITERALS)
                        + " AND "
                        + pick(DOUBLE_LITERALS);
            case 6:
                return paren(bool(d)) + " AND " + paren(bool(d));
            case 7:
                return paren(bool(d)) + " OR " + paren(bool(d));
            case 8:
                return "NOT " + paren(bool(d));
            case 9:
                return "TRY_CAST(" + expression(Type.STRING, d) + " AS BOOLEAN)";
            case 10:
                return "COALESCE(" + bool(d) + ", " + bool(d) + ")";
            case 11:
                return paren(expression(Type.BOOLEAN, d))
                        + pick(new String[] {" = ", " <> "})
                        + paren(expression(Type.BOOLEAN, d));
            case 12:
                return "CAST(" + expression(Type.INT, d) + " AS BOOLEAN)";
            default:
                return "(" + bool(d) + ")";
        }
    }

    private String leaf(Type type) {
        List<String> cols = columns.get(type);
        if (!cols.isEmpty() && random.nextInt(3) > 0) {
            return pick(cols.toArray(new String[0]));
        }
        if (type == Type.BOOLEAN && cols.isEmpty() && random.nextBoolean()) {
            return expression(Type.DOUBLE, 1) + " > " + leafLiteral(Type.DOUBLE);
        }
        return leafLiteral(type);
    }

    private String leafLiteral(Type type) {
        switch (type) {
            case STRING:
                return quote(pick(STRING_LITERALS));
            case DOUBLE:
                return pick(DOUBLE_LITERALS);
            case INT:
                return Integer.toString(random.nextInt(100));
            default:
                return random.nextBoolean() ? "TRUE" : "FALSE";
        }
    }

    private String nonZero() {
        return Integer.toString(1 + random.nextInt(7));
    }

    private String likePattern() {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(pick(LIKE_CHARS));
        }
        return quote(sb.toString());
    }

    private static String paren(String e) {
        return "(" + e + ")";
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private <X> X pick(X[] options) {
        return options[random.nextInt(options.length)];
    }

    private String string(double nullShare) {
        return random.nextDouble() < nullShare ? null : pick(STRINGS);
    }

    private Double number(double nullShare) {
        return random.nextDouble() < nullShare ? null : DOUBLES[random.nextInt(DOUBLES.length)];
    }

    private Map<String, String> attributes() {
        Map<String, String> a = new HashMap<>();
        for (String key : new String[] {"model", "owner", "vehicle_type", "plate", "location"}) {
            if (random.nextInt(3) > 0) {
                a.put(key, string(0));
            }
        }
        if (random.nextInt(3) > 0) {
            a.put(
                    "speed_limit_kmh",
                    pick(new String[] {"80", "90", " 100 ", "1e2", "abc", "", "7.5"}));
        }
        if (random.nextBoolean()) {
            a.put("max_temp_c", pick(new String[] {"4", "-18.5", "x", "1E1"}));
        }
        return a;
    }

    /** A breadcrumb of a small pool of things (so TOP-K counts tie and differ) at {@code time}. */
    public Breadcrumb breadcrumb(long time) {
        Breadcrumb b = new Breadcrumb();
        b.eventTime = time;
        b.thingName =
                random.nextInt(4) == 0
                        ? string(0.2)
                        : "truck" + (int) Math.sqrt(random.nextInt(100));
        b.deviceId = string(0.1);
        b.topic = string(0.1);
        b.geohash = random.nextBoolean() ? "c20g" + random.nextInt(4) : string(0.2);
        b.lat = DOUBLES[random.nextInt(DOUBLES.length)];
        b.lon = DOUBLES[random.nextInt(DOUBLES.length)];
        b.speed = number(0.2);
        b.heading = string(0.3);
        b.ignition = random.nextInt(4) == 0 ? null : random.nextBoolean();
        b.address = string(0.5);
        b.origin = string(0.1);
        b.attributes = attributes();
        return b;
    }

    /** A reading, as {@link #breadcrumb}. */
    public Reading reading(long time) {
        Reading r = new Reading();
        r.eventTime = time;
        r.deviceId =
                random.nextInt(4) == 0 ? string(0.2) : "dev" + (int) Math.sqrt(random.nextInt(100));
        r.thingName = string(0.2);
        r.topic = string(0.1);
        r.temperature = number(0.2);
        r.temperatureFahrenheit = number(0.2);
        r.humidity = number(0.3);
        r.pressure = number(0.3);
        r.measures = new HashMap<>();
        if (random.nextBoolean()) {
            r.measures.put("rpm", number(0.2));
        }
        if (random.nextBoolean()) {
            r.measures.put("load", number(0));
        }
        r.origin = string(0.1);
        r.attributes = attributes();
        return r;
    }
}
