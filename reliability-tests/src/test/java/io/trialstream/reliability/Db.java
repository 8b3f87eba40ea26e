package io.trialstream.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC against the cluster's database: counts and table digests the reliability checks compare. */
final class Db {
    private final Cluster cluster;

    Db(Cluster cluster) {
        this.cluster = cluster;
    }

    long count(String sql) {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), cluster.dbUser(), cluster.dbPassword());
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** An md5 of every row of every table in {@code schema} (Flyway's history excluded), per table. */
    Map<String, String> digest(String schema) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), cluster.dbUser(), cluster.dbPassword())) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                    + " AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history' ORDER BY table_name")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            for (String table : tables) {
                // table names come from the catalogue, not from input
                String sql = "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM "
                        + schema + "." + table + " t";
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.put(schema + "." + table, rs.getString(1));
                }
            }
        }
        return out;
    }
}
