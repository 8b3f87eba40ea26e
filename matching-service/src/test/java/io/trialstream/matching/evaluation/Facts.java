package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.PatientEvent.Sex;
import io.trialstream.matching.evaluation.PatientFacts.Condition;
import io.trialstream.matching.evaluation.PatientFacts.Medication;
import io.trialstream.matching.evaluation.PatientFacts.Observation;
import io.trialstream.matching.evaluation.PatientFacts.Procedure;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Small builders for hand-built patients and criteria in evaluator tests. */
public final class Facts {
    public static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    public static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);

    private final String id;
    private LocalDate birth = TODAY.minusYears(45);
    private Sex sex = Sex.FEMALE;
    private final List<Condition> conditions = new ArrayList<>();
    private final List<Observation> observations = new ArrayList<>();
    private final List<Medication> medications = new ArrayList<>();
    private final List<Procedure> procedures = new ArrayList<>();

    private Facts(String id) {
        this.id = id;
    }

    public static Facts patient(String id) {
        return new Facts(id);
    }

    public Facts born(LocalDate d) {
        birth = d;
        return this;
    }

    public Facts sex(Sex s) {
        sex = s;
        return this;
    }

    public Facts condition(String system, String code, String display, String status, LocalDate onset) {
        conditions.add(new Condition(List.of(new Concept(system, code, display)), status, "confirmed", onset, null, null, null, null, null));
        return this;
    }

    public Facts condition(Condition c) {
        conditions.add(c);
        return this;
    }

    public Facts snomed(String code, String display) {
        return condition(Concept.SNOMED, code, display, "active", TODAY.minusMonths(2));
    }

    public Facts lab(String loinc, double value, String unit, Double uln, Duration ago) {
        observations.add(new Observation(List.of(new Concept(Concept.LOINC, loinc, null)), value, unit, null, null, uln,
                NOW.minus(ago), null, null));
        return this;
    }

    public Facts coded(String system, String code, Concept answer, Duration ago) {
        observations.add(new Observation(List.of(new Concept(system, code, null)), null, null, answer, null, null,
                NOW.minus(ago), null, null));
        return this;
    }

    public Facts observation(Observation o) {
        observations.add(o);
        return this;
    }

    public Facts medication(String rxnorm, String display, String status, LocalDate start, LocalDate end) {
        medications.add(new Medication(List.of(new Concept(Concept.RXNORM, rxnorm, display)), status, start, end, null, null));
        return this;
    }

    public Facts procedure(String code, String display, LocalDate on) {
        procedures.add(new Procedure(List.of(new Concept(Concept.SNOMED, code, display)), on, null, null));
        return this;
    }

    public PatientFacts build() {
        return new PatientFacts(id, birth, sex, conditions, observations, medications, procedures);
    }

    public static Criterion criterion(String id, Kind kind, Polarity polarity, String parameter, Operator op, Double value,
                                      Double high, String unit, Double uln, Criterion.TimeWindow window,
                                      List<Concept> concepts, String text) {
        return new Criterion(id, kind, polarity, parameter, op, value, high, unit, uln, window, concepts, id, null, text, 0.9);
    }

    public static Criterion present(Kind kind, Polarity polarity, String parameter, String text) {
        return criterion(kind.name().toLowerCase() + "-1", kind, polarity, parameter, Operator.PRESENT, null, null, null,
                null, null, null, text);
    }

    public static Concept answer(String system, String code, String display) {
        return new Concept(system, code, display);
    }

    public static final Concept POSITIVE = new Concept(Concept.SNOMED, "10828004", "Positive");
    public static final Concept NEGATIVE = new Concept(Concept.SNOMED, "260385009", "Negative");

    public static Duration days(long n) {
        return Duration.ofDays(n);
    }
}
