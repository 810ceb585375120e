package io.fleetlake.job.topk;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A TOP-K spec's {@code item} or {@code filter}: a SQL expression over the columns of {@link
 * TopKColumns}, parsed once and evaluated per record without a SQL planner. The grammar is the part
 * of Flink SQL that specs need: literals ({@code 42}, {@code 1.5}, {@code 'text'}, {@code TRUE},
 * {@code FALSE}, {@code NULL}), columns (backticks allowed), {@code attributes['key']} / {@code
 * measures['key']}, {@code + - * / %}, {@code ||}, comparisons ({@code = <> != < <= > >=}), {@code
 * IS [NOT] NULL}, {@code [NOT] IN (…)}, {@code [NOT] LIKE}, {@code [NOT] BETWEEN … AND …}, {@code
 * AND OR NOT}, and the functions {@code COALESCE}, {@code LOWER}, {@code UPPER}, {@code TRIM},
 * {@code CHAR_LENGTH}, {@code ABS}, {@code MOD}, {@code SPLIT_INDEX}, {@code CAST}/{@code
 * TRY_CAST(x AS STRING | DOUBLE | INT | BIGINT | BOOLEAN)}. Results are Flink SQL's, checked by
 * {@code TopKSqlDifferentialITCase} against the planner: NULL follows SQL (comparisons with NULL
 * are NULL and a filter passes only when TRUE), integers stay integers ({@code 7 / 2} is 3), a
 * {@code COALESCE} with a DOUBLE argument is DOUBLE, and casts, {@code TRIM}, {@code CHAR_LENGTH},
 * {@code LIKE} and {@code SPLIT_INDEX} follow Flink's runtime. Decimal literals are doubles here
 * (Flink's DECIMAL arithmetic of two literals is not reproduced). LIKE patterns compile once when
 * they are literals; SPLIT_INDEX uses no regex.
 *
 * @param <T> the record type the columns read
 */
public final class TopKExpression<T> {
    private final String text;
    private final Node<T> root;

    private TopKExpression(String text, Node<T> root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException naming the position and what was expected, or the unknown
     *     column
     */
    public static <T> TopKExpression<T> parse(
            String text, Map<String, Function<T, Object>> columns) {
        return parse(text, columns, TopKColumns.DOUBLE_COLUMNS);
    }

    /**
     * Parses an expression whose {@code doubleColumns} are DOUBLE (a map column there is a map of
     * doubles): SQL types a {@code COALESCE} of a DOUBLE and an integer as DOUBLE, so its integer
     * result is a double too ({@code 90.0}, not {@code 90}).
     */
    public static <T> TopKExpression<T> parse(
            String text, Map<String, Function<T, Object>> columns, Set<String> doubleColumns) {
        Parser<T> p = new Parser<>(text, columns, doubleColumns);
        Node<T> root = p.expression();
        p.expectEnd();
        return new TopKExpression<>(text, root);
    }

    /** The value for a record (String, Double, Long, Boolean, Map or null). */
    public Object eval(T record) {
        return root.eval(record);
    }

    /** True only when the expression is TRUE for the record (a filter). */
    public boolean test(T record) {
        return Boolean.TRUE.equals(root.eval(record));
    }

    /** The value as the item string of {@code CAST(item AS STRING)}, or null. */
    public String item(T record) {
        return asString(root.eval(record));
    }

    @Override
    public String toString() {
        return text;
    }

    static String asString(Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof Boolean) {
            // Flink SQL casts booleans to upper-case TRUE / FALSE.
            return ((Boolean) v) ? "TRUE" : "FALSE";
        }
        return v.toString();
    }

    private interface Node<T> {
        Object eval(T r);
    }

    /**
     * {@code a op b} for non-null operands, as Flink's generated code compares: doubles with Java's
     * primitive operators (NaN is unequal to everything and neither less nor greater; -0.0 equals
     * 0.0), integers exactly, strings by code point (Flink compares their UTF-8 bytes, the same
     * order).
     */
    static boolean compares(String op, Object a, Object b) {
        if (a instanceof Number
                && b instanceof Number
                && !(a instanceof Long && b instanceof Long)) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            switch (op) {
                case "=":
                    return x == y;
                case "<>":
                case "!=":
                    return x != y;
                case "<":
                    return x < y;
                case "<=":
                    return x <= y;
                case ">":
                    return x > y;
                default:
                    return x >= y;
            }
        }
        int c = compare(a, b, op);
        switch (op) {
            case "=":
                return c == 0;
            case "<>":
            case "!=":
                return c != 0;
            case "<":
                return c < 0;
            case "<=":
                return c <= 0;
            case ">":
                return c > 0;
            default:
                return c >= 0;
        }
    }

    private static int compare(Object a, Object b, String op) {
        if (a instanceof Long && b instanceof Long) {
            return Long.compare((Long) a, (Long) b);
        }
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof String && b instanceof String) {
            return compareCodePoints((String) a, (String) b);
        }
        if (a instanceof Boolean && b instanceof Boolean) {
            return Boolean.compare((Boolean) a, (Boolean) b);
        }
        if (a instanceof String || b instanceof String) {
            // Flink compares a string with a number numerically after an implicit cast; an
            // unparseable string is NULL.
            Double x = toDouble(a);
            Double y = toDouble(b);
            if (x != null && y != null) {
                return Double.compare(x, y);
            }
        }
        throw new IllegalArgumentException(
                "cannot compare "
                        + a.getClass().getSimpleName()
                        + " "
                        + op
                        + " "
                        + b.getClass().getSimpleName());
    }

    /** String order by code point (Java's compareTo orders UTF-16 units: not the same order). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static Double toDouble(Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String) {
            try {
                return Double.parseDouble(((String) v).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? 1.0 : 0.0;
        }
        return null;
    }

    /** What Flink SQL casts to TRUE and FALSE (after lower-casing). */
    private static final Set<String> TRUE_STRINGS = Set.of("t", "true", "y", "yes", "1");

    private static final Set<String> FALSE_STRINGS = Set.of("f", "false", "n", "no", "0");

    /** SQL's TRIM: leading and trailing spaces (not tabs or line breaks). */
    static String trimSpaces(String v) {
        int start = 0;
        int end = v.length();
        while (start < end && v.charAt(start) == ' ') {
            start++;
        }
        while (end > start && v.charAt(end - 1) == ' ') {
            end--;
        }
        return v.substring(start, end);
    }

    /**
     * A string as an INT or BIGINT as Flink parses it ({@code BinaryStringDataUtil.toLong}): a
     * sign, digits, then optionally '.' and digits (dropped); null otherwise or out of range.
     */
    static Long parseIntegral(String v, boolean isInt) {
        int i = 0;
        int n = v.length();
        if (n == 0) {
            return null;
        }
        boolean negative = v.charAt(0) == '-';
        if (negative || v.charAt(0) == '+') {
            i++;
            if (n == 1) {
                return null;
            }
        }
        java.math.BigInteger value = java.math.BigInteger.ZERO;
        for (; i < n && v.charAt(i) != '.'; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value =
                    value.multiply(java.math.BigInteger.TEN)
                            .add(java.math.BigInteger.valueOf(c - '0'));
        }
        for (i++; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        if (negative) {
            value = value.negate();
        }
        long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (value.compareTo(java.math.BigInteger.valueOf(min)) < 0
                || value.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            return null;
        }
        return value.longValue();
    }

    private static Object cast(Object v, String type, boolean lenient) {
        if (v == null) {
            return null;
        }
        switch (type) {
            case "STRING":
            case "VARCHAR":
                return asString(v);
            case "DOUBLE":
            case "FLOAT":
            case "DECIMAL":
                {
                    Double d = toDouble(v);
                    if (d == null && !lenient) {
                        throw new IllegalArgumentException("cannot cast '" + v + "' to DOUBLE");
                    }
                    return d;
                }
            case "INT":
            case "INTEGER":
            case "BIGINT":
                {
                    boolean isInt = !type.equals("BIGINT");
                    Long n;
                    if (v instanceof String) {
                        // Flink's rule: optional sign, digits, an optional fraction that is
                        // dropped; no exponent; out of range is no number.
                        n = parseIntegral(trimSpaces((String) v), isInt);
                    } else if (v instanceof Boolean) {
                        n = ((Boolean) v) ? 1L : 0L;
                    } else if (v instanceof Long) {
                        n = isInt ? (long) (int) (long) (Long) v : (Long) v;
                    } else {
                        double d = ((Number) v).doubleValue();
                        // Java's narrowing, as Flink's generated code: truncation, saturation.
                        n = isInt ? (long) (int) d : (long) d;
                    }
                    if (n == null && !lenient) {
                        throw new IllegalArgumentException("cannot cast '" + v + "' to " + type);
                    }
                    return n;
                }
            case "BOOLEAN":
                {
                    if (v instanceof Boolean) {
                        return v;
                    }
                    if (v instanceof Number) {
                        return ((Number) v).doubleValue() != 0;
                    }
                    // Not trimmed: Flink reads ' yes' as no boolean.
                    String b = asString(v).toLowerCase(Locale.ROOT);
                    if (TRUE_STRINGS.contains(b)) {
                        return true;
                    }
                    if (FALSE_STRINGS.contains(b)) {
                        return false;
                    }
                    if (!lenient) {
                        throw new IllegalArgumentException("cannot cast '" + v + "' to BOOLEAN");
                    }
                    return null;
                }
            default:
                throw new IllegalStateException(type);
        }
    }

    /**
     * The {@code index}-th (0-based) part of {@code text} split at every {@code delimiter}, empty
     * parts kept; null when there is no such part. As Flink's SPLIT_INDEX (commons-lang's {@code
     * splitByWholeSeparatorPreserveAllTokens}): an empty text has no parts, and an empty delimiter
     * splits at each whitespace character. No regex, so nothing to compile per record.
     */
    static String splitIndex(String text, String delimiter, int index) {
        if (index < 0 || text.isEmpty()) {
            return null;
        }
        if (delimiter.isEmpty()) {
            int part = 0;
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                if (Character.isWhitespace(text.charAt(i))) {
                    if (part++ == index) {
                        return text.substring(start, i);
                    }
                    start = i + 1;
                }
            }
            return part == index ? text.substring(start) : null;
        }
        String d = delimiter;
        int start = 0;
        for (int part = 0; ; part++) {
            int end = text.indexOf(d, start);
            if (part == index) {
                return end < 0 ? text.substring(start) : text.substring(start, end);
            }
            if (end < 0) {
                return null;
            }
            start = end + d.length();
        }
    }

    /** A literal: its value is known when parsing, so patterns built from it compile once. */
    private static final class Constant<T> implements Node<T> {
        final Object value;

        Constant(Object value) {
            this.value = value;
        }

        @Override
        public Object eval(T r) {
            return value;
        }
    }

    /** The regex of a LIKE pattern: {@code %} any characters, {@code _} one character. */
    static Pattern likePattern(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(new String(Character.toChars(c))));
            }
        }
        // DOTALL: % and _ match line breaks too.
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * The compiled pattern of a LIKE: once at parse time for a literal pattern (the usual case),
     * else the last one seen per record is reused.
     */
    private static final class LikeMatcher implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private String lastText;
        private Pattern last;

        LikeMatcher(Object constant) {
            if (constant != null) {
                pattern(asString(constant));
            }
        }

        Pattern pattern(String text) {
            if (!text.equals(lastText)) {
                last = likePattern(text);
                lastText = text;
            }
            return last;
        }
    }

    /** Recursive-descent parser; the nodes it builds are lambdas over the record. */
    private static final class Parser<T> {
        private final String s;
        private final Map<String, Function<T, Object>> columns;
        private int pos;

        /** The nodes whose SQL type is DOUBLE (approximate numeric); the rest are not. */
        private final Set<Node<T>> doubles =
                java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        private final Set<String> doubleColumns;

        Parser(String s, Map<String, Function<T, Object>> columns, Set<String> doubleColumns) {
            this.s = s;
            this.columns = columns;
            this.doubleColumns = doubleColumns;
        }

        private Node<T> typed(Node<T> node, boolean isDouble) {
            if (isDouble) {
                doubles.add(node);
            }
            return node;
        }

        private boolean anyDouble(List<Node<T>> nodes) {
            return nodes.stream().anyMatch(doubles::contains);
        }

        Node<T> expression() {
            Node<T> left = and();
            while (keyword("OR")) {
                Node<T> l = left;
                Node<T> r = and();
                left =
                        rec -> {
                            Object a = l.eval(rec);
                            if (Boolean.TRUE.equals(a)) {
                                return true;
                            }
                            Object b = r.eval(rec);
                            if (Boolean.TRUE.equals(b)) {
                                return true;
                            }
                            return a == null || b == null ? null : false;
                        };
            }
            return left;
        }

        private Node<T> and() {
            Node<T> left = not();
            while (keyword("AND")) {
                Node<T> l = left;
                Node<T> r = not();
                left =
                        rec -> {
                            Object a = l.eval(rec);
                            if (Boolean.FALSE.equals(a)) {
                                return false;
                            }
                            Object b = r.eval(rec);
                            if (Boolean.FALSE.equals(b)) {
                                return false;
                            }
                            return a == null || b == null ? null : true;
                        };
            }
            return left;
        }

        private Node<T> not() {
            if (keyword("NOT")) {
                Node<T> inner = not();
                return rec -> {
                    Object v = inner.eval(rec);
                    return v == null ? null : !(Boolean) v;
                };
            }
            return predicate();
        }

        /**
         * {@code IS [NOT] NULL} binds looser than comparisons, as in Flink SQL (Calcite: IS 28,
         * comparisons 30, IN / LIKE / BETWEEN 32): {@code a = b IS NULL} is {@code (a = b) IS
         * NULL}.
         */
        private Node<T> predicate() {
            Node<T> node = comparison();
            while (keyword("IS")) {
                boolean negate = keyword("NOT");
                if (!keyword("NULL")) {
                    throw error("NULL or NOT NULL after IS");
                }
                Node<T> inner = node;
                node = negate ? rec -> inner.eval(rec) != null : rec -> inner.eval(rec) == null;
            }
            return node;
        }

        /**
         * Comparisons, left-associative as in Flink SQL: {@code a = b = c} is {@code (a = b) = c}.
         */
        private Node<T> comparison() {
            Node<T> node = membership();
            String op;
            while ((op = comparisonOperator()) != null) {
                Node<T> left = node;
                Node<T> right = membership();
                String o = op;
                node =
                        rec -> {
                            Object a = left.eval(rec);
                            Object b = right.eval(rec);
                            if (a == null || b == null) {
                                return null;
                            }
                            return compares(o, a, b);
                        };
            }
            return node;
        }

        private String comparisonOperator() {
            for (String op : new String[] {"<>", "!=", "<=", ">=", "=", "<", ">"}) {
                if (symbol(op)) {
                    return op;
                }
            }
            return null;
        }

        /** {@code [NOT] IN}, {@code [NOT] LIKE}, {@code [NOT] BETWEEN}. */
        private Node<T> membership() {
            Node<T> left = additive();
            int save = pos;
            boolean negate = keyword("NOT");
            if (keyword("IN")) {
                expect('(');
                List<Node<T>> options = new ArrayList<>();
                do {
                    options.add(additive());
                } while (symbol(","));
                expect(')');
                return rec -> {
                    Object v = left.eval(rec);
                    if (v == null) {
                        return null;
                    }
                    boolean sawNull = false;
                    for (Node<T> o : options) {
                        Object x = o.eval(rec);
                        if (x == null) {
                            sawNull = true;
                        } else if (compares("=", v, x)) {
                            return !negate;
                        }
                    }
                    return sawNull ? null : negate;
                };
            }
            if (keyword("LIKE")) {
                Node<T> pattern = additive();
                LikeMatcher matcher =
                        new LikeMatcher(
                                pattern instanceof Constant ? ((Constant<T>) pattern).value : null);
                return rec -> {
                    Object v = left.eval(rec);
                    Object p = pattern.eval(rec);
                    if (v == null || p == null) {
                        return null;
                    }
                    String text = asString(p);
                    // Flink 1.20 (its LIKE chain checker) finds that every string is LIKE '':
                    // the same here, so a spec means what it means in Flink SQL.
                    boolean matches =
                            text.isEmpty() || matcher.pattern(text).matcher(asString(v)).matches();
                    return matches != negate;
                };
            }
            if (keyword("BETWEEN")) {
                Node<T> low = additive();
                if (!keyword("AND")) {
                    throw error("AND in BETWEEN");
                }
                Node<T> high = additive();
                return rec -> {
                    Object v = left.eval(rec);
                    Object a = low.eval(rec);
                    Object b = high.eval(rec);
                    if (v == null || a == null || b == null) {
                        return null;
                    }
                    return (compares(">=", v, a) && compares("<=", v, b)) != negate;
                };
            }
            if (negate) {
                pos = save;
                throw error("IN, LIKE or BETWEEN after NOT");
            }
            return left;
        }

        private Node<T> additive() {
            Node<T> left = multiplicative();
            while (true) {
                String op = symbol("||") ? "||" : symbol("+") ? "+" : symbol("-") ? "-" : null;
                if (op == null) {
                    return left;
                }
                left = arithmetic(left, multiplicative(), op);
            }
        }

        private Node<T> multiplicative() {
            Node<T> left = unary();
            while (true) {
                String op = symbol("*") ? "*" : symbol("/") ? "/" : symbol("%") ? "%" : null;
                if (op == null) {
                    return left;
                }
                left = arithmetic(left, unary(), op);
            }
        }

        private Node<T> arithmetic(Node<T> l, Node<T> r, String op) {
            return typed(
                    arithmeticNode(l, r, op),
                    !op.equals("||") && (doubles.contains(l) || doubles.contains(r)));
        }

        private Node<T> arithmeticNode(Node<T> l, Node<T> r, String op) {
            return rec -> {
                Object a = l.eval(rec);
                Object b = r.eval(rec);
                if (a == null || b == null) {
                    return null;
                }
                if (op.equals("||")) {
                    return asString(a) + asString(b);
                }
                if (a instanceof Long && b instanceof Long) {
                    // Integer arithmetic, division included (SQL: 7 / 2 = 3); by zero it fails,
                    // as in Flink SQL.
                    long x = (Long) a;
                    long y = (Long) b;
                    switch (op) {
                        case "+":
                            return x + y;
                        case "-":
                            return x - y;
                        case "*":
                            return x * y;
                        case "/":
                            return x / y;
                        default:
                            return x % y;
                    }
                }
                Double x = toDouble(a);
                Double y = toDouble(b);
                if (x == null || y == null) {
                    return null;
                }
                switch (op) {
                    case "+":
                        return x + y;
                    case "-":
                        return x - y;
                    case "*":
                        return x * y;
                    case "/":
                        return x / y;
                    default:
                        return x % y;
                }
            };
        }

        private Node<T> unary() {
            if (symbol("-")) {
                Node<T> inner = unary();
                return typed(
                        rec -> {
                            Object v = inner.eval(rec);
                            if (v == null) {
                                return null;
                            }
                            return v instanceof Long
                                    ? (Object) (-(Long) v)
                                    : (Object) (-toDouble(v));
                        },
                        doubles.contains(inner));
            }
            return postfix(primary());
        }

        private Node<T> postfix(Node<T> base) {
            Node<T> node = base;
            while (symbol("[")) {
                Node<T> key = additive();
                expect(']');
                Node<T> map = node;
                boolean ofDoubles = doubles.contains(map);
                node =
                        rec -> {
                            Object m = map.eval(rec);
                            Object k = key.eval(rec);
                            if (m == null || k == null) {
                                return null;
                            }
                            if (!(m instanceof Map)) {
                                throw new IllegalArgumentException(
                                        "[...] on a value that is not a map");
                            }
                            return ((Map<?, ?>) m).get(asString(k));
                        };
                typed(node, ofDoubles);
            }
            return node;
        }

        private Node<T> primary() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("an expression");
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                Node<T> inner = expression();
                expect(')');
                return inner;
            }
            if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                pos++;
                while (true) {
                    if (pos >= s.length()) {
                        throw error("the closing quote");
                    }
                    char ch = s.charAt(pos++);
                    if (ch == '\'') {
                        if (pos < s.length() && s.charAt(pos) == '\'') {
                            sb.append('\'');
                            pos++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(ch);
                    }
                }
                String literal = sb.toString();
                return new Constant<>(literal);
            }
            if (Character.isDigit(c) || c == '.') {
                int start = pos;
                while (pos < s.length()
                        && (Character.isDigit(s.charAt(pos))
                                || s.charAt(pos) == '.'
                                || s.charAt(pos) == 'e'
                                || s.charAt(pos) == 'E')) {
                    pos++;
                }
                String num = s.substring(start, pos);
                Object value;
                try {
                    value =
                            num.matches("\\d+")
                                    ? (Object) Long.parseLong(num)
                                    : (Object) Double.parseDouble(num);
                } catch (NumberFormatException e) {
                    pos = start;
                    throw error("a number");
                }
                return typed(new Constant<>(value), value instanceof Double);
            }
            String name = identifier();
            if (name == null) {
                throw error("an expression");
            }
            String upper = name.toUpperCase(Locale.ROOT);
            boolean quoted = s.charAt(pos - 1) == '`';
            if (!quoted) {
                switch (upper) {
                    case "TRUE":
                        return new Constant<>(true);
                    case "FALSE":
                        return new Constant<>(false);
                    case "NULL":
                        return new Constant<>(null);
                    default:
                        break;
                }
                if (peek('(')) {
                    return function(upper);
                }
            }
            Function<T, Object> column = columns.get(name);
            if (column == null) {
                throw new IllegalArgumentException(
                        "unknown column '"
                                + name
                                + "' in '"
                                + s
                                + "' (columns: "
                                + String.join(", ", new java.util.TreeSet<>(columns.keySet()))
                                + ")");
            }
            return typed(column::apply, doubleColumns.contains(name));
        }

        private Node<T> function(String name) {
            expect('(');
            if (name.equals("CAST") || name.equals("TRY_CAST")) {
                Node<T> inner = expression();
                if (!keyword("AS")) {
                    throw error("AS in " + name);
                }
                String type = Objects.requireNonNullElse(identifier(), "").toUpperCase(Locale.ROOT);
                if (!List.of(
                                "STRING", "VARCHAR", "DOUBLE", "FLOAT", "DECIMAL", "INT", "INTEGER",
                                "BIGINT", "BOOLEAN")
                        .contains(type)) {
                    throw error("a type (STRING, DOUBLE, INT, BIGINT, BOOLEAN)");
                }
                expect(')');
                boolean lenient = name.equals("TRY_CAST");
                return typed(
                        rec -> cast(inner.eval(rec), type, lenient),
                        List.of("DOUBLE", "FLOAT", "DECIMAL").contains(type));
            }
            List<Node<T>> args = new ArrayList<>();
            if (!symbol(")")) {
                do {
                    args.add(expression());
                } while (symbol(","));
                expect(')');
            }
            switch (name) {
                case "COALESCE":
                    {
                        // SQL's COALESCE has one type: DOUBLE when any argument is, so an integer
                        // it picks reads as a double.
                        boolean toDouble = anyDouble(args);
                        return typed(
                                rec -> {
                                    for (Node<T> a : args) {
                                        Object v = a.eval(rec);
                                        if (v != null) {
                                            return toDouble && v instanceof Long
                                                    ? (Object) ((Long) v).doubleValue()
                                                    : v;
                                        }
                                    }
                                    return null;
                                },
                                toDouble);
                    }
                case "LOWER":
                    return oneString(name, args, v -> v.toLowerCase(Locale.ROOT));
                case "UPPER":
                    return oneString(name, args, v -> v.toUpperCase(Locale.ROOT));
                case "TRIM":
                    return oneString(name, args, TopKExpression::trimSpaces);
                case "CHAR_LENGTH":
                    return oneString(name, args, v -> (long) v.codePointCount(0, v.length()));
                case "ABS":
                    {
                        Node<T> a = single(name, args);
                        return typed(
                                rec -> {
                                    Object v = a.eval(rec);
                                    return v == null
                                            ? null
                                            : v instanceof Long
                                                    ? (Object) Math.abs((Long) v)
                                                    : (Object) Math.abs(toDouble(v));
                                },
                                doubles.contains(a));
                    }
                case "MOD":
                    {
                        if (args.size() != 2) {
                            throw new IllegalArgumentException(
                                    "MOD takes two arguments in '" + s + "'");
                        }
                        return arithmetic(args.get(0), args.get(1), "%");
                    }
                case "SPLIT_INDEX":
                    {
                        if (args.size() != 3) {
                            throw new IllegalArgumentException(
                                    "SPLIT_INDEX takes three arguments in '" + s + "'");
                        }
                        return rec -> {
                            Object text = args.get(0).eval(rec);
                            Object delimiter = args.get(1).eval(rec);
                            Object index = args.get(2).eval(rec);
                            if (text == null || delimiter == null || index == null) {
                                return null;
                            }
                            int i = (int) (long) toDouble(index).doubleValue();
                            return splitIndex(asString(text), asString(delimiter), i);
                        };
                    }
                default:
                    throw new IllegalArgumentException(
                            "unknown function " + name + " in '" + s + "'");
            }
        }

        private Node<T> oneString(String name, List<Node<T>> args, Function<String, Object> f) {
            Node<T> a = single(name, args);
            return rec -> {
                Object v = a.eval(rec);
                return v == null ? null : f.apply(asString(v));
            };
        }

        private Node<T> single(String name, List<Node<T>> args) {
            if (args.size() != 1) {
                throw new IllegalArgumentException(name + " takes one argument in '" + s + "'");
            }
            return args.get(0);
        }

        private String identifier() {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '`') {
                int end = s.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error("the closing backtick");
                }
                String name = s.substring(pos + 1, end);
                pos = end + 1;
                return name;
            }
            int start = pos;
            while (pos < s.length()
                    && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return pos == start ? null : s.substring(start, pos);
        }

        private boolean keyword(String word) {
            skipSpace();
            int end = pos + word.length();
            if (end <= s.length()
                    && s.regionMatches(true, pos, word, 0, word.length())
                    && (end == s.length()
                            || !(Character.isLetterOrDigit(s.charAt(end))
                                    || s.charAt(end) == '_'))) {
                pos = end;
                return true;
            }
            return false;
        }

        private boolean symbol(String sym) {
            skipSpace();
            if (s.startsWith(sym, pos)) {
                pos += sym.length();
                return true;
            }
            return false;
        }

        private boolean peek(char c) {
            skipSpace();
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!symbol(String.valueOf(c))) {
                throw error("'" + c + "'");
            }
        }

        void expectEnd() {
            skipSpace();
            if (pos < s.length()) {
                throw error("the end of the expression");
            }
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException(
                    "expected " + expected + " at position " + (pos + 1) + " of '" + s + "'");
        }
    }
}
