package io.fleetlake.tools.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetlake.connectors.influx.InfluxLine;
import io.fleetlake.connectors.influx.InfluxRedrive;
import io.fleetlake.connectors.influx.InfluxSettings;
import io.fleetlake.connectors.lake.LakeSinkFactory;
import io.fleetlake.connectors.timestream.TimestreamClientConfig;
import io.fleetlake.connectors.timestream.TimestreamRecord;
import io.fleetlake.connectors.timestream.TimestreamRedrive;
import io.fleetlake.connectors.timestream.TimestreamSinkFactory;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.config.PropertyGroups;
import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.influx.InfluxLines;
import io.fleetlake.job.lake.LakeTables;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.timestream.TimestreamRecords;
import io.fleetlake.tools.local.CliFlags;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import picocli.CommandLine.Option;

/**
 * {@code ./fleetlake redrive --sink influx|timestream --from TIME --to TIME [--lake DIR]
 * [--properties FILE]}: re-sends the readings (and breadcrumbs, when the sink writes them) of an
 * event-time range {@code [from, to)} from the lake's committed files to InfluxDB or Timestream, so
 * an outage (the {@code influx_unavailable} / {@code timestream_unavailable} dead letters) is
 * repaired without replaying the sources. The rows become the very lines/records the job writes
 * ({@link InfluxLines}, {@link TimestreamRecords}): a point already stored is overwritten by itself
 * (InfluxDB) or accepted as identical (Timestream, same version), so a redrive can be run again, or
 * over a wider range, without duplicates.
 *
 * <p>The lake is read with DuckDB, streaming; a batch is sent as the sink's settings say ({@code
 * max-batch-size}, {@code retry-duration}). Exit status 0 when every row was written, 1 when the
 * sink refused some (listed), 2 on a usage or connection error.
 */
public final class RedriveCommand {
    static final String USAGE = "the flags: ./fleetlake redrive --help";

    /**
     * The command line, declared once: {@code ./fleetlake redrive --help} and {@code docs/cli.md}
     * read these annotations (the CLI mixes them in), and {@link #run} fills them.
     */
    public static final class Flags {
        @Option(
                order = 1,
                names = "--sink",
                paramLabel = "influx|timestream",
                description = "The sink to re-send to (its group in --properties).")
        String sink;

        @Option(
                order = 2,
                names = "--from",
                paramLabel = "TIME",
                description = "Event time, inclusive: ISO-8601, e.g. 2026-12-01T10:00:00Z.")
        String from;

        @Option(
                order = 3,
                names = "--to",
                paramLabel = "TIME",
                description = "Event time, exclusive.")
        String to;

        @Option(
                order = 4,
                names = "--lake",
                paramLabel = "DIR",
                description = "The lake to read. Default: the file's Lake.path.")
        String lake;

        @Option(
                order = 5,
                names = "--properties",
                paramLabel = "FILE",
                description = "Property groups with the sink's group (the job's file).")
        String properties;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    public RedriveCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = new RedriveCommand(System.out).run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fleetlake redrive: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("fleetlake redrive: " + e);
            code = 2;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command; returns the exit status (see the class comment). */
    public int run(String[] args) throws Exception {
        Flags a = CliFlags.parse(new Flags(), args);
        String sink = require(a.sink, "--sink");
        long from = time(require(a.from, "--from"));
        long to = time(require(a.to, "--to"));
        if (to <= from) {
            throw new IllegalArgumentException("--to must be after --from; " + USAGE);
        }
        Map<String, Map<String, String>> groups =
                a.properties != null
                        ? PropertyGroups.readJson(Paths.get(a.properties))
                        : new HashMap<>();
        FleetlakeConfig config = FleetlakeConfig.of(groups);
        String lake =
                a.lake != null
                        ? a.lake
                        : LakeSinkFactory.lakePath(config.section(FleetlakeOptions.LAKE));
        if (lake == null) {
            throw new IllegalArgumentException("no lake: give --lake or Lake.path; " + USAGE);
        }
        Path root =
                Paths.get(lake.startsWith("file:") ? java.net.URI.create(lake).getPath() : lake);
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = db.createStatement()) {
                s.execute("SET TimeZone='UTC'");
            }
            switch (sink) {
                case "influx":
                    return influx(config, db, root, from, to);
                case "timestream":
                    return timestream(config, db, root, from, to);
                default:
                    throw new IllegalArgumentException(
                            "--sink must be influx or timestream, not '" + sink + "'; " + USAGE);
            }
        }
    }

    private int influx(FleetlakeConfig config, Connection db, Path root, long from, long to)
            throws Exception {
        InfluxSettings settings =
                InfluxSettings.fromConfiguration(config.section(FleetlakeOptions.INFLUX));
        try (InfluxRedrive influx = new InfluxRedrive(settings)) {
            Batches<InfluxLine> batches =
                    new Batches<>(settings.maxBatchSize(), b -> unchecked(() -> influx.write(b)));
            readings(
                    db,
                    root,
                    from,
                    to,
                    r ->
                            batches.add(
                                    InfluxLine.of(
                                            InfluxLines.line(
                                                    settings.measurementReadings(),
                                                    settings.tagAttributes(),
                                                    r))));
            if (settings.measurementBreadcrumbs() != null) {
                breadcrumbs(
                        db,
                        root,
                        from,
                        to,
                        c ->
                                batches.add(
                                        InfluxLine.of(
                                                InfluxLines.line(
                                                        settings.measurementBreadcrumbs(),
                                                        settings.tagAttributes(),
                                                        c))));
            }
            batches.flush();
            return report(
                    "InfluxDB " + settings.url() + " " + settings.target(),
                    influx.written(),
                    influx.rejected());
        }
    }

    private int timestream(FleetlakeConfig config, Connection db, Path root, long from, long to)
            throws Exception {
        Configuration group = config.section(FleetlakeOptions.TIMESTREAM);
        TimestreamClientConfig client = TimestreamClientConfig.fromConfiguration(group);
        TimestreamSinkFactory settings = TimestreamSinkFactory.fromConfiguration(group, client);
        String database = settings.database();
        List<String> dims = settings.dimensionAttributes();
        int batch = settings.maxBatchSize();
        int status;
        try (TimestreamRedrive readings =
                new TimestreamRedrive(
                        client, database, settings.table(), settings.retryDuration())) {
            ElementConverter<Reading, TimestreamRecord> convert = TimestreamRecords.readings(dims);
            Batches<TimestreamRecord> batches =
                    new Batches<>(batch, b -> unchecked(() -> readings.write(b)));
            readings(db, root, from, to, r -> batches.add(convert.apply(r, null)));
            batches.flush();
            status =
                    report(
                            "Timestream " + database + "." + settings.table(),
                            readings.written(),
                            readings.rejected());
        }
        if (settings.breadcrumbsTable().isPresent()) {
            String table = settings.breadcrumbsTable().get();
            try (TimestreamRedrive crumbs =
                    new TimestreamRedrive(client, database, table, settings.retryDuration())) {
                ElementConverter<Breadcrumb, TimestreamRecord> convert =
                        TimestreamRecords.breadcrumbs(dims);
                Batches<TimestreamRecord> batches =
                        new Batches<>(batch, b -> unchecked(() -> crumbs.write(b)));
                breadcrumbs(db, root, from, to, c -> batches.add(convert.apply(c, null)));
                batches.flush();
                status =
                        Math.max(
                                status,
                                report(
                                        "Timestream " + database + "." + table,
                                        crumbs.written(),
                                        crumbs.rejected()));
            }
        }
        return status;
    }

    private int report(String target, long written, List<String> rejected) {
        out.printf(
                java.util.Locale.ROOT,
                "redrive: %,d written to %s, %,d refused%n",
                written,
                target,
                rejected.size());
        Iterator<String> it = rejected.iterator();
        for (int i = 0; i < 20 && it.hasNext(); i++) {
            out.println("  refused: " + it.next());
        }
        return rejected.isEmpty() ? 0 : 1;
    }

    /** Every committed reading of {@code [from, to)}, as the job had it. */
    static void readings(Connection db, Path root, long from, long to, Consumer<Reading> each)
            throws Exception {
        String sql =
                "SELECT device_id, thing_name, topic, epoch_ms(event_time) AS t, temperature, "
                        + "temperature_fahrenheit, humidity, pressure, to_json(measures) AS m, "
                        + "to_json(attributes) AS a, source, origin FROM "
                        + table(root, LakeTables.READINGS)
                        + " WHERE epoch_ms(event_time) >= ? AND epoch_ms(event_time) < ?";
        query(
                db,
                root,
                LakeTables.READINGS,
                sql,
                from,
                to,
                rs -> {
                    Reading r = new Reading();
                    r.deviceId = rs.getString(1);
                    r.thingName = rs.getString(2);
                    r.topic = rs.getString(3);
                    r.eventTime = rs.getLong(4);
                    r.temperature = number(rs, 5);
                    r.temperatureFahrenheit = number(rs, 6);
                    r.humidity = number(rs, 7);
                    r.pressure = number(rs, 8);
                    r.measures = new HashMap<>();
                    for (Map.Entry<String, JsonNode> e : fields(rs.getString(9))) {
                        r.measures.put(e.getKey(), e.getValue().asDouble());
                    }
                    r.attributes = new HashMap<>();
                    for (Map.Entry<String, JsonNode> e : fields(rs.getString(10))) {
                        r.attributes.put(e.getKey(), e.getValue().asText());
                    }
                    r.source = rs.getString(11);
                    r.origin = rs.getString(12);
                    each.accept(r);
                });
    }

    /** Every committed breadcrumb of {@code [from, to)}. */
    static void breadcrumbs(Connection db, Path root, long from, long to, Consumer<Breadcrumb> each)
            throws Exception {
        String sql =
                "SELECT thing_name, device_id, epoch_ms(event_time) AS t, lat, lon, speed, "
                        + "to_json(attributes) AS a, source, origin FROM "
                        + table(root, LakeTables.BREADCRUMBS)
                        + " WHERE epoch_ms(event_time) >= ? AND epoch_ms(event_time) < ?";
        query(
                db,
                root,
                LakeTables.BREADCRUMBS,
                sql,
                from,
                to,
                rs -> {
                    Breadcrumb c = new Breadcrumb();
                    c.thingName = rs.getString(1);
                    c.deviceId = rs.getString(2);
                    c.eventTime = rs.getLong(3);
                    c.lat = rs.getDouble(4);
                    c.lon = rs.getDouble(5);
                    c.speed = number(rs, 6);
                    c.attributes = new HashMap<>();
                    for (Map.Entry<String, JsonNode> e : fields(rs.getString(7))) {
                        c.attributes.put(e.getKey(), e.getValue().asText());
                    }
                    c.source = rs.getString(8);
                    c.origin = rs.getString(9);
                    each.accept(c);
                });
    }

    private interface RowHandler {
        void row(ResultSet rs) throws Exception;
    }

    private static void query(
            Connection db, Path root, String table, String sql, long from, long to, RowHandler h)
            throws Exception {
        if (!Files.isDirectory(root.resolve(table))) {
            return;
        }
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    h.row(rs);
                }
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("No files found")) {
                    return;
                }
                throw e;
            }
        }
    }

    /** The committed files of a table (in-progress and pending files start with '.' or '_'). */
    private static String table(Path root, String table) {
        String glob = root.resolve(table).toString() + "/**/[!._]*.parquet";
        return "read_parquet('"
                + glob.replace("'", "''")
                + "', hive_partitioning = 1, union_by_name = 1)";
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(String json) throws Exception {
        if (json == null) {
            return List.of();
        }
        JsonNode node = JSON.readTree(json);
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }

    private static long time(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (RuntimeException e) {
            try {
                return EventTimes.parse(text);
            } catch (RuntimeException again) {
                throw new IllegalArgumentException("'" + text + "' is not a time; " + USAGE, again);
            }
        }
    }

    private static String require(String value, String flag) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " is required; " + USAGE);
        }
        return value;
    }

    /** A write that may fail, for the batch consumer. */
    private interface Write {
        void run() throws Exception;
    }

    private static void unchecked(Write w) {
        try {
            w.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RedriveFailed(e);
        }
    }

    /** A send failure, carried out of the row callbacks. */
    static final class RedriveFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedriveFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Collects items into batches of {@code size} and hands each full batch on. */
    private static final class Batches<T> {
        private final int size;
        private final Consumer<List<T>> send;
        private List<T> batch = new ArrayList<>();

        Batches(int size, Consumer<List<T>> send) {
            this.size = size;
            this.send = send;
        }

        void add(T item) {
            batch.add(item);
            if (batch.size() >= size) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                List<T> full = batch;
                batch = new ArrayList<>();
                send.accept(full);
            }
        }
    }
}
