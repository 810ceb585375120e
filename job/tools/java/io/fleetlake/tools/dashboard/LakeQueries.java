package io.fleetlake.tools.dashboard;

import io.fleetlake.job.lake.LakeTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's questions to the lake, answered by DuckDB in this JVM over the committed Parquet
 * files.
 *
 * <p>Every statement is a constant; request values only ever reach DuckDB as bound parameters.
 * Table paths come from the lake root given on the command line, never from a request. Only
 * committed files are read: the glob {@code **}{@code /[!._]*.parquet} skips in-progress and
 * pending files (dot-prefixed) and compaction inputs ({@code _}-prefixed), as Athena does. A table
 * with no committed file yet (e.g. {@code alerts} before the alert rules ran) answers with no rows.
 *
 * <p>Time windows ("the last 10 minutes") are measured back from the newest event time in the lake,
 * not from the wall clock, so a backfilled lake shows too. One connection serves every request;
 * DuckDB's JDBC connection is not meant for concurrent statements, so queries are serialised (each
 * takes milliseconds on a local lake).
 */
public final class LakeQueries implements AutoCloseable {
    /** Timestamps leave DuckDB as ISO-8601 UTC strings, so the JVM time zone never shifts them. */
    private static final String ISO = "'%Y-%m-%dT%H:%M:%S.%gZ'";

    private static final DateTimeFormatter PARTITION_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter FROM_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    /** TOP-K looks for windows in this many newest hour partitions. */
    private static final int RECENT_HOURS = 24;

    /**
     * The alert rules' table; a lake written before alerts existed (or with alerts off) has none.
     */
    static final String ALERTS = LakeTables.ALERTS;

    /** Tables whose rows per hour the dashboard shows. */
    static final List<String> TABLES =
            List.of(
                    LakeTables.READINGS,
                    LakeTables.BREADCRUMBS,
                    LakeTables.DEAD_LETTER,
                    LakeTables.TOPK,
                    ALERTS,
                    LakeTables.READINGS_1M,
                    LakeTables.READINGS_1H,
                    LakeTables.BREADCRUMBS_1M);

    /** Alert columns shown, in this order (the alerts table may have fewer or more). */
    private static final List<String> ALERT_COLUMNS =
            List.of(
                    "alert_id",
                    "rule",
                    "type",
                    "device_id",
                    "thing_name",
                    "state",
                    "opened_at",
                    "closed_at",
                    "duration_s",
                    "value",
                    "threshold",
                    "lat",
                    "lon",
                    "details");

    private final String lakeRoot;
    private final double defaultReeferMaxC;
    private final Connection connection;

    /**
     * Opens an in-memory DuckDB over the lake.
     *
     * @param lakeRoot local directory or {@code s3://bucket/prefix} (needs DuckDB's httpfs
     *     extension)
     * @param defaultReeferMaxC cargo temperature above which a refrigerated truck is "warm", unless
     *     its registry attribute {@code max_temperature_c} (or {@code max_temp_c}) says otherwise
     */
    public LakeQueries(String lakeRoot, double defaultReeferMaxC) throws SQLException {
        this.lakeRoot =
                lakeRoot.endsWith("/") ? lakeRoot.substring(0, lakeRoot.length() - 1) : lakeRoot;
        this.defaultReeferMaxC = defaultReeferMaxC;
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            if (this.lakeRoot.startsWith("s3://")) {
                loadHttpfs(s);
            }
        }
    }

    private static void loadHttpfs(Statement s) throws SQLException {
        try {
            s.execute("INSTALL httpfs");
            s.execute("LOAD httpfs");
        } catch (SQLException e) {
            throw new SQLException(
                    "an s3:// lake needs DuckDB's httpfs extension, which could not be loaded ("
                            + e.getMessage()
                            + "); sync the lake to a local directory instead (see docs/features/dashboard.md)",
                    e);
        }
        // Credentials and endpoint from the usual AWS environment variables, as the AWS CLI reads
        // them.
        String endpoint =
                System.getenv("AWS_ENDPOINT_URL_S3") != null
                        ? System.getenv("AWS_ENDPOINT_URL_S3")
                        : System.getenv("AWS_ENDPOINT_URL");
        setIfPresent(s, "s3_region", System.getenv("AWS_REGION"));
        setIfPresent(s, "s3_access_key_id", System.getenv("AWS_ACCESS_KEY_ID"));
        setIfPresent(s, "s3_secret_access_key", System.getenv("AWS_SECRET_ACCESS_KEY"));
        setIfPresent(s, "s3_session_token", System.getenv("AWS_SESSION_TOKEN"));
        if (endpoint != null) {
            boolean tls = endpoint.startsWith("https://");
            setIfPresent(s, "s3_endpoint", endpoint.replaceFirst("^https?://", ""));
            s.execute("SET s3_use_ssl=" + tls);
            s.execute("SET s3_url_style='path'");
        }
    }

    private static void setIfPresent(Statement s, String setting, String value)
            throws SQLException {
        if (value != null && !value.isEmpty()) {
            s.execute("SET " + setting + "='" + value.replace("'", "''") + "'");
        }
    }

    /** The glob of one table's committed files. */
    String glob(String table) {
        return lakeRoot + "/" + table + "/**/[!._]*.parquet";
    }

    /** The table expression reading one table (partition columns typed as integers). */
    private String table(String name) {
        return "read_parquet('"
                + glob(name).replace("'", "''")
                + "', hive_partitioning = 1, union_by_name = 1, "
                + "hive_types = {'year': INTEGER, 'month': INTEGER, 'day': INTEGER, 'hour': INTEGER})";
    }

    /** True when the table has at least one committed file. */
    boolean exists(String table) throws SQLException {
        return newestHour(table) != null;
    }

    /**
     * The start of the table's newest hour partition, from its committed files' names (a directory
     * listing, no file is opened); {@code null} when the table has no committed file. Every table
     * is partitioned by the hour of its time column, so the newest row is in this partition.
     */
    LocalDateTime newestHour(String table) throws SQLException {
        List<Map<String, Object>> r =
                query(
                        "SELECT max(make_timestamp("
                                + "TRY_CAST(regexp_extract(file, '/year=(\\d+)/', 1) AS BIGINT), "
                                + "TRY_CAST(regexp_extract(file, '/month=(\\d+)/', 1) AS BIGINT), "
                                + "TRY_CAST(regexp_extract(file, '/day=(\\d+)/', 1) AS BIGINT), "
                                + "TRY_CAST(regexp_extract(file, '/hour=(\\d+)/', 1) AS BIGINT), 0, 0)) AS h FROM glob(?)",
                        glob(table));
        Object h = r.isEmpty() ? null : r.get(0).get("h");
        return h == null ? null : LocalDateTime.parse(h.toString().replace(' ', 'T'));
    }

    /**
     * A condition keeping only the hour partitions that start at or after {@code from}, so DuckDB
     * opens no other file: the window of a query is a few hours at the newest end of a lake that
     * may hold months. The bound is a literal because DuckDB prunes Hive partitions only on
     * constants (a bound parameter still opens every file's footer: 650 ms instead of 300 ms over
     * 720 partitions); it is formatted here from the lake's own partition names and a validated
     * number, never from request text.
     */
    private static String partitionsFrom(LocalDateTime from) {
        return "make_timestamp(year, month, day, hour, 0, 0) >= TIMESTAMP '"
                + PARTITION_TIME.format(from)
                + "'";
    }

    /**
     * The newest breadcrumb of every vehicle seen in the last {@code minutes} of the lake's newest
     * breadcrumb time, with its cargo temperature when it reports one (refrigerated trucks).
     */
    public List<Map<String, Object>> positions(int minutes) throws SQLException {
        Window w = window(LakeTables.BREADCRUMBS, "event_time", minutes);
        if (w == null) {
            return List.of();
        }
        boolean readings = exists(LakeTables.READINGS);
        String sql =
                "WITH last AS (SELECT thing_name, lat, lon, speed, heading, event_time, attributes FROM "
                        + table(LakeTables.BREADCRUMBS)
                        + " WHERE "
                        + w.partitions
                        + " AND event_time >= CAST(? AS TIMESTAMP) "
                        + "AND thing_name IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL "
                        + "QUALIFY row_number() OVER (PARTITION BY thing_name ORDER BY event_time DESC, lat, lon) = 1)"
                        + (readings
                                ? ", cargo AS (SELECT thing_name, arg_max(temperature, event_time) AS temperature FROM "
                                        + table(LakeTables.READINGS)
                                        + " WHERE "
                                        + w.partitions
                                        + " AND event_time >= CAST(? AS TIMESTAMP) AND thing_name IS NOT NULL "
                                        + "AND temperature IS NOT NULL GROUP BY thing_name) "
                                : " ")
                        + "SELECT last.thing_name, last.lat, last.lon, last.speed, last.heading, "
                        + "strftime(last.event_time, "
                        + ISO
                        + ") AS event_time, "
                        + (readings ? "cargo.temperature" : "CAST(NULL AS DOUBLE)")
                        + " AS cargo_temp_c, "
                        + "coalesce(TRY_CAST(map_extract(last.attributes, 'max_temperature_c')[1] AS DOUBLE), "
                        + "TRY_CAST(map_extract(last.attributes, 'max_temp_c')[1] AS DOUBLE), ?) AS cargo_max_c, "
                        + "map_extract(last.attributes, 'vehicle_type')[1] AS vehicle_type "
                        + "FROM last"
                        + (readings ? " LEFT JOIN cargo USING (thing_name)" : "")
                        + " ORDER BY last.thing_name";
        List<Map<String, Object>> rows =
                readings
                        ? query(sql, w.from, w.from, defaultReeferMaxC)
                        : query(sql, w.from, defaultReeferMaxC);
        for (Map<String, Object> row : rows) {
            Object temp = row.get("cargo_temp_c");
            boolean reefer = temp != null || "reefer".equals(row.get("vehicle_type"));
            String state = "none";
            if (reefer) {
                state =
                        temp == null
                                ? "unknown"
                                : ((Number) temp).doubleValue()
                                                > ((Number) row.get("cargo_max_c")).doubleValue()
                                        ? "warm"
                                        : "ok";
            }
            row.put("reefer", state);
            row.remove("vehicle_type");
        }
        return rows;
    }

    /**
     * One vehicle's breadcrumbs over the last {@code minutes} of the lake's newest breadcrumb time,
     * oldest first.
     */
    public List<Map<String, Object>> track(String thingName, int minutes) throws SQLException {
        Window w = window(LakeTables.BREADCRUMBS, "event_time", minutes);
        if (w == null) {
            return List.of();
        }
        return query(
                "SELECT lat, lon, speed, heading, strftime(event_time, "
                        + ISO
                        + ") AS event_time FROM "
                        + table(LakeTables.BREADCRUMBS)
                        + " WHERE "
                        + w.partitions
                        + " AND event_time >= CAST(? AS TIMESTAMP) "
                        + "AND thing_name = ? AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY event_time",
                w.from,
                thingName);
    }

    /**
     * The last {@code minutes} before the newest {@code column} value of a table (read from its
     * newest partition only): the first timestamp as a bound parameter, and the partitions that can
     * hold it; null for no table.
     */
    private Window window(String table, String column, int minutes) throws SQLException {
        LocalDateTime newestHour = newestHour(table);
        if (newestHour == null) {
            return null;
        }
        Object newest =
                query(
                                "SELECT strftime(max("
                                        + column
                                        + "), '%Y-%m-%d %H:%M:%S.%g') AS t FROM "
                                        + table(table)
                                        + " WHERE "
                                        + partitionsFrom(newestHour))
                        .get(0)
                        .get("t");
        if (newest == null) {
            return null;
        }
        LocalDateTime from =
                LocalDateTime.parse(newest.toString().replace(' ', 'T')).minusMinutes(minutes);
        return new Window(
                partitionsFrom(from.truncatedTo(ChronoUnit.HOURS)), FROM_TIME.format(from));
    }

    /**
     * A time window over a table: the partition condition and the first timestamp (for CAST(? AS
     * TIMESTAMP)).
     */
    private static final class Window {
        final String partitions;
        final String from;

        Window(String partitions, String from) {
            this.partitions = partitions;
            this.from = from;
        }
    }

    /** The TOP-K spec names in the lake. */
    public List<String> topkSpecs() throws SQLException {
        List<String> specs = new ArrayList<>();
        String t = recentTopk();
        if (t != null) {
            for (Map<String, Object> r :
                    query("SELECT DISTINCT spec FROM " + t + " ORDER BY spec")) {
                specs.add((String) r.get("spec"));
            }
        }
        return specs;
    }

    /** The topk table's newest {@link #RECENT_HOURS} hour partitions; null when it has none. */
    private String recentTopk() throws SQLException {
        LocalDateTime newest = newestHour(LakeTables.TOPK);
        return newest == null
                ? null
                : "(SELECT * FROM "
                        + table(LakeTables.TOPK)
                        + " WHERE "
                        + partitionsFrom(newest.minusHours(RECENT_HOURS - 1))
                        + ")";
    }

    /**
     * The last closed window of one spec (the topk table only ever holds closed windows): its
     * bounds and ranked items; {@code null} when the spec has no window in the newest day of the
     * lake's windows.
     */
    public Map<String, Object> topk(String spec) throws SQLException {
        String t = recentTopk();
        if (t == null) {
            return null;
        }
        List<Map<String, Object>> rows =
                query(
                        "WITH w AS (SELECT max(window_end) AS e FROM "
                                + t
                                + " WHERE spec = ?) "
                                + "SELECT strftime(window_start, "
                                + ISO
                                + ") AS window_start, strftime(window_end, "
                                + ISO
                                + ") AS window_end, rank, item, item_count FROM "
                                + t
                                + ", w WHERE spec = ? AND window_end = w.e "
                                + "ORDER BY rank",
                        spec,
                        spec);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("spec", spec);
        out.put("window_start", rows.get(0).get("window_start"));
        out.put("window_end", rows.get(0).get("window_end"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("rank", r.get("rank"));
            item.put("item", r.get("item"));
            item.put("count", r.get("item_count"));
            items.add(item);
        }
        out.put("items", items);
        return out;
    }

    /**
     * Alerts: each alert's latest row (an alert is written when it opens and again when it closes),
     * the open ones first (newest first), then the {@code closedLimit} most recently closed. Empty
     * without an alerts table.
     */
    public List<Map<String, Object>> alerts(int closedLimit) throws SQLException {
        if (!exists(ALERTS)) {
            return List.of();
        }
        String t = table(ALERTS);
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> c : query("DESCRIBE SELECT * FROM " + t)) {
            types.put((String) c.get("column_name"), (String) c.get("column_type"));
        }
        if (!types.containsKey("alert_id") || !types.containsKey("state")) {
            throw new SQLException(
                    "the alerts table has no alert_id or state column: " + types.keySet());
        }
        List<String> select = new ArrayList<>();
        for (String col : ALERT_COLUMNS) {
            String type = types.get(col);
            if (type == null) {
                continue;
            }
            // Column names come from the fixed list above, never from a request.
            String quoted = '"' + col + '"';
            if (type.startsWith("TIMESTAMP")) {
                select.add("strftime(CAST(" + quoted + " AS TIMESTAMP), " + ISO + ") AS " + quoted);
            } else if (type.startsWith("MAP") || type.startsWith("STRUCT") || type.endsWith("[]")) {
                select.add("CAST(" + quoted + " AS VARCHAR) AS " + quoted);
            } else {
                select.add(quoted);
            }
        }
        String order = types.containsKey("closed_at") ? "closed_at DESC NULLS LAST" : "alert_id";
        String opened = types.containsKey("opened_at") ? "opened_at DESC NULLS LAST, " : "";
        String latest =
                "SELECT * FROM "
                        + t
                        + " QUALIFY row_number() OVER (PARTITION BY alert_id "
                        + "ORDER BY (state = 'closed') DESC, "
                        + order
                        + ") = 1";
        String list = String.join(", ", select);
        List<Map<String, Object>> out =
                new ArrayList<>(
                        query(
                                "SELECT "
                                        + list
                                        + " FROM ("
                                        + latest
                                        + ") WHERE state <> 'closed' ORDER BY "
                                        + opened
                                        + "alert_id"));
        out.addAll(
                query(
                        "SELECT "
                                + list
                                + " FROM ("
                                + latest
                                + ") WHERE state = 'closed' ORDER BY "
                                + order
                                + ", alert_id LIMIT ?",
                        closedLimit));
        return out;
    }

    /**
     * Dead letters by reason over the last {@code minutes} of the newest dead letter's arrival
     * time, and the rows of every table per hour partition (the newest {@code hours} partitions of
     * each): is data flowing?
     */
    public Map<String, Object> deadLetters(int minutes, int hours) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> byReason = List.of();
        Window w = window(LakeTables.DEAD_LETTER, "received_at", minutes);
        if (w != null) {
            byReason =
                    query(
                            "SELECT coalesce(reason_code, 'unknown') AS reason_code, count(*) AS count, "
                                    + "any_value(reason) AS example FROM "
                                    + table(LakeTables.DEAD_LETTER)
                                    + " WHERE "
                                    + w.partitions
                                    + " AND received_at >= CAST(? AS TIMESTAMP) GROUP BY 1 ORDER BY count DESC, reason_code",
                            w.from);
        }
        out.put("minutes", minutes);
        out.put("by_reason", byReason);
        List<Map<String, Object>> perHour = new ArrayList<>();
        for (String name : TABLES) {
            LocalDateTime newest = newestHour(name);
            if (newest == null) {
                continue;
            }
            perHour.addAll(
                    query(
                            "SELECT ? AS \"table\", strftime(make_timestamp(year, month, day, hour, 0, 0), "
                                    + "'%Y-%m-%dT%H:00Z') AS hour, count(*) AS rows FROM "
                                    + table(name)
                                    + " WHERE "
                                    + partitionsFrom(newest.minusHours(hours - 1))
                                    + " GROUP BY year, month, day, hour "
                                    + "ORDER BY year DESC, month DESC, day DESC, hour DESC LIMIT ?",
                            name,
                            hours));
        }
        out.put("rows_per_hour", perHour);
        return out;
    }

    /** The lake's newest breadcrumb and reading times (ISO strings, null when a table is empty). */
    public Map<String, Object> newest() throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : new String[] {LakeTables.BREADCRUMBS, LakeTables.READINGS}) {
            LocalDateTime hour = newestHour(name);
            out.put(
                    name,
                    hour == null
                            ? null
                            : query(
                                            "SELECT strftime(max(event_time), "
                                                    + ISO
                                                    + ") AS t FROM "
                                                    + table(name)
                                                    + " WHERE "
                                                    + partitionsFrom(hour))
                                    .get(0)
                                    .get("t"));
        }
        return out;
    }

    // ---------- history (rollup tables) ----------

    /** Rows any history answer may hold; a longer range switches to a coarser table instead. */
    static final int HISTORY_ROW_LIMIT = 20_000;

    /** Up to this range the charts show raw rows, up to {@link #MINUTES_UP_TO} minutes. */
    static final Duration RAW_UP_TO = Duration.ofHours(2);

    /** Up to this range the charts show readings_1m; longer, readings_1h. */
    static final Duration MINUTES_UP_TO = Duration.ofDays(3);

    /**
     * The DuckDB version of the Athena view {@code readings_1m_filled} (sql/athena/views.sql), for
     * one series and range: the minute grid from {@code from} to {@code to}, the observed minute
     * means, last-value-carried-forward and linear interpolation, both null beyond the maximum gap.
     * Parameters: device, measure, from, to (grid), max gap minutes (twice: the minutes before and
     * after the range that may hold the surrounding observations), device, measure, max gap twice.
     */
    static final String FILLED_SQL =
            "WITH grid AS (SELECT unnest(generate_series(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), "
                    + "INTERVAL 1 MINUTE)) AS ts), "
                    + "obs AS (SELECT window_start AS ts, avg AS value FROM {readings_1m} WHERE {partitions} "
                    + "AND device_id = ? AND measure = ? "
                    + "AND window_start >= CAST(? AS TIMESTAMP) - to_minutes(CAST(? AS BIGINT)) "
                    + "AND window_start <= CAST(? AS TIMESTAMP) + to_minutes(CAST(? AS BIGINT))), "
                    + "observed AS (SELECT ts, obs.value FROM (SELECT ts FROM grid UNION SELECT ts FROM obs) "
                    + "LEFT JOIN obs USING (ts)), "
                    + "around AS (SELECT *, "
                    + "max(CASE WHEN value IS NOT NULL THEN ts END) OVER (ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prev_ts, "
                    + "last_value(value IGNORE NULLS) OVER (ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prev_value, "
                    + "min(CASE WHEN value IS NOT NULL THEN ts END) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_ts, "
                    + "first_value(value IGNORE NULLS) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_value "
                    + "FROM observed) "
                    + "SELECT strftime(ts, "
                    + ISO
                    + ") AS ts, value, "
                    + "CASE WHEN date_diff('minute', prev_ts, ts) <= ? THEN prev_value END AS locf_value, "
                    + "CASE WHEN value IS NOT NULL THEN value WHEN date_diff('minute', prev_ts, next_ts) <= ? "
                    + "THEN prev_value + (next_value - prev_value) * CAST(date_diff('second', prev_ts, ts) AS DOUBLE) "
                    + "/ CAST(date_diff('second', prev_ts, next_ts) AS DOUBLE) END AS interpolated_value "
                    + "FROM around WHERE ts >= CAST(? AS TIMESTAMP) AND ts <= CAST(? AS TIMESTAMP) ORDER BY ts";

    /**
     * One series on the minute grid from {@code from} to {@code to} (at most {@link
     * #HISTORY_ROW_LIMIT} minutes) with LOCF and linear interpolation up to {@code maxGapMinutes}.
     */
    public List<Map<String, Object>> filled(
            String deviceId, String measure, Instant from, Instant to, int maxGapMinutes)
            throws SQLException {
        if (!exists(LakeTables.READINGS_1M)) {
            return List.of();
        }
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        Instant end = to.truncatedTo(ChronoUnit.MINUTES);
        String f = sqlTime(start);
        String t = sqlTime(end);
        String sql =
                FILLED_SQL
                        .replace("{readings_1m}", table(LakeTables.READINGS_1M))
                        .replace(
                                "{partitions}",
                                partitionsBetween(
                                        start.minus(Duration.ofMinutes(maxGapMinutes)),
                                        end.plus(Duration.ofMinutes(maxGapMinutes))));
        return query(
                sql,
                f,
                t,
                deviceId,
                measure,
                f,
                maxGapMinutes,
                t,
                maxGapMinutes,
                maxGapMinutes,
                maxGapMinutes,
                f,
                t);
    }

    /**
     * Vehicles and devices the rollup tables know, newest first, whose name contains {@code search}
     * (case-insensitive; empty: all), at most {@code limit}.
     */
    public List<Map<String, Object>> vehicles(String search, int limit) throws SQLException {
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (exists(LakeTables.BREADCRUMBS_1M)) {
            parts.add(
                    "SELECT thing_name AS name, 'vehicle' AS kind, max(window_end) AS last_seen FROM "
                            + table(LakeTables.BREADCRUMBS_1M)
                            + " WHERE thing_name IS NOT NULL AND contains(lower(thing_name), lower(?)) GROUP BY 1");
            params.add(search);
        }
        if (exists(LakeTables.READINGS_1H)) {
            parts.add(
                    "SELECT coalesce(thing_name, device_id) AS name, 'device' AS kind, max(window_end) AS last_seen FROM "
                            + table(LakeTables.READINGS_1H)
                            + " WHERE contains(lower(coalesce(thing_name, device_id)), lower(?)) GROUP BY 1");
            params.add(search);
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        params.add(limit);
        return query(
                "SELECT name, CASE WHEN bool_or(kind = 'vehicle') THEN 'vehicle' ELSE 'device' END AS kind, "
                        + "strftime(max(last_seen), "
                        + ISO
                        + ") AS last_seen FROM ("
                        + String.join(" UNION ALL ", parts)
                        + ") GROUP BY name ORDER BY kind DESC, name LIMIT ?",
                params.toArray());
    }

    /**
     * One vehicle's or device's history from {@code from} to {@code to}: its track (raw breadcrumbs
     * up to {@link #MINUTES_UP_TO}, else the minutes' last positions), its speed and its measures,
     * from the raw tables for ranges up to {@link #RAW_UP_TO}, readings_1m/breadcrumbs_1m up to
     * {@link #MINUTES_UP_TO}, else readings_1h and breadcrumbs_1m by hour. Each list holds at most
     * {@link #HISTORY_ROW_LIMIT} rows ({@code truncated} says when one was cut).
     */
    public Map<String, Object> history(String name, Instant from, Instant to) throws SQLException {
        Duration range = Duration.between(from, to);
        String granularity =
                range.compareTo(RAW_UP_TO) <= 0
                        ? "raw"
                        : range.compareTo(MINUTES_UP_TO) <= 0 ? "1m" : "1h";
        String partitions = partitionsBetween(from, to);
        String f = sqlTime(from);
        String t = sqlTime(to);
        int limit = HISTORY_ROW_LIMIT + 1;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("granularity", granularity);
        List<Map<String, Object>> track = List.of();
        List<Map<String, Object>> speed = List.of();
        if (granularity.equals("raw") || range.compareTo(MINUTES_UP_TO) <= 0) {
            if (exists(LakeTables.BREADCRUMBS)) {
                track =
                        query(
                                "SELECT strftime(event_time, "
                                        + ISO
                                        + ") AS t, lat, lon, speed FROM "
                                        + table(LakeTables.BREADCRUMBS)
                                        + " WHERE "
                                        + partitions
                                        + " AND thing_name = ? AND event_time >= CAST(? AS TIMESTAMP) "
                                        + "AND event_time < CAST(? AS TIMESTAMP) AND lat IS NOT NULL AND lon IS NOT NULL "
                                        + "ORDER BY event_time, lat, lon LIMIT ?",
                                name,
                                f,
                                t,
                                limit);
            }
        } else if (exists(LakeTables.BREADCRUMBS_1M)) {
            track =
                    query(
                            "SELECT strftime(window_end, "
                                    + ISO
                                    + ") AS t, last_lat AS lat, last_lon AS lon, avg_speed AS speed FROM "
                                    + table(LakeTables.BREADCRUMBS_1M)
                                    + " WHERE "
                                    + partitions
                                    + " AND thing_name = ? AND window_start >= CAST(? AS TIMESTAMP) "
                                    + "AND window_start < CAST(? AS TIMESTAMP) ORDER BY window_start LIMIT ?",
                            name,
                            f,
                            t,
                            limit);
        }
        if (granularity.equals("raw")) {
            speed = track;
        } else if (exists(LakeTables.BREADCRUMBS_1M)) {
            String bucket =
                    granularity.equals("1m") ? "window_start" : "date_trunc('hour', window_start)";
            speed =
                    query(
                            "SELECT strftime("
                                    + bucket
                                    + ", "
                                    + ISO
                                    + ") AS t, sum(avg_speed * samples) / sum(samples) AS speed, max(max_speed) AS max "
                                    + "FROM "
                                    + table(LakeTables.BREADCRUMBS_1M)
                                    + " WHERE "
                                    + partitions
                                    + " AND thing_name = ? AND window_start >= CAST(? AS TIMESTAMP) "
                                    + "AND window_start < CAST(? AS TIMESTAMP) GROUP BY "
                                    + bucket
                                    + " ORDER BY "
                                    + bucket
                                    + " LIMIT ?",
                            name,
                            f,
                            t,
                            limit);
        }
        List<Map<String, Object>> measures = List.of();
        if (granularity.equals("raw")) {
            if (exists(LakeTables.READINGS)) {
                measures =
                        query(
                                "SELECT measure, strftime(event_time, "
                                        + ISO
                                        + ") AS t, v FROM (SELECT event_time, e.key AS measure, e.value AS v FROM "
                                        + "(SELECT event_time, unnest(map_entries(measures)) AS e FROM "
                                        + table(LakeTables.READINGS)
                                        + " WHERE "
                                        + partitions
                                        + " AND (thing_name = ? OR device_id = ?) AND event_time >= CAST(? AS TIMESTAMP) "
                                        + "AND event_time < CAST(? AS TIMESTAMP))) WHERE v IS NOT NULL "
                                        + "ORDER BY measure, event_time LIMIT ?",
                                name,
                                name,
                                f,
                                t,
                                limit);
            }
        } else {
            String rollup =
                    granularity.equals("1m") ? LakeTables.READINGS_1M : LakeTables.READINGS_1H;
            if (exists(rollup)) {
                measures =
                        query(
                                "SELECT measure, strftime(window_start, "
                                        + ISO
                                        + ") AS t, avg AS v, min, max FROM "
                                        + table(rollup)
                                        + " WHERE "
                                        + partitions
                                        + " AND (thing_name = ? OR device_id = ?) AND window_start >= CAST(? AS TIMESTAMP) "
                                        + "AND window_start < CAST(? AS TIMESTAMP) ORDER BY measure, window_start LIMIT ?",
                                name,
                                name,
                                f,
                                t,
                                limit);
            }
        }
        boolean truncated =
                track.size() > HISTORY_ROW_LIMIT
                        || speed.size() > HISTORY_ROW_LIMIT
                        || measures.size() > HISTORY_ROW_LIMIT;
        out.put("truncated", truncated);
        out.put("track", cut(track));
        out.put("speed", cut(speed));
        Map<String, List<Map<String, Object>>> byMeasure = new LinkedHashMap<>();
        for (Map<String, Object> m : cut(measures)) {
            byMeasure.computeIfAbsent((String) m.remove("measure"), k -> new ArrayList<>()).add(m);
        }
        out.put("measures", byMeasure);
        return out;
    }

    /**
     * Per vehicle and day (UTC) from {@code from} to {@code to}: distance, moving and speeding
     * minutes and top speed from breadcrumbs_1m, and speeding alert episodes from the alerts table.
     */
    public List<Map<String, Object>> vehicleDays(Instant from, Instant to, int limit)
            throws SQLException {
        if (!exists(LakeTables.BREADCRUMBS_1M)) {
            return List.of();
        }
        String f = sqlTime(from);
        String t = sqlTime(to);
        boolean alerts = exists(ALERTS);
        String episodes =
                alerts
                        ? ", ep AS (SELECT thing_name, CAST(opened_at AS DATE) AS day, count(DISTINCT alert_id) AS episodes "
                                + "FROM "
                                + table(ALERTS)
                                + " WHERE type = 'speeding' AND opened_at >= CAST(? AS TIMESTAMP) "
                                + "AND opened_at < CAST(? AS TIMESTAMP) GROUP BY ALL)"
                        : "";
        String sql =
                "WITH d AS (SELECT thing_name, CAST(window_start AS DATE) AS day, sum(distance_km) AS distance_km, "
                        + "sum(moving_s) / 60.0 AS moving_minutes, sum(coalesce(speeding_s, 0)) / 60.0 AS speeding_minutes, "
                        + "max(max_speed) AS max_speed FROM "
                        + table(LakeTables.BREADCRUMBS_1M)
                        + " WHERE "
                        + partitionsBetween(from, to)
                        + " AND window_start >= CAST(? AS TIMESTAMP) AND window_start < CAST(? AS TIMESTAMP) GROUP BY ALL)"
                        + episodes
                        + " SELECT d.thing_name, strftime(d.day, '%Y-%m-%d') AS day, round(d.distance_km, 3) AS distance_km, "
                        + "round(d.moving_minutes, 1) AS moving_minutes, round(d.speeding_minutes, 1) AS speeding_minutes, "
                        + "d.max_speed, "
                        + (alerts ? "coalesce(ep.episodes, 0)" : "0")
                        + " AS speeding_alerts FROM d"
                        + (alerts ? " LEFT JOIN ep USING (thing_name, day)" : "")
                        + " ORDER BY d.day DESC, d.speeding_minutes DESC, d.thing_name LIMIT ?";
        return alerts ? query(sql, f, t, f, t, limit) : query(sql, f, t, limit);
    }

    private static List<Map<String, Object>> cut(List<Map<String, Object>> rows) {
        return rows.size() > HISTORY_ROW_LIMIT ? rows.subList(0, HISTORY_ROW_LIMIT) : rows;
    }

    private static String sqlTime(Instant t) {
        return FROM_TIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    /**
     * The hour partitions from {@code from} to {@code to}, as literals (see {@link
     * #partitionsFrom}): formatted from parsed instants, never from request text.
     */
    private static String partitionsBetween(Instant from, Instant to) {
        LocalDateTime f =
                LocalDateTime.ofInstant(from, ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        LocalDateTime t = LocalDateTime.ofInstant(to, ZoneOffset.UTC);
        return partitionsFrom(f)
                + " AND make_timestamp(year, month, day, hour, 0, 0) <= TIMESTAMP '"
                + PARTITION_TIME.format(t)
                + "'";
    }

    private synchronized List<Map<String, Object>> query(String sql, Object... params)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= md.getColumnCount(); c++) {
                        row.put(
                                md.getColumnLabel(c).toLowerCase(Locale.ROOT),
                                jsonValue(rs.getObject(c)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * Values Jackson writes as plain JSON: numbers, strings, booleans; anything else as its text.
     */
    private static Object jsonValue(Object v) {
        if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean) {
            if (v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal) {
                return ((Number) v).doubleValue();
            }
            return v;
        }
        return v.toString();
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
