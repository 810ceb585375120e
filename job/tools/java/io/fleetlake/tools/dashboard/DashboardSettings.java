package io.fleetlake.tools.dashboard;

import io.fleetlake.tools.local.CliFlags;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Option;

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

    static final String USAGE = "the flags: ./fleetlake dashboard --help";

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
     * The command line, declared once: {@code ./fleetlake dashboard --help} and {@code docs/cli.md}
     * read these annotations (the CLI mixes them in), and {@link #parse} fills them.
     */
    public static final class Flags {
        @Option(
                order = 1,
                names = "--lake",
                paramLabel = "DIR|s3://bucket/prefix",
                description = "The lake to show. Default: lake")
        String lake = "lake";

        @Option(
                order = 2,
                names = "--port",
                paramLabel = "N",
                description = "Port on 127.0.0.1 (0: a free one). Default: 8088")
        int port = 8088;

        @Option(
                order = 3,
                names = "--tiles",
                paramLabel = "URL|none",
                description =
                        "Map tile URL template with {z}, {x}, {y}, or none for the offline"
                                + " coordinate grid. Default: OpenStreetMap")
        String tiles = OSM_TILES;

        @Option(
                order = 4,
                names = "--refresh",
                paramLabel = "DURATION",
                description = "How often the page refreshes (1 s to 10 min). Default: 5s")
        String refresh = "5s";

        @Option(
                order = 5,
                names = "--reefer-max-temp",
                paramLabel = "CELSIUS",
                description =
                        "Cargo temperature above which a refrigerated truck shows as warm (the"
                                + " default temperature rule's threshold). Default: -15")
        double reeferMax = -15;

        @Option(
                order = 6,
                names = "--geofences",
                paramLabel = "FILE|none",
                description =
                        "GeoJSON fences drawn on the map. Default:"
                                + " local-stack/samples/geofences.geojson when present")
        String geofences;
    }

    /**
     * Parses the command line; throws {@link IllegalArgumentException} naming a bad or unknown
     * flag.
     */
    public static DashboardSettings parse(String[] args) {
        Flags f = CliFlags.parse(new Flags(), args);
        Duration refresh;
        try {
            refresh = TimeUtils.parseDuration(f.refresh);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--refresh: not a duration: '" + f.refresh + "' (e.g. 5s, 1 min)", e);
        }
        String tiles = f.tiles.toLowerCase(Locale.ROOT).equals("none") ? "none" : f.tiles;
        String geofences = "none".equals(f.geofences) ? "" : f.geofences;
        if (geofences == null) {
            // As ./fleetlake's alert rules: the sample fences when no other file is given.
            java.nio.file.Path sample =
                    java.nio.file.Paths.get(
                            System.getProperty("fleetlake.home", "."),
                            "local-stack/samples/geofences.geojson");
            geofences = java.nio.file.Files.isRegularFile(sample) ? sample.toString() : "";
        }
        return new DashboardSettings(
                f.lake,
                f.port,
                tiles,
                refresh,
                f.reeferMax,
                geofences.isEmpty() ? null : geofences);
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
