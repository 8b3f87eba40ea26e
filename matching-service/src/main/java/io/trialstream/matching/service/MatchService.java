package io.trialstream.matching.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.ContractJson;
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
import io.trialstream.matching.evaluation.EligibilityEvaluator;
import io.trialstream.matching.evaluation.Evaluation;
import io.trialstream.matching.evaluation.PatientFacts;
import io.trialstream.matching.repository.IndexedTrialRepository;
import io.trialstream.matching.repository.MatchRepository;
import io.trialstream.matching.repository.OutboxRepository;
import io.trialstream.matching.repository.PatientRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps patient facts and the trial index, re-evaluates what an event touches, and writes match changes (never
 * unchanged results) to the outbox in the same transaction as the new match state. Re-delivering an event finds the
 * same fingerprint and writes nothing.
 */
@ApplicationScoped
public class MatchService {
    private final PatientRepository patients;
    private final IndexedTrialRepository trials;
    private final MatchRepository matches;
    private final OutboxRepository outbox;
    private final MatchingConfig config;
    private final EligibilityEvaluator evaluator = new EligibilityEvaluator();
    private final Clock clock = Clock.systemUTC();

    public MatchService(PatientRepository patients, IndexedTrialRepository trials, MatchRepository matches,
                        OutboxRepository outbox, MatchingConfig config) {
        this.patients = patients;
        this.trials = trials;
        this.matches = matches;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * A patient event and a trial event evaluated in concurrent transactions would each miss the other's
     * uncommitted row, and the match between them would never be created. Patient transactions therefore share
     * this advisory lock and trial transactions take it exclusively: patients still run in parallel, and whichever
     * of a patient and a trial commits second sees the first.
     */
    private static final long INDEX_LOCK = 0x7472_6961_6c73L; // "trials"

    /** @return the number of match events written */
    @Transactional
    public int onPatientEvent(PatientEvent event) {
        patients.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock_shared(" + INDEX_LOCK + ")").getSingleResult();
        Instant now = clock.instant();
        PatientEntity patient = patients.findById(event.patientId());
        if (event.type() == PatientEvent.Type.DELETED) {
            int n = 0;
            for (MatchEntity m : matches.activeForPatient(event.patientId())) {
                n += retract(m, "PATIENT_DELETED", now);
            }
            if (patient != null) {
                patients.delete(patient);
            }
            return n;
        }
        if (patient == null) {
            patient = new PatientEntity();
            patient.patientId = event.patientId();
        }
        boolean snapshot = event.type() == PatientEvent.Type.SNAPSHOT || event.type() == null;
        if (snapshot || event.birthDate() != null) {
            patient.birthDate = event.birthDate();
        }
        if (snapshot || event.sex() != null) {
            patient.sex = event.sex() == null ? null : event.sex().name();
        }
        patient.facts = json(event);
        patient.lastEventId = event.eventId();
        patient.updatedAt = now;
        patients.persist(patient);

        PatientFacts facts = facts(patient);
        LocalDate today = LocalDate.now(clock);
        Double age = facts.birthDate() == null ? null : ageYears(facts.birthDate(), today);
        Map<String, IndexedTrial> candidates = new LinkedHashMap<>();
        for (IndexedTrial t : trials.candidatesFor(patient.sex, age)) {
            candidates.put(t.trialKey, t);
        }
        int n = 0;
        for (IndexedTrial t : candidates.values()) {
            n += reconcile(facts, t, today, now);
        }
        // A match whose trial is no longer a candidate (the patient changed) is re-evaluated, which retracts it.
        for (MatchEntity m : matches.activeForPatient(patient.patientId)) {
            if (!candidates.containsKey(m.trialKey)) {
                IndexedTrial t = trials.findById(m.trialKey);
                n += t == null ? retract(m, "TRIAL_REMOVED", now) : reconcile(facts, t, today, now);
            }
        }
        return n;
    }

    /** A trial snapshot from trials.v1; null {@code trial} is a tombstone. */
    @Transactional
    public int onTrial(String trialKey, Trial trial) {
        trials.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(" + INDEX_LOCK + ")").getSingleResult();
        Instant now = clock.instant();
        IndexedTrial indexed = trials.findById(trialKey);
        if (trial == null) {
            int n = retractAll(trialKey, "TRIAL_WITHDRAWN", now);
            if (indexed != null) {
                trials.delete(indexed);
            }
            return n;
        }
        if (indexed != null && indexed.version >= trial.version()) {
            return 0; // duplicate or out-of-date snapshot
        }
        if (indexed == null) {
            indexed = new IndexedTrial();
            indexed.trialKey = trialKey;
        }
        TrialRecord record = trial.trial();
        indexed.version = trial.version();
        indexed.open = record.overallStatus() != null && config.openStatuses().contains(record.overallStatus());
        var e = record.eligibility();
        indexed.sex = e == null ? null : e.sex();
        indexed.minAge = e == null || e.minimumAgeBound() == null ? null : e.minimumAgeBound().years();
        indexed.maxAge = e == null || e.maximumAgeBound() == null ? null : e.maximumAgeBound().years();
        indexed.record = json(record);
        indexed.updatedAt = now;
        trials.persist(indexed);
        if (!indexed.open) {
            return retractAll(trialKey, "TRIAL_CLOSED", now);
        }
        LocalDate today = LocalDate.now(clock);
        Map<String, PatientEntity> candidates = new LinkedHashMap<>();
        for (PatientEntity p : patients.candidatesFor(indexed.sex, indexed.minAge, indexed.maxAge, today)) {
            candidates.put(p.patientId, p);
        }
        for (MatchEntity m : matches.activeForTrial(trialKey)) {
            candidates.computeIfAbsent(m.patientId, patients::findById);
        }
        int n = 0;
        for (PatientEntity p : candidates.values()) {
            if (p != null) {
                n += reconcile(facts(p), indexed, today, now);
            }
        }
        return n;
    }

    private int reconcile(PatientFacts facts, IndexedTrial trial, LocalDate today, Instant now) {
        TrialRecord record = read(trial.record, TrialRecord.class);
        Evaluation ev = evaluator.evaluate(record, facts, today);
        String matchId = matchId(facts.patientId(), trial.trialKey);
        MatchEntity m = matches.findById(matchId);
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
        if (m == null) {
            m = new MatchEntity();
            m.matchId = matchId;
            m.patientId = facts.patientId();
            m.trialKey = trial.trialKey;
        }
        m.version++;
        m.active = true;
        m.verdict = ev.verdict().name();
        m.score = ev.score();
        m.fingerprint = fingerprint;
        m.trialVersion = trial.version;
        MatchEvent event = new MatchEvent(MatchEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), type, matchId,
                m.version, m.patientId, m.trialKey, trial.version, ev.verdict(), ev.score(), ev.criteria(),
                ev.neededInfo().isEmpty() ? null : ev.neededInfo(), null, now);
        m.payload = json(event);
        m.updatedAt = now;
        matches.persist(m);
        enqueue(event);
        return 1;
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
        enqueue(event);
        return 1;
    }

    private void enqueue(MatchEvent event) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = Topics.MATCHES;
        entry.key = event.patientId();
        entry.ceType = CloudEventTypes.forMatch(event.type());
        entry.payload = json(event);
        entry.createdAt = event.evaluatedAt();
        outbox.persist(entry);
    }

    /** Deterministic: the same patient and trial always give the same match id. */
    public static String matchId(String patientId, String trialKey) {
        return UUID.nameUUIDFromBytes((patientId + "\u0000" + trialKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static PatientFacts facts(PatientEntity p) {
        return new PatientFacts(p.patientId, p.birthDate, p.sex == null ? null : PatientEvent.Sex.valueOf(p.sex));
    }

    static double ageYears(LocalDate birth, LocalDate today) {
        Period period = Period.between(birth, today);
        return period.getYears() + period.getMonths() / 12.0 + period.getDays() / 365.25;
    }

    /** What a downstream consumer would see change: verdict, score, and each criterion's outcome and evidence. */
    private static String fingerprint(Evaluation ev) {
        StringBuilder sb = new StringBuilder(ev.verdict().name()).append('|').append(ev.score());
        ev.criteria().forEach(r -> sb.append('|').append(r.criterionId()).append('=').append(r.outcome())
                .append(':').append(r.evidence()));
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
