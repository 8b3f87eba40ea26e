package io.trialstream.registry.repository;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.registry.domain.OutboxEntry;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    /** A pending entry with the version row it refers to (null columns when it refers to none). */
    public record Pending(long id, String topic, String key, String ceType, Instant createdAt, String kind,
                          String payload, String refKey, Long refVersion, String versionRecord,
                          String versionContentHash, String versionSources, Instant versionCreatedAt) {
    }

    private final AgroalDataSource dataSource;

    public OutboxRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The oldest pending entries with their version rows, locked so a second relay (another replica) skips them
     * (SKIP LOCKED). JDBC: the relay reads thousands of rows a second and needs the version's JSON as text.
     */
    public List<Pending> lockBatch(Connection c, int size) throws SQLException {
        List<Pending> out = new ArrayList<>(size);
        try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.topic, o.msg_key, o.ce_type, o.created_at, o.kind, "
                + "o.payload, o.ref_key, o.ref_version, v.record::text, v.content_hash, v.sources::text, v.created_at "
                + "FROM outbox o LEFT JOIN trial_version v ON v.trial_key = o.ref_key AND v.version = o.ref_version "
                + "ORDER BY o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED")) {
            ps.setInt(1, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long refVersion = rs.getLong(9);
                    out.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs.getObject(5, OffsetDateTime.class)), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.wasNull() ? null : refVersion, rs.getString(10), rs.getString(11),
                            rs.getString(12), instant(rs.getObject(13, OffsetDateTime.class))));
                }
            }
        }
        return out;
    }

    public void delete(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }

    /** The topics pending entries go to; empty when nothing is pending. */
    public List<String> topics(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT topic FROM outbox"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public long pendingOf(UUID jobId) {
        return count("jobId", jobId);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
