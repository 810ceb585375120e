package io.fleetlake.tools.dashboard;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./fleetlake dashboard}: serves the fleet map and dashboard ({@link DashboardServer}) over
 * a lake until Ctrl-C.
 */
public final class DashboardCommand {
    private DashboardCommand() {}

    public static void main(String[] args) {
        DashboardSettings settings;
        try {
            settings = DashboardSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fleetlake dashboard: " + e.getMessage());
            System.err.println(DashboardSettings.USAGE);
            System.exit(2);
            return;
        }
        String lake = settings.lake();
        if (!lake.startsWith("s3://")) {
            if (!Files.isDirectory(Paths.get(lake))) {
                System.err.println(
                        "fleetlake dashboard: no lake at "
                                + Paths.get(lake).toAbsolutePath()
                                + " (run ./fleetlake --lake "
                                + lake
                                + " first)");
                System.exit(2);
                return;
            }
            lake = Paths.get(lake).toAbsolutePath().normalize().toString();
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (LakeQueries queries = new LakeQueries(lake, settings.reeferMaxC());
                DashboardServer server = new DashboardServer(queries, settings)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(stop::countDown, "fleetlake-dashboard-stop"));
            System.out.println(
                    "fleetlake dashboard: " + server.url() + " (lake " + lake + "; Ctrl-C stops)");
            stop.await();
        } catch (Exception e) {
            System.err.println("fleetlake dashboard: " + e.getMessage());
            System.exit(1);
        }
    }
}
