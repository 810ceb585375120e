package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Numbers and booleans as devices send them: JSON numbers, or strings such as {@code "45"} and
 * {@code "1"}.
 */
public final class Numbers {
    private Numbers() {}

    /** True for a plain decimal number: optional sign, digits, optional fraction and exponent. */
    public static boolean isNumeric(String s) {
        int n = s.length();
        int i = 0;
        if (n == 0) {
            return false;
        }
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** The value as a double when it is a number or a numeric string, else null. */
    public static Double asDouble(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            return Double.isFinite(d) ? d : null;
        }
        if (v.isTextual()) {
            String s = v.asText().trim();
            if (isNumeric(s)) {
                double d = Double.parseDouble(s);
                return Double.isFinite(d) ? d : null;
            }
        }
        return null;
    }

    /**
     * The value as a boolean: true/false, 1/0, on/off, yes/no (any case, number or string); else
     * null.
     */
    public static Boolean asBoolean(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            return d == 1 ? Boolean.TRUE : d == 0 ? Boolean.FALSE : null;
        }
        if (v.isTextual()) {
            switch (v.asText().trim().toLowerCase(java.util.Locale.ROOT)) {
                case "1":
                case "true":
                case "on":
                case "yes":
                case "y":
                case "t":
                    return Boolean.TRUE;
                case "0":
                case "false":
                case "off":
                case "no":
                case "n":
                case "f":
                    return Boolean.FALSE;
                default:
                    return null;
            }
        }
        return null;
    }
}
