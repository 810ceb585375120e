package io.fleetlake.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lake back the way Athena would, with an engine we did not write: DuckDB over the
 * Parquet files with Hive partitioning. Every end-to-end test checks its results through this.
 */
public final class LakeReader implements AutoCloseable {
    private final Path lakeRoot;
    private final Connection connection;

    public LakeReader(Path lakeRoot) throws SQLException {
        this.lakeRoot = lakeRoot;
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone='UTC'");
        }
    }

    /** The SQL table expression that reads one lake table, partition columns typed as integers. */
    public String table(String name) {
        return "read_parquet('"
                + lakeRoot.resolve(name)
                + "/**/[!._]*.parquet', hive_partitioning=1, "
                + "hive_types={'year':INTEGER,'month':INTEGER,'day':INTEGER,'hour':INTEGER})";
    }

    /** Runs a query; {@code {readings}} style placeholders are replaced by {@link #table}. */
    public List<Map<String, Object>> query(String sql) throws SQLException {
        String expanded = sql;
        for (String t :
                new String[] {
                    "readings_1m",
                    "readings_1h",
                    "breadcrumbs_1m",
                    "readings",
                    "breadcrumbs",
                    "dead_letter",
                    "topk",
                    "alerts"
                }) {
            expanded = expanded.replace("{" + t + "}", table(t));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(expanded)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** A single numeric value. */
    public long count(String sql) throws SQLException {
        return ((Number) query(sql).get(0).values().iterator().next()).longValue();
    }

    /** A single value. */
    public Object scalar(String sql) throws SQLException {
        return query(sql).get(0).values().iterator().next();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
