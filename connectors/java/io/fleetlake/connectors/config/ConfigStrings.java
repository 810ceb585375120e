package io.fleetlake.connectors.config;

/** Small helpers for reading configuration values, shared by the connectors' settings. */
public final class ConfigStrings {
    private ConfigStrings() {}

    /**
     * Null for null, empty or blank (an unset optional value), else the value exactly as given (for
     * secrets and PEM text, whose spaces are theirs).
     */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Null for null, empty or blank, else the value without surrounding whitespace. */
    public static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
