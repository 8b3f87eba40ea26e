package io.trialstream.registry.service;

import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.domain.TrialIdentity;
import io.trialstream.registry.mapping.Json;
import io.trialstream.registry.mapping.SearchColumns;
import io.trialstream.registry.repository.TrialBatchRepository;
import io.trialstream.registry.repository.TrialBatchRepository.Changes;
import io.trialstream.registry.repository.TrialBatchRepository.OutboxWrite;
import io.trialstream.registry.repository.TrialBatchRepository.SlotRow;
import io.trialstream.registry.repository.TrialBatchRepository.SlotWrite;
import io.trialstream.registry.repository.TrialBatchRepository.TrialRow;
import io.trialstream.registry.repository.TrialBatchRepository.TrialWrite;
import io.trialstream.registry.repository.TrialBatchRepository.VersionWrite;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts parsed trials into canonical trials: idempotent, order-safe and merging sources (docs/registry.md).
 * <ul>
 *   <li>Each document fills one source slot of its trial ({@link TrialIdentity#sourceId}). The same record again
 *   changes nothing; an older record of the same source (earlier {@code lastUpdateDate}, else earlier parse) changes
 *   nothing. So a duplicate, a late delivery or a replay from offset 0 writes no row.</li>
 *   <li>The canonical record is merged from all slots; only a change of that record makes a new version, which is
 *   written with its outbox entry (the full {@code Trial}, or a tombstone when the trial is withdrawn) in the same
 *   transaction.</li>
 *   <li>A document joins the trial it is about: by NCT id, else by its own key or an alias of it, else by the trial
 *   that already holds its source, else by a registry id (EudraCT, CTIS), else by title + sponsor; an ambiguous
 *   candidate set joins nothing. A registry record with an NCT id absorbs trials without one that share such a key;
 *   the absorbed key becomes an alias and gets a tombstone on trials.v1.</li>
 * </ul>
 * A whole poll is one transaction ({@link #acceptBatch}); the records are applied in order, so several records of
 * one trial in one poll give the same result as one by one.
 */
@ApplicationScoped
public class TrialStore {
    public enum Outcome {
        /** A new canonical trial (version 1, or the next version of a trial it took over). */
        CREATED,
        /** The canonical record changed: a new version. */
        UPDATED,
        /** The source's slot changed but the merged record did not (a poorer source restated or added nothing). */
        SOURCE_RECORDED,
        /** The source already said exactly this. */
        UNCHANGED,
        /** Older than what the source already said. */
        STALE
    }

    static final String WITHDRAWN = "WITHDRAWN";
    private static final Logger LOG = Logger.getLogger(TrialStore.class);

    private final TrialBatchRepository repository;

    public TrialStore(TrialBatchRepository repository) {
        this.repository = repository;
    }

    public Outcome accept(ParsedTrial parsed) {
        return acceptBatch(List.of(parsed)).get(0);
    }

    /** Applies the records in order in one transaction; the outcomes are in the same order. */
    @Transactional
    public List<Outcome> acceptBatch(List<ParsedTrial> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        try (Connection c = repository.connection()) {
            long t0 = System.nanoTime();
            WorkingSet w = new WorkingSet(c);
            List<Incoming> incoming = new ArrayList<>(batch.size());
            for (ParsedTrial p : batch) {
                incoming.add(new Incoming(p));
            }
            long t1 = System.nanoTime();
            w.load(incoming);
            long t2 = System.nanoTime();
            List<Outcome> outcomes = new ArrayList<>(incoming.size());
            for (Incoming in : incoming) {
                outcomes.add(w.accept(in));
            }
            w.flushTrials();
            long t3 = System.nanoTime();
            repository.write(c, w.changes);
            long t4 = System.nanoTime();
            if (LOG.isDebugEnabled()) {
                LOG.debugf("batch of %d: prepare %d ms, load %d ms, merge %d ms, write %d ms", batch.size(),
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
            }
            return outcomes;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A database failure while storing; the caller decides whether it is worth a retry (see SqlFailures). */
    public static class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("storing parsed trials failed: " + cause.getSQLState(), cause);
        }
    }

    /** One incoming document with everything derived from it once. */
    static final class Incoming {
        final ParsedTrial parsed;
        final String key;
        final String nct;
        final String sourceId;
        final String recordJson;
        final String hash;
        final Set<String> matchKeys;
        private SourceSlot slot;

        Incoming(ParsedTrial p) {
            this.parsed = p;
            TrialRecord r = p.trial();
            this.key = r.trialKey().trim();
            // a key that is an NCT id names that trial even when ids.nctId is missing: it must never be matched
            // to another trial by similarity
            String stated = TrialIdentity.nctId(r);
            this.nct = stated != null ? stated : TrialIdentity.isNctId(key) ? key : null;
            this.sourceId = TrialIdentity.sourceId(p);
            this.recordJson = Json.write(r);
            this.hash = Json.sha256(recordJson);
            this.matchKeys = TrialIdentity.matchKeys(r);
        }

        SourceSlot slot() {
            if (slot != null) {
                return slot;
            }
            Provenance prov = parsed.provenance();
            TrialRecord r = parsed.trial();
            return slot = new SourceSlot(sourceId, prov == null ? null : prov.sourceFormat(), prov == null ? null : Json.write(prov),
                    hash, r.lastUpdateDate() == null ? null : r.lastUpdateDate().value(),
                    prov == null ? null : prov.parsedAt(), recordJson, r);
        }
    }

    /** A trial as this batch sees it: loaded (locked) from the database or created here. */
    static final class WorkingTrial {
        final String key;
        final boolean persisted;
        long version;
        String contentHash;
        Set<String> matchKeys;
        final Map<String, SourceSlot> slots = new LinkedHashMap<>();
        final Set<String> dirtySlots = new LinkedHashSet<>();
        final List<String> mergedFrom = new ArrayList<>();
        boolean deleted;
        boolean contentChanged;
        boolean matchKeysChanged;
        boolean recordsLoaded;
        TrialWrite write;

        WorkingTrial(String key, boolean persisted, long version, String contentHash, Set<String> matchKeys) {
            this.key = key;
            this.persisted = persisted;
            this.version = version;
            this.contentHash = contentHash;
            this.matchKeys = matchKeys;
            this.recordsLoaded = !persisted;
        }

        String nctId() {
            return TrialIdentity.isNctId(key) ? key : null;
        }
    }

    /** The trials one batch may touch, the indexes to find them, and the changes to write. */
    final class WorkingSet {
        private final Connection c;
        private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        private final Map<String, WorkingTrial> trials = new HashMap<>();
        private final Map<String, String> aliases = new HashMap<>();
        private final Map<String, String> slotOwners = new HashMap<>();
        private final Map<String, Set<String>> byMatchKey = new HashMap<>();
        final Changes changes = new Changes();

        WorkingSet(Connection c) {
            this.c = c;
        }

        void load(List<Incoming> incoming) throws SQLException {
            Set<String> keys = new LinkedHashSet<>();
            Set<String> sources = new LinkedHashSet<>();
            for (Incoming in : incoming) {
                keys.add(in.key);
                if (in.nct != null) {
                    keys.add(in.nct);
                }
                sources.add(in.sourceId);
            }
            aliases.putAll(repository.aliases(c, keys));
            slotOwners.putAll(repository.slotOwners(c, sources));
            Set<String> lock = new LinkedHashSet<>(keys);
            lock.addAll(aliases.values());
            lock.addAll(slotOwners.values());
            List<WorkingTrial> loaded = new ArrayList<>(lockAndAdd(lock));

            // only documents that name no known trial need the (fuzzier) match-key lookup: one without NCT id may
            // join any trial, a new NCT trial may absorb trials that have none
            Set<String> joinKeys = new LinkedHashSet<>();
            Set<String> absorbKeys = new LinkedHashSet<>();
            for (Incoming in : incoming) {
                boolean named = (in.nct != null && find(in.nct) != null) || find(in.key) != null
                        || (slotOwners.containsKey(in.sourceId) && find(slotOwners.get(in.sourceId)) != null);
                if (!named) {
                    (in.nct == null ? joinKeys : absorbKeys).addAll(in.matchKeys);
                }
            }
            Set<String> candidates = new LinkedHashSet<>();
            if (!joinKeys.isEmpty()) {
                candidates.addAll(repository.keysByMatchKeys(c, joinKeys, false));
            }
            if (!absorbKeys.isEmpty()) {
                candidates.addAll(repository.keysByMatchKeys(c, absorbKeys, true));
            }
            candidates.removeAll(trials.keySet());
            if (!candidates.isEmpty()) {
                loaded.addAll(lockAndAdd(candidates));
            }
            Map<String, WorkingTrial> byKey = new HashMap<>();
            loaded.forEach(t -> byKey.put(t.key, t));
            for (SlotRow s : repository.slots(c, byKey.keySet())) {
                SourceSlot slot = new SourceSlot(s.sourceId(), format(s.sourceFormat()), s.provenanceJson(), s.recordHash(),
                        s.lastUpdateDate(), s.parsedAt(), null, null);
                slot.storedInCanonical = s.recordInCanonical();
                byKey.get(s.trialKey()).slots.put(s.sourceId(), slot);
            }
            // trials with several sources re-merge on any change: fetch their records in one round trip
            List<WorkingTrial> multi = loaded.stream().filter(t -> t.slots.size() > 1).toList();
            loadRecords(multi);
        }

        private List<WorkingTrial> lockAndAdd(Collection<String> keys) throws SQLException {
            List<WorkingTrial> out = new ArrayList<>();
            for (TrialRow r : repository.lockTrials(c, keys)) {
                WorkingTrial t = new WorkingTrial(r.trialKey(), true, r.version(), r.contentHash(),
                        new LinkedHashSet<>(r.matchKeys()));
                trials.put(t.key, t);
                index(t);
                out.add(t);
            }
            return out;
        }

        private void loadRecords(Collection<WorkingTrial> ts) throws SQLException {
            List<String> keys = ts.stream().filter(t -> !t.recordsLoaded).map(t -> t.key).toList();
            if (keys.isEmpty()) {
                return;
            }
            Map<String, Map<String, String>> records = repository.slotRecords(c, keys);
            for (WorkingTrial t : ts) {
                Map<String, String> byId = records.getOrDefault(t.key, Map.of());
                for (SourceSlot s : t.slots.values()) {
                    if (s.recordJson == null && s.record == null) {
                        s.recordJson = byId.get(s.sourceId);
                    }
                }
                t.recordsLoaded = true;
            }
        }

        Outcome accept(Incoming in) throws SQLException {
            WorkingTrial t = resolve(in);
            List<WorkingTrial> absorbed = new ArrayList<>();
            boolean created = t == null || in.nct != null && t.nctId() == null;
            if (t == null) {
                t = create(in.nct != null ? in.nct : in.key);
                if (in.nct != null) {
                    absorbed.addAll(absorbable(in.matchKeys, t));
                }
            } else if (in.nct != null && t.nctId() == null) {
                // a trial known only by a page or a EudraCT id, now stated by a document with its NCT id: the NCT
                // id becomes the canonical key (DESIGN: the trial key is the NCT id when known)
                WorkingTrial target = create(in.nct);
                absorbed.add(t);
                for (WorkingTrial other : absorbable(in.matchKeys, target)) {
                    if (other != t) {
                        absorbed.add(other);
                    }
                }
                t = target;
            }
            for (WorkingTrial a : absorbed) {
                absorb(a, t, absorbed.size() == 1);
            }
            if (!in.key.equals(t.key) && !t.key.equals(aliases.get(in.key))) {
                alias(in.key, t.key);
            }

            SourceSlot existing = t.slots.get(in.sourceId);
            Outcome unchanged = null;
            if (existing != null && existing.recordHash.equals(in.hash)) {
                unchanged = Outcome.UNCHANGED;
            } else if (existing != null && !existing.isSupersededBy(in.slot())) {
                unchanged = Outcome.STALE;
            } else {
                t.slots.put(in.sourceId, in.slot());
                t.dirtySlots.add(in.sourceId);
                slotOwners.put(in.sourceId, t.key);
            }
            if (unchanged != null && absorbed.isEmpty()) {
                return unchanged;
            }
            if (!recompute(t, in)) {
                return unchanged != null ? unchanged : Outcome.SOURCE_RECORDED;
            }
            return created ? Outcome.CREATED : Outcome.UPDATED;
        }

        private WorkingTrial resolve(Incoming in) {
            WorkingTrial t;
            if (in.nct != null && (t = find(in.nct)) != null) {
                return t;
            }
            if ((t = find(in.key)) != null && compatible(t, in)) {
                return t;
            }
            String owner = slotOwners.get(in.sourceId);
            if (owner != null && (t = find(owner)) != null && compatible(t, in)) {
                return t;
            }
            if (in.nct != null) {
                return null; // a document with an NCT id is that trial; it never joins another by similarity
            }
            Set<String> registryIds = new LinkedHashSet<>();
            Set<String> titles = new LinkedHashSet<>();
            for (String k : in.matchKeys) {
                (TrialIdentity.isRegistryId(k) ? registryIds : titles).add(k);
            }
            Set<WorkingTrial> byId = candidates(registryIds);
            if (!byId.isEmpty()) {
                return byId.size() == 1 ? byId.iterator().next() : null;
            }
            Set<WorkingTrial> byTitle = candidates(titles);
            return byTitle.size() == 1 ? byTitle.iterator().next() : null;
        }

        /** A trial with one NCT id never takes a document that states another. */
        private boolean compatible(WorkingTrial t, Incoming in) {
            return in.nct == null || t.nctId() == null || t.nctId().equals(in.nct);
        }

        private WorkingTrial find(String key) {
            WorkingTrial t = trials.get(key);
            if (t != null && !t.deleted) {
                return t;
            }
            String target = aliases.get(key);
            if (target != null) {
                t = trials.get(target);
                return t != null && !t.deleted ? t : null;
            }
            return null;
        }

        private Set<WorkingTrial> candidates(Collection<String> matchKeys) {
            Set<WorkingTrial> out = new LinkedHashSet<>();
            for (String k : matchKeys) {
                for (String key : byMatchKey.getOrDefault(k, Set.of())) {
                    WorkingTrial t = trials.get(key);
                    if (t != null && !t.deleted) {
                        out.add(t);
                    }
                }
            }
            return out;
        }

        private List<WorkingTrial> absorbable(Set<String> matchKeys, WorkingTrial target) {
            return candidates(matchKeys).stream().filter(t -> t != target && t.nctId() == null).toList();
        }

        private WorkingTrial create(String key) {
            WorkingTrial t = new WorkingTrial(key, false, 0, null, new LinkedHashSet<>());
            trials.put(key, t);
            aliases.remove(key);
            return t;
        }

        private void alias(String alias, String key) {
            aliases.put(alias, key);
            changes.aliases.put(alias, key);
        }

        /**
         * Moves {@code a}'s sources into {@code t} and retires {@code a}'s key: alias to {@code t}, tombstone on
         * trials.v1. A new trial that takes over exactly one existing trial continues its history (same versions,
         * renamed); otherwise the absorbed history stays under its own key and the next version names it.
         */
        private void absorb(WorkingTrial a, WorkingTrial t, boolean continueHistory) throws SQLException {
            loadRecords(List.of(a));
            for (SourceSlot s : a.slots.values()) {
                SourceSlot mine = t.slots.get(s.sourceId);
                if (mine == null || mine.isSupersededBy(s)) {
                    t.slots.put(s.sourceId, s);
                    t.dirtySlots.add(s.sourceId);
                }
                slotOwners.put(s.sourceId, t.key);
            }
            a.deleted = true;
            unindex(a);
            for (Map.Entry<String, String> e : aliases.entrySet()) {
                if (e.getValue().equals(a.key)) {
                    e.setValue(t.key);
                    if (changes.aliases.containsKey(e.getKey())) {
                        changes.aliases.put(e.getKey(), t.key);
                    }
                }
            }
            if (a.persisted) {
                changes.aliasRepoints.add(new String[]{a.key, t.key});
            }
            alias(a.key, t.key);
            if (continueHistory && !t.persisted && t.version == 0) {
                t.version = a.version;
                t.contentHash = a.contentHash;
                changes.versions.replaceAll(v -> v.trialKey().equals(a.key) ? new VersionWrite(t.key, v.version(),
                        v.contentHash(), v.recordJson(), v.sourceJson(), v.sourcesJson(), v.createdAt(), v.mergedFrom()) : v);
                changes.outbox.replaceAll(o -> a.key.equals(o.refKey())
                        ? new OutboxWrite(o.trialKey(), t.key, o.refVersion(), o.createdAt()) : o);
                if (a.persisted) {
                    changes.versionRenames.add(new String[]{a.key, t.key});
                }
            } else {
                t.mergedFrom.add(a.key);
            }
            if (a.version > 0) {
                changes.outbox.add(OutboxWrite.tombstone(a.key, now));
            }
        }

        /** Re-merges {@code t}; true when the canonical record changed and a version was written. */
        private boolean recompute(WorkingTrial t, Incoming cause) throws SQLException {
            List<SourceSlot> ordered = new ArrayList<>(t.slots.values());
            ordered.sort(SourceSlot.MERGE_ORDER);
            if (ordered.size() > 1) {
                loadRecords(List.of(t));
            }
            SourceMerger.Merged m = SourceMerger.merge(ordered, t.key);
            SourceSlot only = ordered.size() == 1 ? ordered.get(0) : null;
            String json = only != null && only.record == m.record() && only.recordJson != null
                    ? only.recordJson : Json.write(m.record());
            Set<String> matchKeys = new LinkedHashSet<>();
            for (SourceSlot s : ordered) {
                matchKeys.addAll(TrialIdentity.matchKeys(s.record()));
            }
            if (!matchKeys.equals(t.matchKeys)) {
                unindex(t);
                t.matchKeys = matchKeys;
                index(t);
                t.matchKeysChanged = true;
            }
            String hash = Json.sha256(json);
            if (hash.equals(t.contentHash)) {
                return false;
            }
            t.version++;
            t.contentHash = hash;
            t.contentChanged = true;
            String sources = Json.write(m.sources());
            SearchColumns search = SearchColumns.of(m.record());
            TrialRecord r = m.record();
            t.write = new TrialWrite(t.key, t.version, hash, t.nctId(), r.overallStatus(), r.briefTitle(), json,
                    sources, Json.write(m.fieldSources()), search.facetsJson(), List.copyOf(t.matchKeys),
                    search.minAgeYears(), search.minAgeInclusive(), search.maxAgeYears(), search.maxAgeInclusive(),
                    search.lastUpdateDate(), now);
            changes.versions.add(new VersionWrite(t.key, t.version, hash, json,
                    cause.parsed.provenance() == null ? null : Json.write(cause.parsed.provenance()), sources, now,
                    List.copyOf(t.mergedFrom)));
            t.mergedFrom.clear();
            boolean withdrawn = r.overallStatus() != null && WITHDRAWN.equalsIgnoreCase(r.overallStatus().trim());
            // the relay builds the Trial from the version row: the record is written once more, not twice
            changes.outbox.add(withdrawn ? OutboxWrite.tombstone(t.key, now) : new OutboxWrite(t.key, t.key, t.version, now));
            return true;
        }

        /** Turns the final state of every touched trial into row writes (a trial changed twice is written once). */
        void flushTrials() {
            for (WorkingTrial t : trials.values()) {
                if (t.deleted) {
                    if (t.persisted) {
                        changes.trialsDeleted.add(t.key);
                        changes.slotsDeletedOf.add(t.key);
                    }
                    continue;
                }
                if (t.contentChanged) {
                    (t.persisted ? changes.trialsUpdated : changes.trialsInserted).add(t.write);
                } else if (t.matchKeysChanged && t.persisted) {
                    changes.matchKeyUpdates.put(t.key, List.copyOf(t.matchKeys));
                }
                boolean single = t.slots.size() == 1;
                for (SourceSlot s : t.slots.values()) {
                    if (!single && s.storedInCanonical) {
                        t.dirtySlots.add(s.sourceId); // a second source arrived: this record needs its own copy now
                    }
                }
                for (String id : t.dirtySlots) {
                    SourceSlot s = t.slots.get(id);
                    boolean inCanonical = single && t.key.equals(s.record().trialKey());
                    changes.slots.add(new SlotWrite(t.key, s.sourceId, s.format == null ? null : s.format.name(),
                            s.provenanceJson, inCanonical ? null : s.recordJson != null ? s.recordJson : Json.write(s.record()),
                            s.recordHash, s.lastUpdateDate, s.parsedAt, now));
                }
            }
        }

        private void index(WorkingTrial t) {
            for (String k : t.matchKeys) {
                byMatchKey.computeIfAbsent(k, x -> new HashSet<>()).add(t.key);
            }
        }

        private void unindex(WorkingTrial t) {
            for (String k : t.matchKeys) {
                Set<String> s = byMatchKey.get(k);
                if (s != null) {
                    s.remove(t.key);
                }
            }
        }
    }

    private static Provenance.SourceFormat format(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Provenance.SourceFormat.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
