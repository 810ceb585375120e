package io.fleetlake.tools.local;

import picocli.CommandLine;

/**
 * Fills a command's picocli-annotated flags object from its arguments, for the commands that keep
 * their own {@code main} (exit codes, Ctrl-C handling) behind {@link FleetlakeCli}: a bad or
 * unknown flag becomes an {@link IllegalArgumentException} with picocli's one-line message.
 */
public final class CliFlags {
    private CliFlags() {}

    /** Parses {@code args} into {@code flags} and returns it. */
    public static <T> T parse(T flags, String[] args) {
        try {
            new CommandLine(flags).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return flags;
    }
}
