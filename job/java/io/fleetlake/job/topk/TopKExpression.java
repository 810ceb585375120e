package io.fleetlake.job.topk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A TOP-K spec's {@code item} or {@code filter}: a SQL expression over the columns of {@link
 * TopKColumns}, parsed once and evaluated per record without a SQL planner. The grammar is the part
 * of Flink SQL that specs need: literals ({@code 42}, {@code 1.5}, {@code 'text'}, {@code TRUE},
 * {@code FALSE}, {@code NULL}), columns (backticks allowed), {@code attributes['key']} / {@code
 * measures['key']}, {@code + - * / %}, {@code ||}, comparisons ({@code = <> != < <= > >=}), {@code
 * IS [NOT] NULL}, {@code [NOT] IN (…)}, {@code [NOT] LIKE}, {@code [NOT] BETWEEN … AND …}, {@code
 * AND OR NOT}, and the functions {@code COALESCE}, {@code LOWER}, {@code UPPER}, {@code TRIM},
 * {@code CHAR_LENGTH}, {@code ABS}, {@code MOD}, {@code SPLIT_INDEX}, {@code CAST}/{@code
 * TRY_CAST(x AS STRING | DOUBLE | INT | BIGINT | BOOLEAN)}. NULL follows SQL: comparisons with NULL
 * are NULL and a filter passes only when TRUE. Numbers are doubles unless both sides are integers.
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
        Parser<T> p = new Parser<>(text, columns);
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

    private static int compare(Object a, Object b, String op) {
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof String && b instanceof String) {
            return ((String) a).compareTo((String) b);
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
                    Double d = toDouble(v);
                    if (d == null && !lenient) {
                        throw new IllegalArgumentException("cannot cast '" + v + "' to " + type);
                    }
                    return d == null ? null : (Object) (long) d.doubleValue();
                }
            case "BOOLEAN":
                if (v instanceof Boolean) {
                    return v;
                }
                String s = asString(v).trim().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("1")) {
                    return true;
                }
                if (s.equals("false") || s.equals("0")) {
                    return false;
                }
                if (!lenient) {
                    throw new IllegalArgumentException("cannot cast '" + v + "' to BOOLEAN");
                }
                return null;
            default:
                throw new IllegalStateException(type);
        }
    }

    private static boolean like(String s, String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return s.matches(re.toString());
    }

    /** Recursive-descent parser; the nodes it builds are lambdas over the record. */
    private static final class Parser<T> {
        private final String s;
        private final Map<String, Function<T, Object>> columns;
        private int pos;

        Parser(String s, Map<String, Function<T, Object>> columns) {
            this.s = s;
            this.columns = columns;
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

        private Node<T> predicate() {
            Node<T> left = additive();
            int save = pos;
            if (keyword("IS")) {
                boolean negate = keyword("NOT");
                if (!keyword("NULL")) {
                    throw error("NULL or NOT NULL after IS");
                }
                return negate ? rec -> left.eval(rec) != null : rec -> left.eval(rec) == null;
            }
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
                        } else if (compare(v, x, "IN") == 0) {
                            return !negate;
                        }
                    }
                    return sawNull ? null : negate;
                };
            }
            if (keyword("LIKE")) {
                Node<T> pattern = additive();
                return rec -> {
                    Object v = left.eval(rec);
                    Object p = pattern.eval(rec);
                    return v == null || p == null ? null : like(asString(v), asString(p)) != negate;
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
                    return (compare(v, a, "BETWEEN") >= 0 && compare(v, b, "BETWEEN") <= 0)
                            != negate;
                };
            }
            if (negate) {
                pos = save;
                throw error("IN, LIKE or BETWEEN after NOT");
            }
            for (String op : new String[] {"<>", "!=", "<=", ">=", "=", "<", ">"}) {
                if (symbol(op)) {
                    Node<T> right = additive();
                    return rec -> {
                        Object a = left.eval(rec);
                        Object b = right.eval(rec);
                        if (a == null || b == null) {
                            return null;
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
                    };
                }
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
            return rec -> {
                Object a = l.eval(rec);
                Object b = r.eval(rec);
                if (a == null || b == null) {
                    return null;
                }
                if (op.equals("||")) {
                    return asString(a) + asString(b);
                }
                if (a instanceof Long && b instanceof Long && !op.equals("/")) {
                    long x = (Long) a;
                    long y = (Long) b;
                    return op.equals("+")
                            ? x + y
                            : op.equals("-") ? x - y : op.equals("*") ? x * y : x % y;
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
                return rec -> {
                    Object v = inner.eval(rec);
                    if (v == null) {
                        return null;
                    }
                    return v instanceof Long ? (Object) (-(Long) v) : (Object) (-toDouble(v));
                };
            }
            return postfix(primary());
        }

        private Node<T> postfix(Node<T> base) {
            Node<T> node = base;
            while (symbol("[")) {
                Node<T> key = additive();
                expect(']');
                Node<T> map = node;
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
                return rec -> literal;
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
                return rec -> value;
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
                        return rec -> true;
                    case "FALSE":
                        return rec -> false;
                    case "NULL":
                        return rec -> null;
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
            return column::apply;
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
                return rec -> cast(inner.eval(rec), type, lenient);
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
                    return rec -> {
                        for (Node<T> a : args) {
                            Object v = a.eval(rec);
                            if (v != null) {
                                return v;
                            }
                        }
                        return null;
                    };
                case "LOWER":
                    return oneString(name, args, v -> v.toLowerCase(Locale.ROOT));
                case "UPPER":
                    return oneString(name, args, v -> v.toUpperCase(Locale.ROOT));
                case "TRIM":
                    return oneString(name, args, String::trim);
                case "CHAR_LENGTH":
                    return oneString(name, args, v -> (long) v.length());
                case "ABS":
                    {
                        Node<T> a = single(name, args);
                        return rec -> {
                            Object v = a.eval(rec);
                            return v == null
                                    ? null
                                    : v instanceof Long
                                            ? (Object) Math.abs((Long) v)
                                            : (Object) Math.abs(toDouble(v));
                        };
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
                            String[] parts =
                                    asString(text)
                                            .split(
                                                    java.util.regex.Pattern.quote(
                                                            asString(delimiter)),
                                                    -1);
                            int i = (int) (long) toDouble(index).doubleValue();
                            return i >= 0 && i < parts.length ? parts[i] : null;
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
