package io.fleetlake.job.local;

import java.util.Arrays;

/**
 * {@code ./fleetlake} entry point: dispatches to the sub-command named by the first argument, else runs the job
 * ({@link LocalLauncher}).
 */
public final class FleetlakeCli {
    private FleetlakeCli() {}

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            String command = args[0];
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            switch (command) {
                case "run":
                    LocalLauncher.main(rest);
                    return;
                case "produce":
                    KinesisProduceCommand.main(rest);
                    return;
                case "help":
                    LocalLauncher.main(new String[] {"--help"});
                    return;
                default:
                    System.err.println("fleetlake: unknown command '" + command + "'; commands: run (default), produce");
                    System.exit(2);
            }
        }
        LocalLauncher.main(args);
    }
}
