package io.fleetlake.tools.dashboard;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.util.TimeUtils;

/**
 * The settings of {@code ./fleetlake dashboard}, from its command line:
 *
 * <pre>
 * fleetlake dashboard [--lake DIR|s3://bucket/prefix] [--port 8088] [--tiles URL|none] [--refresh 5 s]
 *                     [--reefer-max-temp -15] [--geofences FILE|none]
 * </pre>
 */
public final class DashboardSettings {
    /**
     * OpenStreetMap's standard tiles (their usage policy allows light interactive use with
     * attribution).
     */
    public static final String OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    static final String USAGE =
            "usage: fleetlake dashboard [--lake DIR|s3://bucket/prefix] [--port 8088] "
                    + "[--tiles URL|none] [--refresh 5s] [--reefer-max-temp -15] [--geofences FILE|none]";

    private final String lake;
    private final int port;
    private final String tiles;
    private final Duration refresh;
    private final double reeferMaxC;
    private final String geofences;

    /** The settings; see the class comment for what each means. */
    public DashboardSettings(
            String lake, int port, String tiles, Duration refresh, double reeferMaxC) {
        this(lake, port, tiles, refresh, reeferMaxC, null);
    }

    /** The settings, with a GeoJSON geofence file drawn on the map (null: none). */
    public DashboardSettings(
            String lake,
            int port,
            String tiles,
            Duration refresh,
            double reeferMaxC,
            String geofences) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535, got " + port);
        }
        if (refresh.compareTo(Duration.ofSeconds(1)) < 0
                || refresh.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "--refresh must be from 1 s to 10 min, got " + refresh);
        }
        boolean template =
                (tiles.startsWith("http://") || tiles.startsWith("https://"))
                        && tiles.contains("{z}")
                        && tiles.contains("{x}")
                        && tiles.contains("{y}");
        if (!tiles.equals("none") && !template) {
            throw new IllegalArgumentException(
                    "--tiles must be 'none' or an http(s) URL template with {z}, {x} and "
                            + "{y}, got '"
                            + tiles
                            + "'");
        }
        this.lake = lake;
        this.port = port;
        this.tiles = tiles;
        this.refresh = refresh;
        this.reeferMaxC = reeferMaxC;
        this.geofences = geofences;
    }

    /**
     * Parses the command line; throws {@link IllegalArgumentException} naming a bad or unknown
     * flag.
     */
    public static DashboardSettings parse(String[] args) {
        String lake = "lake";
        int port = 8088;
        String tiles = OSM_TILES;
        Duration refresh = Duration.ofSeconds(5);
        // The default temperature alert rule's threshold, so the map's "warm" ring and the reefer
        // alerts agree.
        double reeferMax = -15;
        String geofences = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--lake":
                        lake = value;
                        break;
                    case "--port":
                        port = Integer.parseInt(value);
                        break;
                    case "--tiles":
                        tiles = value.toLowerCase(Locale.ROOT).equals("none") ? "none" : value;
                        break;
                    case "--refresh":
                        refresh = TimeUtils.parseDuration(value);
                        break;
                    case "--geofences":
                        geofences = value.equals("none") ? "" : value;
                        break;
                    case "--reefer-max-temp":
                        reeferMax = Double.parseDouble(value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown flag " + flag);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": not a number: '" + value + "'");
            }
        }
        if (geofences == null) {
            // As ./fleetlake's alert rules: the sample fences when no other file is given.
            java.nio.file.Path sample =
                    java.nio.file.Paths.get(
                            System.getProperty("fleetlake.home", "."),
                            "local-stack/samples/geofences.geojson");
            geofences = java.nio.file.Files.isRegularFile(sample) ? sample.toString() : "";
        }
        return new DashboardSettings(
                lake, port, tiles, refresh, reeferMax, geofences.isEmpty() ? null : geofences);
    }

    /** Lake root: a local directory or {@code s3://bucket/prefix}. */
    public String lake() {
        return lake;
    }

    /** Port on 127.0.0.1; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** Map tile URL template, or {@code none} for the offline coordinate grid. */
    public String tiles() {
        return tiles;
    }

    /** How often the page refreshes. */
    public Duration refresh() {
        return refresh;
    }

    /** GeoJSON geofence file drawn on the map; null: none. */
    public String geofences() {
        return geofences;
    }

    /**
     * Cargo temperature (°C) above which a refrigerated truck shows as warm, unless its registry
     * entry says.
     */
    public double reeferMaxC() {
        return reeferMaxC;
    }
}
