package io.trialstream.matching.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.config.MatchingConfig;
import io.trialstream.matching.domain.IndexedTrial;
import io.trialstream.matching.domain.MatchEntity;
import io.trialstream.matching.domain.OutboxEntry;
import io.trialstream.matching.domain.PatientEntity;
import io.trialstream.matching.evaluation.CandidateIndex;
import io.trialstream.matching.evaluation.EligibilityEvaluator;
import io.trialstream.matching.evaluation.Evaluation;
import io.trialstream.matching.evaluation.FactKind;
import io.trialstream.matching.evaluation.FreshnessPolicy;
import io.trialstream.matching.evaluation.PatientFacts;
import io.trialstream.matching.facts.FactMerger;
import io.trialstream.matching.facts.PatientEventReader;
import io.trialstream.matching.facts.PatientUpdate;
import io.trialstream.matching.repository.IndexedTrialRepository;
import io.trialstream.matching.repository.MatchRepository;
import io.trialstream.matching.repository.OutboxRepository;
import io.trialstream.matching.repository.PatientRepository;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Keeps patient facts and the trial index, re-evaluates what an event touches, and writes match changes (never
 * unchanged results) to the outbox in the same transaction as the new match state.
 * <p>
 * Replay safety, in three layers: (1) a patient row remembers the Kafka partition and offset of the last event
 * applied to it, so a re-delivered or replayed record changes nothing; (2) merging facts is an idempotent set union,
 * so the same content sent again (as a new record) finds nothing new; (3) a match event is written only when the
 * fingerprint of the evaluation (verdict, score, every criterion's outcome and evidence) changed, with the next
 * version of that match. The patient row is locked (SELECT … FOR UPDATE) while it is applied, so two consumers that
 * briefly both own a partition during a rebalance serialise on it, and the second one finds the offset applied.
 */
@ApplicationScoped
public class MatchService {
    /**
     * A patient event and a trial event evaluated in concurrent transactions would each miss the other's
     * uncommitted row, and the match between them would never be created. Patient transactions therefore share
     * this advisory lock and trial transactions take it exclusively: patients still run in parallel, and whichever
     * of a patient and a trial commits second sees the first.
     */
    private static final long INDEX_LOCK = 0x7472_6961_6c73L; // "trials"
    private static final int PAGE = 2000;

    private final PatientRepository patients;
    private final IndexedTrialRepository trials;
    private final MatchRepository matches;
    private final OutboxRepository outbox;
    private final MatchingConfig config;
    private final TimeSource time;
    private final FreshnessPolicy freshness;
    private final EligibilityEvaluator evaluator;
    private final MatchingMetrics metrics;
    private final CandidateIndex index = new CandidateIndex();
    private final ReplicaTrialIndex trialIndex = new ReplicaTrialIndex(index);
    /** Parsed criteria per trial key and version: parsing the record JSON for every pair would dominate evaluation. */
    private final Map<String, CachedTrial> trialCache = new ConcurrentHashMap<>();

    private record CachedTrial(long version, List<Criterion> criteria) {
    }

    public MatchService(PatientRepository patients, IndexedTrialRepository trials, MatchRepository matches,
                        OutboxRepository outbox, MatchingConfig config, TimeSource time, MatchingMetrics metrics) {
        this.patients = patients;
        this.trials = trials;
        this.matches = matches;
        this.outbox = outbox;
        this.config = config;
        this.time = time;
        this.metrics = metrics;
        this.freshness = config.freshness().policy();
        this.evaluator = new EligibilityEvaluator(freshness);
    }

    /** A native event without Kafka position (tests, tools). */
    @Transactional
    public int onPatientEvent(PatientEvent event) {
        return applyAll(List.of(new PositionedUpdate(PatientEventReader.fromNative(event), null, null)))[0];
    }

    /**
     * @param partition Kafka partition of the record, null when not read from Kafka
     * @param offset    its offset
     * @return the number of match events written
     */
    @Transactional
    public int onPatientEvent(PatientUpdate update, Integer partition, Long offset) {
        return applyAll(List.of(new PositionedUpdate(update, partition, offset)))[0];
    }

    /** A patient event with the Kafka position it was read from. */
    public record PositionedUpdate(PatientUpdate update, Integer partition, Long offset) {
    }

    /**
     * The events of one consumed batch, in one transaction. The batch's patient rows (locked, in patient-id order, so
     * two replicas briefly sharing a partition cannot deadlock) and their match rows are read with one query each;
     * the events are then applied in memory, grouped by patient (a stable sort, so each patient's events keep their
     * partition order), and every change is written in one flush of JDBC batches at commit.
     *
     * @return the number of match events each update wrote, in the order of {@code batch}
     */
    @Transactional
    public int[] onPatientEvents(List<PositionedUpdate> batch) {
        return applyAll(batch);
    }

    private int[] applyAll(List<PositionedUpdate> batch) {
        lockShared();
        Loaded loaded = load(batch.stream().map(u -> u.update().patientId()).toList());
        List<Integer> ordered = IntStream.range(0, batch.size()).boxed()
                .sorted(Comparator.comparing(i -> batch.get(i).update().patientId())).toList();
        int[] written = new int[batch.size()];
        for (int i : ordered) {
            PositionedUpdate u = batch.get(i);
            written[i] = apply(u.update(), u.partition(), u.offset(), loaded);
        }
        return written;
    }

    /** Patient rows (locked) and match rows (by trial key) of the patients one transaction works on. */
    private static final class Loaded {
        final Map<String, PatientEntity> patients = new HashMap<>();
        final Map<String, Map<String, MatchEntity>> matches = new HashMap<>();

        Map<String, MatchEntity> matchesOf(String patientId) {
            return matches.computeIfAbsent(patientId, k -> new HashMap<>());
        }
    }

    private Loaded load(Collection<String> patientIds) {
        Loaded loaded = new Loaded();
        List<String> ids = new ArrayList<>(new TreeSet<>(patientIds));
        for (int i = 0; i < ids.size(); i += 1000) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            for (PatientEntity p : patients.find("patientId in ?1 order by patientId", chunk)
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list()) {
                loaded.patients.put(p.patientId, p);
            }
            for (MatchEntity m : matches.list("patientId in ?1", chunk)) {
                loaded.matchesOf(m.patientId).put(m.trialKey, m);
            }
        }
        return loaded;
    }

    private int apply(PatientUpdate update, Integer partition, Long offset, Loaded loaded) {
        Instant now = time.now();
        PatientEntity patient = loaded.patients.get(update.patientId());
        if (patient != null && partition != null && offset != null && partition.equals(patient.lastPartition)
                && patient.lastOffset != null && offset <= patient.lastOffset) {
            return 0; // re-delivered or replayed: already applied
        }
        boolean isNew = patient == null;
        if (isNew) {
            patient = new PatientEntity();
            patient.patientId = update.patientId();
        }
        patient.lastPartition = partition;
        patient.lastOffset = offset;
        patient.updatedAt = now;
        Map<String, MatchEntity> rows = loaded.matchesOf(update.patientId());
        if (update.mode() == PatientUpdate.Mode.DELETE) {
            int n = 0;
            for (MatchEntity m : rows.values()) {
                n += m.active ? retract(m, "PATIENT_DELETED", now) : 0;
            }
            store(patient, new PatientFacts(update.patientId(), null, null), now);
            patient.deleted = true;
            if (isNew) {
                patients.persist(patient);
                loaded.patients.put(patient.patientId, patient);
            }
            return n;
        }
        PatientFacts current = isNew || patient.deleted ? null : readFacts(patient.patientId, patient.facts);
        PatientFacts merged = FactMerger.apply(current, update);
        if (merged.equals(current)) {
            return 0; // nothing new: the same content again
        }
        patient.deleted = false;
        store(patient, merged, now);
        if (isNew) {
            patients.persist(patient);
            loaded.patients.put(patient.patientId, patient);
        }
        return reevaluate(merged, rows, now);
    }

    /** Re-evaluates stored patients (the ageing pass, stale facts), with their rows locked. */
    @Transactional
    public int reevaluatePatients(Collection<String> patientIds) {
        lockShared();
        Instant now = time.now();
        Loaded loaded = load(patientIds);
        int n = 0;
        for (PatientEntity p : new java.util.TreeMap<>(loaded.patients).values()) {
            if (p.deleted) {
                continue;
            }
            PatientFacts facts = readFacts(p.patientId, p.facts);
            p.nextExpiry = nextExpiry(facts, now);
            n += reevaluate(facts, loaded.matchesOf(p.patientId), now);
        }
        return n;
    }

    private void store(PatientEntity patient, PatientFacts facts, Instant now) {
        CandidateIndex.PatientKeys keys = index.patientKeys(facts);
        patient.birthDate = facts.birthDate();
        patient.sex = facts.sex() == null ? null : facts.sex().name();
        patient.facts = json(facts);
        patient.conditionKeys = keys.conditionKeys().toArray(String[]::new);
        patient.hasConditions = keys.hasConditions();
        patient.nextExpiry = nextExpiry(facts, now);
    }

    /** @param rows the patient's match rows by trial key, retracted ones too; new rows are added to it */
    private int reevaluate(PatientFacts facts, Map<String, MatchEntity> rows, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        CandidateIndex.PatientKeys keys = index.patientKeys(facts);
        Map<String, ReplicaTrialIndex.Entry> todo = new java.util.LinkedHashMap<>();
        for (ReplicaTrialIndex.Entry e : trialIndex.candidates(keys, today)) {
            todo.put(e.trialKey(), e);
        }
        for (MatchEntity m : rows.values()) {
            if (m.active) {
                // a match whose trial is no longer a candidate is re-evaluated, which retracts it
                if (!todo.containsKey(m.trialKey)) {
                    todo.put(m.trialKey, trialIndex.get(m.trialKey)); // null: the trial was withdrawn
                }
            }
        }
        int n = 0;
        for (Map.Entry<String, ReplicaTrialIndex.Entry> e : todo.entrySet()) {
            ReplicaTrialIndex.Entry t = e.getValue();
            MatchEntity row = rows.get(e.getKey());
            if (t == null || !t.open()) {
                n += row != null && row.active ? retract(row, t == null ? "TRIAL_WITHDRAWN" : "TRIAL_CLOSED", now) : 0;
            } else {
                n += reconcile(facts, t.trialKey(), t.version(), t.criteria(), row, now, rows);
            }
        }
        return n;
    }

    /**
     * A trial snapshot from trials.v1; null {@code trial} is a tombstone. Re-matching runs in one transaction, which
     * for a trial that concerns a million stored patients takes minutes: the default 60 s timeout rolled it back, and
     * the record would have been retried (and rolled back) forever (MatchingBenchmark, 1M patients). Hence its own
     * timeout, {@code trialstream.rematch.transaction-timeout} (seconds).
     */
    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = "trialstream.rematch.transaction-timeout")
    public int onTrial(String trialKey, Trial trial) {
        trials.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(" + INDEX_LOCK + ")").getSingleResult();
        Instant now = time.now();
        IndexedTrial indexed = trials.findById(trialKey);
        if (trial == null || indexed == null || indexed.version < trial.version()) {
            ReplicaTrialIndex.recordChange(trials.getEntityManager(), trialKey);
        }
        if (trial == null) {
            int n = retractAll(trialKey, "TRIAL_WITHDRAWN", now);
            if (indexed != null) {
                trials.delete(indexed);
            }
            trialCache.remove(trialKey);
            return n;
        }
        if (indexed != null && indexed.version >= trial.version()) {
            return 0; // duplicate or out-of-date snapshot
        }
        boolean isNew = indexed == null;
        if (isNew) {
            indexed = new IndexedTrial();
            indexed.trialKey = trialKey;
        }
        TrialRecord record = trial.trial();
        List<Criterion> criteria = EligibilityEvaluator.criteriaOf(record);
        CandidateIndex.TrialKeys keys = index.trialKeys(criteria);
        indexed.version = trial.version();
        indexed.open = record.overallStatus() != null && config.openStatuses().contains(record.overallStatus());
        indexed.sex = keys.sex();
        indexed.minAge = keys.minAge();
        indexed.maxAge = keys.maxAge();
        indexed.conditionKeys = keys.conditionKeys().toArray(String[]::new);
        indexed.record = json(record);
        indexed.updatedAt = now;
        if (isNew) {
            trials.persist(indexed);
        }
        trialCache.put(trialKey, new CachedTrial(indexed.version, criteria));
        if (!indexed.open) {
            return retractAll(trialKey, "TRIAL_CLOSED", now);
        }
        return rematch(indexed, keys, now);
    }

    /**
     * Evaluates a trial against its candidate patients, a page at a time with the persistence context cleared in
     * between, so a trial that concerns 100k patients needs memory for one page, not for all of them.
     */
    private int rematch(IndexedTrial trial, CandidateIndex.TrialKeys keys, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String trialKey = trial.trialKey;
        Set<String> activeBefore = new HashSet<>(matches.getEntityManager()
                .createQuery("select m.patientId from MatchEntity m where m.trialKey = ?1 and m.active = true", String.class)
                .setParameter(1, trialKey).getResultList());
        int n = 0;
        List<PatientRepository.StoredFacts> page = new ArrayList<>(PAGE);
        try (var candidates = patients.candidatesFor(keys.sex(), keys.minAge(), keys.maxAge(), keys.conditionKeys(), today)) {
            var it = candidates.iterator();
            while (it.hasNext()) {
                page.add(it.next());
                if (page.size() == PAGE || !it.hasNext()) {
                    n += rematchPage(page, trial, activeBefore, now);
                    page.clear();
                }
            }
        }
        // matches of patients who are no longer candidates: re-evaluated, which retracts them
        List<String> rest = new ArrayList<>(activeBefore);
        for (int i = 0; i < rest.size(); i += PAGE) {
            List<String> ids = rest.subList(i, Math.min(rest.size(), i + PAGE));
            Map<String, MatchEntity> rows = rowsFor(trialKey, ids);
            for (String id : ids) {
                PatientEntity p = patients.findById(id);
                MatchEntity row = rows.get(matchId(id, trialKey));
                if (p == null || p.deleted) {
                    n += row != null && row.active ? retract(row, "PATIENT_DELETED", now) : 0;
                } else {
                    n += reconcile(readFacts(id, p.facts), trial.trialKey, trial.version, criteriaOf(trial), row, now, null);
                }
            }
            flushAndClear();
        }
        return n;
    }

    private int rematchPage(List<PatientRepository.StoredFacts> page, IndexedTrial trial, Set<String> activeBefore, Instant now) {
        int n = 0;
        List<Criterion> criteria = criteriaOf(trial);
        Map<String, MatchEntity> rows = rowsFor(trial.trialKey, page.stream().map(PatientRepository.StoredFacts::patientId).toList());
        for (PatientRepository.StoredFacts p : page) {
            n += reconcile(readFacts(p.patientId(), p.facts()), trial.trialKey, trial.version, criteria,
                    rows.get(matchId(p.patientId(), trial.trialKey)), now, null);
            activeBefore.remove(p.patientId());
        }
        flushAndClear(); // the trial's own row was flushed with the first page; only its key and version are read after
        return n;
    }

    private Map<String, MatchEntity> rowsFor(String trialKey, List<String> patientIds) {
        List<String> ids = patientIds.stream().map(p -> matchId(p, trialKey)).toList();
        Map<String, MatchEntity> rows = new HashMap<>();
        for (MatchEntity m : matches.list("matchId in ?1", ids)) {
            rows.put(m.matchId, m);
        }
        return rows;
    }

    private void flushAndClear() {
        matches.getEntityManager().flush();
        matches.getEntityManager().clear();
    }

    /** @param newRows receives a match row created here (by trial key), null if the caller does not keep them */
    private int reconcile(PatientFacts facts, String trialKey, long trialVersion, List<Criterion> criteria, MatchEntity m,
                          Instant now, Map<String, MatchEntity> newRows) {
        long start = System.nanoTime();
        Evaluation ev = evaluator.evaluate(criteria, facts, now);
        metrics.evaluation(System.nanoTime() - start);
        if (ev.verdict() == MatchEvent.Verdict.INELIGIBLE) {
            return m != null && m.active ? retract(m, "NO_LONGER_ELIGIBLE", now) : 0;
        }
        String fingerprint = fingerprint(ev);
        MatchEvent.Type type;
        if (m == null || !m.active) {
            type = MatchEvent.Type.MATCH_CREATED;
        } else if (!fingerprint.equals(m.fingerprint)) {
            type = MatchEvent.Type.MATCH_UPDATED;
        } else {
            return 0;
        }
        boolean isNew = m == null;
        if (isNew) {
            m = new MatchEntity();
            m.matchId = matchId(facts.patientId(), trialKey);
            m.patientId = facts.patientId();
            m.trialKey = trialKey;
        }
        m.version++;
        m.active = true;
        m.verdict = ev.verdict().name();
        m.score = ev.score();
        m.fingerprint = fingerprint;
        m.trialVersion = trialVersion;
        MatchEvent event = new MatchEvent(MatchEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), type, m.matchId,
                m.version, m.patientId, m.trialKey, trialVersion, ev.verdict(), ev.score(), ev.criteria(),
                ev.neededInfo().isEmpty() ? null : ev.neededInfo(), null, now);
        m.payload = json(event);
        m.updatedAt = now;
        if (isNew) {
            matches.persist(m);
            if (newRows != null) {
                newRows.put(trialKey, m);
            }
        }
        enqueue(event, m.payload);
        return 1;
    }

    private List<Criterion> criteriaOf(IndexedTrial trial) {
        CachedTrial cached = trialCache.get(trial.trialKey);
        if (cached == null || cached.version() != trial.version) {
            if (trialCache.size() > 50_000) {
                trialCache.clear(); // a crude bound; the index has at most a few ten thousand open trials
            }
            cached = new CachedTrial(trial.version, EligibilityEvaluator.criteriaOf(read(trial.record, TrialRecord.class)));
            trialCache.put(trial.trialKey, cached);
        }
        return cached.criteria();
    }

    private int retractAll(String trialKey, String reason, Instant now) {
        int n = 0;
        for (MatchEntity m : matches.activeForTrial(trialKey)) {
            n += retract(m, reason, now);
        }
        return n;
    }

    private int retract(MatchEntity m, String reason, Instant now) {
        m.version++;
        m.active = false;
        m.fingerprint = null;
        MatchEvent event = new MatchEvent(MatchEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                MatchEvent.Type.MATCH_RETRACTED, m.matchId, m.version, m.patientId, m.trialKey, m.trialVersion,
                null, 0.0, null, null, reason, now);
        m.payload = json(event);
        m.updatedAt = now;
        enqueue(event, m.payload);
        return 1;
    }

    private void enqueue(MatchEvent event, String payload) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = Topics.MATCHES;
        entry.key = event.patientId();
        entry.ceType = CloudEventTypes.forMatch(event.type());
        entry.payload = payload;
        entry.createdAt = event.evaluatedAt();
        outbox.persist(entry);
    }

    /** The shared index lock, then the replica's trial index brought up to the committed table (ReplicaTrialIndex). */
    private void lockShared() {
        patients.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock_shared(" + INDEX_LOCK + ")").getSingleResult();
        trialIndex.refresh(patients.getEntityManager());
    }

    /** Keys of the open trials the replica's index admits for these facts, read under the index lock (tests, tools). */
    @Transactional
    public List<String> candidateTrialKeys(PatientFacts facts) {
        lockShared();
        return trialIndex.candidates(index.patientKeys(facts), LocalDate.ofInstant(time.now(), ZoneOffset.UTC)).stream()
                .map(ReplicaTrialIndex.Entry::trialKey).toList();
    }

    /** Stateless evaluation (POST /api/v1/eligibility/evaluate): nothing is read or written. */
    public Evaluation evaluate(PatientFacts patient, TrialRecord trial) {
        long start = System.nanoTime();
        Evaluation ev = evaluator.evaluate(trial, patient, time.now());
        metrics.evaluation(System.nanoTime() - start);
        return ev;
    }

    /** The stored facts of a patient, null if unknown or deleted. */
    @Transactional
    public PatientFacts storedFacts(String patientId) {
        PatientEntity p = patients.findById(patientId);
        return p == null || p.deleted ? null : readFacts(p.patientId, p.facts);
    }

    /** Deterministic: the same patient and trial always give the same match id. */
    public static String matchId(String patientId, String trialKey) {
        return UUID.nameUUIDFromBytes((patientId + "\u0000" + trialKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** When the first time-bound fact that is fresh now turns stale (null if none). */
    Instant nextExpiry(PatientFacts facts, Instant now) {
        Instant next = null;
        for (PatientFacts.Observation o : facts.observations()) {
            FactKind kind = FactKind.of(o);
            if (kind == null || o.effectiveAt() == null) {
                continue;
            }
            Instant expiry = o.effectiveAt().plus(freshness.window(kind));
            if (expiry.isAfter(now) && (next == null || expiry.isBefore(next))) {
                next = expiry;
            }
        }
        return next;
    }

    /**
     * Stored facts: PatientFacts JSON; rows written before issue 5 hold the native PatientEvent they came from.
     */
    static PatientFacts readFacts(String patientId, String json) {
        try {
            JsonNode tree = ContractJson.mapper().readTree(json);
            if (tree.has("schemaVersion") && tree.has("type")) {
                return PatientEventReader.facts(ContractJson.mapper().treeToValue(tree, PatientEvent.class)).withId(patientId);
            }
            return ContractJson.mapper().treeToValue(tree, PatientFacts.class).withId(patientId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored facts unreadable", e);
        }
    }

    /** What a downstream consumer would see change: verdict, score, and each criterion's outcome and evidence. */
    private static String fingerprint(Evaluation ev) {
        StringBuilder sb = new StringBuilder(ev.verdict().name()).append('|').append(ev.score());
        ev.criteria().forEach(r -> sb.append('|').append(r.criterionId()).append('=').append(r.outcome())
                .append(':').append(r.evidence()));
        ev.neededInfo().forEach(n -> sb.append("|?").append(n));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object o) {
        try {
            return ContractJson.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return ContractJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }
}
