package io.fleetlake.tools.local;

import java.util.Arrays;

/**
 * {@code ./fleetlake} entry point: dispatches to the sub-command named by the first argument
 * ({@code run}, {@code produce-mqtt}: {@link MqttProducer}, {@code dashboard}), else runs the job
 * ({@link LocalLauncher}).
 */
public final class FleetlakeCli {
    private FleetlakeCli() {}

    /**
     * The log4j2 configuration of local runs: Flink's log to {@code -Dfleetlake.log.file}, errors
     * to the console.
     */
    static final String LOG_CONFIGURATION = "fleetlake-tools/log4j2.properties";

    public static void main(String[] args) {
        useLogConfiguration();
        if (args.length > 0 && !args[0].startsWith("-")) {
            String command = args[0];
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            switch (command) {
                case "run":
                    LocalLauncher.main(rest);
                    return;
                case "config-reference":
                    System.out.print(io.fleetlake.tools.config.ConfigReference.markdown());
                    return;
                case "bench":
                    try {
                        io.fleetlake.tools.bench.FleetlakeBench.main(rest);
                    } catch (Exception e) {
                        System.err.println("fleetlake bench: " + e);
                        System.exit(1);
                    }
                    return;
                case "athena-ddl":
                    try {
                        io.fleetlake.tools.ddl.AthenaDdl.main(rest);
                    } catch (java.io.IOException e) {
                        System.err.println("fleetlake: " + e.getMessage());
                        System.exit(1);
                    }
                    return;
                case "produce-mqtt":
                    MqttProducer.main(rest);
                    return;
                case "dashboard":
                    io.fleetlake.tools.dashboard.DashboardCommand.main(rest);
                    return;
                case "produce":
                    KinesisProduceCommand.main(rest);
                    return;
                case "redrive":
                    io.fleetlake.tools.redrive.RedriveCommand.main(rest);
                    return;
                case "help":
                    LocalLauncher.main(new String[] {"--help"});
                    return;
                default:
                    System.err.println(
                            "fleetlake: unknown command '"
                                    + command
                                    + "'; commands: run (default), produce, produce-mqtt, dashboard, bench, config-reference, athena-ddl [DIR]");
                    System.exit(2);
            }
        }
        LocalLauncher.main(args);
    }

    /**
     * Points log4j at the launcher's configuration before anything logs. Found by name, log4j would
     * prefer the {@code log4j2-test.properties} inside Flink's test jars on the class path, which
     * logs nothing, so the log file would never be written. An explicit {@code
     * -Dlog4j2.configurationFile} still wins.
     */
    static void useLogConfiguration() {
        java.net.URL url = FleetlakeCli.class.getClassLoader().getResource(LOG_CONFIGURATION);
        if (url != null && System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", url.toString());
        }
    }
}
