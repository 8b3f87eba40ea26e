package io.trialstream.matching.service;

import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.evaluation.CandidateIndex;
import io.trialstream.matching.evaluation.EligibilityEvaluator;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Each replica's in-memory copy of the trial table: the open trials' candidate keys and parsed criteria, and which
 * trials are closed. A patient event finds its candidate trials here (no SQL, no trial JSON read per event); the
 * table stays the shared source of truth.
 * <p>
 * Keeping the copy exact: every trial transaction appends the trial key to {@code trial_change} (sequence order = commit
 * order, since trial transactions hold the exclusive index lock), and every patient transaction calls
 * {@link #refresh} right after taking the shared index lock, which reloads the trials changed since the copy was last
 * refreshed. Under that lock no trial transaction is in flight, so the copy equals the committed table for the whole
 * patient transaction: the same guarantee the SQL candidate query gave. A replica that fell behind the pruned part of
 * the log (see {@link #PRUNE_EVERY}) reloads everything.
 * <p>
 * Hand-written rather than a cache library: the invalidation is this service's own change log, read inside the
 * caller's transaction; the structures are two maps and two sets.
 */
public final class ReplicaTrialIndex {
    /** Log rows kept behind the newest; older ones are deleted every {@code PRUNE_EVERY} changes. */
    static final long KEEP = 100_000;
    static final long PRUNE_EVERY = 1_000;
    static final String PRUNED_BELOW = "trial_change_pruned_below";

    /** One trial as the patient path needs it; {@code criteria} only for open trials. */
    public record Entry(String trialKey, long version, boolean open, CandidateIndex.TrialKeys keys, List<Criterion> criteria) {
    }

    private final CandidateIndex index;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Entry> trials = new HashMap<>();
    /** Open trials with a condition restriction, by each of their condition keys. */
    private final Map<String, Set<String>> byCondition = new HashMap<>();
    /** Open trials without a condition restriction. */
    private final Set<String> unrestricted = new HashSet<>();
    /** Open trials with a condition restriction (all of them are candidates of a patient without a diagnosis). */
    private final Set<String> restricted = new HashSet<>();
    /** The newest change applied; -1 = not loaded. */
    private long seen = -1;

    public ReplicaTrialIndex(CandidateIndex index) {
        this.index = index;
    }

    /** Records a change of {@code trialKey}; call inside the trial transaction, under the exclusive index lock. */
    public static void recordChange(EntityManager em, String trialKey) {
        long seq = ((Number) em.createNativeQuery("INSERT INTO {h-schema}trial_change (trial_key) VALUES (:k) RETURNING seq")
                .setParameter("k", trialKey).getSingleResult()).longValue();
        if (seq % PRUNE_EVERY == 0 && seq > KEEP) {
            long below = seq - KEEP;
            em.createNativeQuery("DELETE FROM {h-schema}trial_change WHERE seq < :b").setParameter("b", below).executeUpdate();
            em.createNativeQuery("INSERT INTO {h-schema}service_state (name, value, updated_at) VALUES (:n, :v, now()) "
                            + "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()")
                    .setParameter("n", PRUNED_BELOW).setParameter("v", Long.toString(below)).executeUpdate();
        }
    }

    /** Brings the copy up to the committed trial table; call inside a transaction holding the index lock (shared). */
    @SuppressWarnings("unchecked")
    public void refresh(EntityManager em) {
        lock.writeLock().lock();
        try {
            if (seen < 0) {
                reloadAll(em);
                return;
            }
            List<Object[]> rows = em.createNativeQuery("SELECT seq, trial_key FROM {h-schema}trial_change WHERE seq > :s "
                            + "UNION ALL SELECT -CAST(value AS bigint), NULL FROM {h-schema}service_state WHERE name = :n")
                    .setParameter("s", seen).setParameter("n", PRUNED_BELOW).getResultList();
            Set<String> changed = new TreeSet<>();
            long newest = seen;
            for (Object[] r : rows) {
                long seq = ((Number) r[0]).longValue();
                if (seq < 0) {
                    if (-seq > seen + 1) {
                        reloadAll(em); // changes this copy has not seen were pruned
                        return;
                    }
                    continue;
                }
                changed.add((String) r[1]);
                newest = Math.max(newest, seq);
            }
            if (!changed.isEmpty()) {
                Set<String> found = new HashSet<>();
                List<String> keys = new ArrayList<>(changed);
                for (int i = 0; i < keys.size(); i += 1000) {
                    List<Object[]> trialRows = em.createNativeQuery(SELECT + " WHERE trial_key = ANY(CAST(:k AS text[]))")
                            .setParameter("k", io.trialstream.matching.repository.IndexedTrialRepository
                                    .arrayLiteral(keys.subList(i, Math.min(keys.size(), i + 1000))))
                            .getResultList();
                    for (Object[] r : trialRows) {
                        put(entry(r));
                        found.add((String) r[0]);
                    }
                }
                for (String k : changed) {
                    if (!found.contains(k)) {
                        remove(k);
                    }
                }
            }
            seen = newest;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static final String SELECT = "SELECT trial_key, version, open, CASE WHEN open THEN CAST(record AS text) END FROM {h-schema}trial";

    @SuppressWarnings("unchecked")
    private void reloadAll(EntityManager em) {
        long newest = ((Number) em.createNativeQuery("SELECT COALESCE(max(seq), 0) FROM {h-schema}trial_change").getSingleResult()).longValue();
        trials.clear();
        byCondition.clear();
        unrestricted.clear();
        restricted.clear();
        List<Object[]> rows = em.createNativeQuery(SELECT).setHint("org.hibernate.fetchSize", 500).getResultList();
        for (Object[] r : rows) {
            put(entry(r));
        }
        seen = newest;
    }

    private Entry entry(Object[] r) {
        String key = (String) r[0];
        long version = ((Number) r[1]).longValue();
        boolean open = (Boolean) r[2];
        if (!open) {
            return new Entry(key, version, false, null, List.of());
        }
        List<Criterion> criteria = EligibilityEvaluator.criteriaOf(MatchService.read((String) r[3], TrialRecord.class));
        return new Entry(key, version, true, index.trialKeys(criteria), criteria);
    }

    private void put(Entry e) {
        remove(e.trialKey());
        trials.put(e.trialKey(), e);
        if (!e.open()) {
            return;
        }
        if (e.keys().conditionKeys().isEmpty()) {
            unrestricted.add(e.trialKey());
        } else {
            restricted.add(e.trialKey());
            for (String k : e.keys().conditionKeys()) {
                byCondition.computeIfAbsent(k, x -> new HashSet<>()).add(e.trialKey());
            }
        }
    }

    private void remove(String trialKey) {
        Entry old = trials.remove(trialKey);
        if (old == null || !old.open()) {
            return;
        }
        unrestricted.remove(trialKey);
        restricted.remove(trialKey);
        for (String k : old.keys().conditionKeys()) {
            Set<String> s = byCondition.get(k);
            if (s != null && s.remove(trialKey) && s.isEmpty()) {
                byCondition.remove(k);
            }
        }
    }

    /** The trial as of the last refresh; null if it is not in the table (never seen, or withdrawn). */
    public Entry get(String trialKey) {
        lock.readLock().lock();
        try {
            return trials.get(trialKey);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Open trials the patient is a candidate for ({@link CandidateIndex#admits}), in trial-key order. */
    public List<Entry> candidates(CandidateIndex.PatientKeys patient, LocalDate today) {
        lock.readLock().lock();
        try {
            Collection<String> pool;
            if (!patient.hasConditions()) {
                pool = new LinkedHashSet<>(unrestricted);
                pool.addAll(restricted);
            } else {
                pool = new LinkedHashSet<>(unrestricted);
                for (String k : patient.conditionKeys()) {
                    Set<String> s = byCondition.get(k);
                    if (s != null) {
                        pool.addAll(s);
                    }
                }
            }
            List<Entry> out = new ArrayList<>();
            for (String key : new TreeSet<>(pool)) {
                Entry e = trials.get(key);
                if (index.admits(e.keys(), patient, today)) {
                    out.add(e);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of open trials in the copy. */
    public int openTrials() {
        lock.readLock().lock();
        try {
            return unrestricted.size() + restricted.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
