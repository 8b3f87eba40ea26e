package io.trialstream.registry.repository;

import io.agroal.api.AgroalDataSource;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the working set of one batch of parsed trials and writes its changes, one JDBC batch per table, inside the
 * caller's transaction. Plain JDBC rather than Hibernate entities on this path: a poll of 500 records touches
 * thousands of rows, and the unit of work (dirty checking, per-entity bookkeeping, one statement per JSON column
 * conversion) cost more than the database work itself. The entities serve reads (REST, relay).
 */
@ApplicationScoped
public class TrialBatchRepository {

    /** The stored state of a trial that the merge needs (the record itself is rebuilt from the sources). */
    public record TrialRow(String trialKey, long version, String contentHash, String nctId, List<String> matchKeys) {
    }

    /** A source's slot without its record text; {@code recordInCanonical}: the record is the trial's own record. */
    public record SlotRow(String trialKey, String sourceId, String sourceFormat, String provenanceJson,
                          String recordHash, String lastUpdateDate, Instant parsedAt, boolean recordInCanonical) {
    }

    public record TrialWrite(String trialKey, long version, String contentHash, String nctId, String overallStatus,
                             String briefTitle, String recordJson, String sourcesJson, String fieldSourcesJson,
                             String facetsJson, List<String> matchKeys, Double minAgeYears, Boolean minAgeInclusive,
                             Double maxAgeYears, Boolean maxAgeInclusive, String lastUpdateDate, Instant updatedAt) {
    }

    /** {@code recordJson} null: the record is the trial's canonical record (its only source, same key). */
    public record SlotWrite(String trialKey, String sourceId, String sourceFormat, String provenanceJson,
                            String recordJson, String recordHash, String lastUpdateDate, Instant parsedAt,
                            Instant acceptedAt) {
    }

    public record VersionWrite(String trialKey, long version, String contentHash, String recordJson,
                               String sourceJson, String sourcesJson, Instant createdAt, List<String> mergedFrom) {
    }

    /** An outbox entry for trials.v1: the version {@code refKey}/{@code refVersion}, or a tombstone (no reference). */
    public record OutboxWrite(String trialKey, String refKey, Long refVersion, Instant createdAt) {
        public static OutboxWrite tombstone(String trialKey, Instant createdAt) {
            return new OutboxWrite(trialKey, null, null, createdAt);
        }
    }

    /** Everything one batch changes, applied in an order that keeps keys unique at every step. */
    public static final class Changes {
        public final List<String[]> aliasRepoints = new ArrayList<>();
        public final List<String[]> versionRenames = new ArrayList<>();
        public final List<String> slotsDeletedOf = new ArrayList<>();
        public final List<String> trialsDeleted = new ArrayList<>();
        public final List<TrialWrite> trialsInserted = new ArrayList<>();
        public final List<TrialWrite> trialsUpdated = new ArrayList<>();
        public final Map<String, List<String>> matchKeyUpdates = new LinkedHashMap<>();
        public final List<SlotWrite> slots = new ArrayList<>();
        public final List<VersionWrite> versions = new ArrayList<>();
        public final Map<String, String> aliases = new LinkedHashMap<>();
        public final List<OutboxWrite> outbox = new ArrayList<>();

        public boolean isEmpty() {
            return aliasRepoints.isEmpty() && versionRenames.isEmpty() && slotsDeletedOf.isEmpty()
                    && trialsDeleted.isEmpty() && trialsInserted.isEmpty() && trialsUpdated.isEmpty()
                    && matchKeyUpdates.isEmpty() && slots.isEmpty() && versions.isEmpty() && aliases.isEmpty()
                    && outbox.isEmpty();
        }
    }

    private final AgroalDataSource dataSource;

    public TrialBatchRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A connection enlisted in the current transaction; closing it hands it back to the transaction. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public Map<String, String> aliases(Connection c, Collection<String> keys) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT alias, trial_key FROM trial_alias WHERE alias = ANY (?)")) {
            ps.setArray(1, texts(c, keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Which trial holds each of these sources now. */
    public Map<String, String> slotOwners(Connection c, Collection<String> sourceIds) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (sourceIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT source_id, trial_key FROM trial_source WHERE source_id = ANY (?)")) {
            ps.setArray(1, texts(c, sourceIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Keys of trials that share any of these match keys (registry ids, title fingerprints); only trials without an
     * NCT id when {@code withoutNctOnly} (what a new NCT trial may absorb: a small set with its own index).
     */
    public List<String> keysByMatchKeys(Connection c, Collection<String> matchKeys, boolean withoutNctOnly) throws SQLException {
        List<String> out = new ArrayList<>();
        if (matchKeys.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT trial_key FROM trial WHERE match_keys && ?"
                + (withoutNctOnly ? " AND nct_id IS NULL" : ""))) {
            ps.setArray(1, texts(c, matchKeys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Locks and reads these trials, in key order so two batches never wait on each other in a cycle. Holding the lock
     * until commit is what keeps one trial's outbox entries in commit order (ids are taken after this).
     */
    public List<TrialRow> lockTrials(Connection c, Collection<String> keys) throws SQLException {
        List<TrialRow> out = new ArrayList<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT trial_key, version, content_hash, nct_id, match_keys "
                + "FROM trial WHERE trial_key = ANY (?) ORDER BY trial_key FOR UPDATE")) {
            ps.setArray(1, texts(c, keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array mk = rs.getArray(5);
                    out.add(new TrialRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            mk == null ? List.of() : List.of((String[]) mk.getArray())));
                }
            }
        }
        return out;
    }

    public List<SlotRow> slots(Connection c, Collection<String> trialKeys) throws SQLException {
        List<SlotRow> out = new ArrayList<>();
        if (trialKeys.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT trial_key, source_id, source_format, provenance::text, "
                + "record_hash, last_update_date, parsed_at, record IS NULL FROM trial_source WHERE trial_key = ANY (?)")) {
            ps.setArray(1, texts(c, trialKeys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime parsed = rs.getObject(7, OffsetDateTime.class);
                    out.add(new SlotRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), parsed == null ? null : parsed.toInstant(), rs.getBoolean(8)));
                }
            }
        }
        return out;
    }

    /**
     * Record text of every source of these trials, by trial key and source id; a source whose record is the trial's
     * canonical record gets that one (as jsonb prints it: same content, other key order).
     */
    public Map<String, Map<String, String>> slotRecords(Connection c, Collection<String> trialKeys) throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        if (trialKeys.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT s.trial_key, s.source_id, coalesce(s.record::text, t.record::text) "
                + "FROM trial_source s JOIN trial t ON t.trial_key = s.trial_key WHERE s.trial_key = ANY (?)")) {
            ps.setArray(1, texts(c, trialKeys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return out;
    }

    public void write(Connection c, Changes ch) throws SQLException {
        pairs(c, "UPDATE trial_alias SET trial_key = ? WHERE trial_key = ?", ch.aliasRepoints);
        pairs(c, "UPDATE trial_version SET trial_key = ? WHERE trial_key = ?", ch.versionRenames);
        pairs(c, "UPDATE outbox SET ref_key = ? WHERE ref_key = ?", ch.versionRenames);
        keys(c, "DELETE FROM trial_source WHERE trial_key = ?", ch.slotsDeletedOf);
        keys(c, "DELETE FROM trial WHERE trial_key = ?", ch.trialsDeleted);
        if (!ch.trialsInserted.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trial (version, content_hash, nct_id, "
                    + "overall_status, brief_title, record, sources, field_sources, facets, match_keys, min_age_years, "
                    + "min_age_inclusive, max_age_years, max_age_inclusive, last_update_date, updated_at, trial_key) "
                    + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (TrialWrite t : ch.trialsInserted) {
                    bindTrial(c, ps, t);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!ch.trialsUpdated.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE trial SET version = ?, content_hash = ?, nct_id = ?, "
                    + "overall_status = ?, brief_title = ?, record = ?::jsonb, sources = ?::jsonb, field_sources = ?::jsonb, "
                    + "facets = ?::jsonb, match_keys = ?, min_age_years = ?, min_age_inclusive = ?, max_age_years = ?, "
                    + "max_age_inclusive = ?, last_update_date = ?, updated_at = ? WHERE trial_key = ?")) {
                for (TrialWrite t : ch.trialsUpdated) {
                    bindTrial(c, ps, t);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!ch.matchKeyUpdates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE trial SET match_keys = ? WHERE trial_key = ?")) {
                for (Map.Entry<String, List<String>> e : ch.matchKeyUpdates.entrySet()) {
                    ps.setArray(1, texts(c, e.getValue()));
                    ps.setString(2, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!ch.slots.isEmpty()) {
            // slots of absorbed trials are deleted above and written here under their new trial
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trial_source (trial_key, source_id, source_format, "
                    + "provenance, record, record_hash, last_update_date, parsed_at, accepted_at) "
                    + "VALUES (?, ?, ?, ?::json, ?::json, ?, ?, ?, ?) ON CONFLICT (trial_key, source_id) DO UPDATE SET "
                    + "source_format = excluded.source_format, provenance = excluded.provenance, record = excluded.record, "
                    + "record_hash = excluded.record_hash, last_update_date = excluded.last_update_date, "
                    + "parsed_at = excluded.parsed_at, accepted_at = excluded.accepted_at")) {
                for (SlotWrite s : ch.slots) {
                    ps.setString(1, s.trialKey());
                    ps.setString(2, s.sourceId());
                    ps.setString(3, s.sourceFormat());
                    ps.setString(4, s.provenanceJson());
                    ps.setString(5, s.recordJson());
                    ps.setString(6, s.recordHash());
                    ps.setString(7, s.lastUpdateDate());
                    ps.setObject(8, timestamp(s.parsedAt()));
                    ps.setObject(9, timestamp(s.acceptedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!ch.versions.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trial_version (trial_key, version, content_hash, "
                    + "record, source, sources, created_at, merged_from) VALUES (?, ?, ?, ?::json, ?::jsonb, ?::json, ?, ?)")) {
                for (VersionWrite v : ch.versions) {
                    ps.setString(1, v.trialKey());
                    ps.setLong(2, v.version());
                    ps.setString(3, v.contentHash());
                    ps.setString(4, v.recordJson());
                    ps.setString(5, v.sourceJson());
                    ps.setString(6, v.sourcesJson());
                    ps.setObject(7, timestamp(v.createdAt()));
                    if (v.mergedFrom() == null || v.mergedFrom().isEmpty()) {
                        ps.setNull(8, Types.ARRAY);
                    } else {
                        ps.setArray(8, texts(c, v.mergedFrom()));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!ch.aliases.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trial_alias (alias, trial_key, created_at) "
                    + "VALUES (?, ?, now()) ON CONFLICT (alias) DO UPDATE SET trial_key = excluded.trial_key")) {
                for (Map.Entry<String, String> e : ch.aliases.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        insertOutbox(c, ch.outbox);
    }

    /**
     * Outbox ids are drawn from the sequence now, after the trial rows were locked: for one trial key, a later
     * transaction therefore always gets a greater id, and the relay's id order is that key's commit order.
     */
    private void insertOutbox(Connection c, List<OutboxWrite> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        long[] ids = nextOutboxIds(c, entries.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (id, topic, msg_key, ce_type, created_at, "
                + "kind, ref_key, ref_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < entries.size(); i++) {
                OutboxWrite e = entries.get(i);
                ps.setLong(1, ids[i]);
                ps.setString(2, Topics.TRIALS);
                ps.setString(3, e.trialKey());
                ps.setString(4, CloudEventTypes.TRIAL);
                ps.setObject(5, timestamp(e.createdAt()));
                ps.setString(6, e.refKey() == null ? "TOMBSTONE" : "SNAPSHOT");
                ps.setString(7, e.refKey());
                if (e.refVersion() == null) {
                    ps.setNull(8, Types.BIGINT);
                } else {
                    ps.setLong(8, e.refVersion());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Trials written before the search columns existed (V1 rows): key → record text. */
    public Map<String, String> withoutSearchColumns(Connection c, int limit) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT trial_key, record::text FROM trial WHERE facets IS NULL ORDER BY trial_key LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    public void updateSearchColumns(Connection c, List<TrialWrite> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE trial SET field_sources = ?::jsonb, facets = ?::jsonb, "
                + "match_keys = ?, min_age_years = ?, min_age_inclusive = ?, max_age_years = ?, max_age_inclusive = ?, "
                + "last_update_date = ? WHERE trial_key = ?")) {
            for (TrialWrite t : rows) {
                ps.setString(1, t.fieldSourcesJson());
                ps.setString(2, t.facetsJson());
                ps.setArray(3, texts(c, t.matchKeys()));
                setDouble(ps, 4, t.minAgeYears());
                setBoolean(ps, 5, t.minAgeInclusive());
                setDouble(ps, 6, t.maxAgeYears());
                setBoolean(ps, 7, t.maxAgeInclusive());
                ps.setString(8, t.lastUpdateDate());
                ps.setString(9, t.trialKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Republish entries: each one is resolved to its trial's state when the relay sends it. */
    public void enqueueCurrent(Connection c, List<String> trialKeys, UUID jobId, Instant now) throws SQLException {
        if (trialKeys.isEmpty()) {
            return;
        }
        long[] ids = nextOutboxIds(c, trialKeys.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (id, topic, msg_key, ce_type, payload, "
                + "created_at, kind, job_id) VALUES (?, ?, ?, ?, NULL, ?, 'CURRENT', ?)")) {
            for (int i = 0; i < trialKeys.size(); i++) {
                ps.setLong(1, ids[i]);
                ps.setString(2, Topics.TRIALS);
                ps.setString(3, trialKeys.get(i));
                ps.setString(4, CloudEventTypes.TRIAL);
                ps.setObject(5, timestamp(now));
                ps.setObject(6, jobId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public long[] nextOutboxIds(Connection c, int n) throws SQLException {
        long[] ids = new long[n];
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT nextval('outbox_seq') FROM generate_series(1, ?) ORDER BY 1")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    ids[i++] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    private static void bindTrial(Connection c, PreparedStatement ps, TrialWrite t) throws SQLException {
        ps.setLong(1, t.version());
        ps.setString(2, t.contentHash());
        ps.setString(3, t.nctId());
        ps.setString(4, t.overallStatus());
        ps.setString(5, t.briefTitle());
        ps.setString(6, t.recordJson());
        ps.setString(7, t.sourcesJson());
        ps.setString(8, t.fieldSourcesJson());
        ps.setString(9, t.facetsJson());
        ps.setArray(10, texts(c, t.matchKeys()));
        setDouble(ps, 11, t.minAgeYears());
        setBoolean(ps, 12, t.minAgeInclusive());
        setDouble(ps, 13, t.maxAgeYears());
        setBoolean(ps, 14, t.maxAgeInclusive());
        ps.setString(15, t.lastUpdateDate());
        ps.setObject(16, timestamp(t.updatedAt()));
        ps.setString(17, t.trialKey());
    }

    private static void pairs(Connection c, String sql, List<String[]> pairs) throws SQLException {
        if (pairs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String[] p : pairs) {
                ps.setString(1, p[1]);
                ps.setString(2, p[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void keys(Connection c, String sql, List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String k : keys) {
                ps.setString(1, k);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(new String[0]));
    }

    /** OffsetDateTime maps to timestamptz in pgjdbc regardless of the JVM's time zone. */
    private static OffsetDateTime timestamp(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void setBoolean(PreparedStatement ps, int i, Boolean v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BOOLEAN);
        } else {
            ps.setBoolean(i, v);
        }
    }
}
