package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.MatchEvent.CriterionResult;
import io.trialstream.contracts.MatchEvent.Evidence;
import io.trialstream.contracts.MatchEvent.Outcome;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.vocab.Analyte;
import io.trialstream.contracts.vocab.PerformanceScale;
import io.trialstream.matching.evaluation.PatientFacts.Condition;
import io.trialstream.matching.evaluation.PatientFacts.Medication;
import io.trialstream.matching.evaluation.PatientFacts.Observation;
import io.trialstream.matching.evaluation.PatientFacts.Procedure;
import io.trialstream.matching.vocabulary.Biomarkers;
import io.trialstream.matching.vocabulary.ConceptHierarchy;
import io.trialstream.matching.vocabulary.UnitConversion;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates one criterion against a patient's facts, for every kind of docs/criteria.md. The outcome is from the
 * eligibility point of view: MET means the patient satisfies the criterion (for an EXCLUDED criterion, that the
 * excluding fact is absent). Missing or stale facts give UNKNOWN, never MET, together with the fact that would decide
 * it. Plain Java: no CDI, so it is cheap to test and benchmark.
 * <p>
 * Diagnoses, medications and procedures are read closed-world once the patient has any fact of that sort: a patient
 * with recorded diagnoses but no leukaemia among them does not have leukaemia. A patient with no diagnoses at all is
 * UNKNOWN for every condition criterion. Without that rule every patient would "possibly" match every trial.
 */
public final class CriterionEvaluator {
    private static final Pattern EXCEPTION = Pattern.compile(
            "(?i)\\b(?:except(?:ing)?(?:\\s+for|\\s+in)?|excluding|other than|with the exception of|unless)\\b\\s*([^;.]+)");
    private static final Pattern EXCEPTION_LEAD = Pattern.compile(
            "(?i)^(?:subjects|patients|participants|those|people)?\\s*(?:with|who have|having)?\\s*");
    private static final Pattern HISTORY = Pattern.compile("(?i)\\b(history|prior|previous|previously|past|ever)\\b");
    private static final Pattern CURRENT = Pattern.compile(
            "(?i)\\b(concurrent|concomitant|current|currently|ongoing|receiving|on)\\b");
    /** A newly diagnosed malignancy: onset within this many days and no anticancer therapy yet. */
    private static final int NEWLY_DIAGNOSED_DAYS = 90;

    private final FreshnessPolicy freshness;
    private final UnitConversion units;
    private final ConceptHierarchy conditions = ConceptHierarchy.conditions();
    private final ConceptHierarchy therapies = ConceptHierarchy.therapies();

    public CriterionEvaluator() {
        this(FreshnessPolicy.defaults(), new UnitConversion());
    }

    public CriterionEvaluator(FreshnessPolicy freshness, UnitConversion units) {
        this.freshness = freshness;
        this.units = units;
    }

    /** A criterion's result and, when UNKNOWN, the fact that would decide it. */
    public record Judgement(CriterionResult result, String neededInfo) {
        public Outcome outcome() {
            return result.outcome();
        }
    }

    public CriterionResult evaluate(Criterion c, PatientFacts p, LocalDate today) {
        return judge(c, p, today.atStartOfDay(ZoneOffset.UTC).toInstant()).result();
    }

    public Judgement judge(Criterion c, PatientFacts p, Instant now) {
        if (c.anyOf() != null && !c.anyOf().isEmpty()) {
            return anyOf(c, p, now);
        }
        if (c.kind() == null || c.polarity() == null) {
            return unknown(c, "criterion without kind or polarity", review(c), List.of());
        }
        return switch (c.kind()) {
            case AGE -> age(c, p, LocalDate.ofInstant(now, ZoneOffset.UTC));
            case SEX -> sex(c, p);
            case LAB, ORGAN_FUNCTION -> measurement(c, p, now);
            case PERFORMANCE_STATUS -> performance(c, p, now);
            case PREGNANCY -> pregnancy(c, p, now);
            case BREASTFEEDING -> breastfeeding(c, p, now);
            case CONTRACEPTION -> contraception(c, p, now);
            case INFECTION -> infection(c, p, now);
            case GVHD -> gvhd(c, p);
            case CONDITION -> condition(c, p, now);
            case THERAPY -> therapy(c, p, now);
            case PROCEDURE -> procedure(c, p, now);
            case LIFE_EXPECTANCY -> lifeExpectancy(c, p, now);
            case DISEASE_STATUS -> diseaseStatus(c, p, now);
            case BIOMARKER -> biomarker(c, p, now);
            case CONSENT -> decided(c, Outcome.MET, "consent is obtained at enrolment", List.of());
            case UNPARSED -> unknown(c, "not computable: " + abbreviate(c.text()), review(c), List.of());
        };
    }

    /**
     * Required alternatives ("creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min"): MET when one member is
     * MET, NOT_MET only when every member is NOT_MET, else UNKNOWN with the facts that would decide any member.
     */
    private Judgement anyOf(Criterion group, PatientFacts p, Instant now) {
        List<Judgement> members = group.anyOf().stream().map(m -> judge(m, p, now)).toList();
        for (Judgement j : members) {
            if (j.outcome() == Outcome.MET) {
                return decided(group, Outcome.MET, "alternative met: " + j.result().explanation(), evidenceOf(j));
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        members.forEach(j -> evidence.addAll(evidenceOf(j)));
        String explained = String.join("; ", members.stream().map(j -> j.result().explanation()).toList());
        if (members.stream().allMatch(j -> j.outcome() == Outcome.NOT_MET)) {
            return decided(group, Outcome.NOT_MET, "no alternative met: " + explained, evidence);
        }
        String needed = String.join(" or ", members.stream().filter(j -> j.outcome() == Outcome.UNKNOWN)
                .map(j -> j.neededInfo() == null ? review(group) : j.neededInfo()).distinct().toList());
        return unknown(group, "no alternative decided: " + explained, needed, evidence);
    }

    private static List<Evidence> evidenceOf(Judgement j) {
        return j.result().evidence() == null ? List.of() : j.result().evidence();
    }

    // ---------------------------------------------------------------- demographics

    private Judgement age(Criterion c, PatientFacts p, LocalDate today) {
        if (p.birthDate() == null) {
            return unknown(c, "birth date unknown", "birthDate", List.of());
        }
        Period period = Period.between(p.birthDate(), today);
        double exact = period.getYears() + period.getMonths() / 12.0 + period.getDays() / 365.25;
        Double low = switch (c.operator() == null ? Criterion.Operator.PRESENT : c.operator()) {
            case GE, GT, BETWEEN -> c.value();
            default -> null;
        };
        Double high = switch (c.operator() == null ? Criterion.Operator.PRESENT : c.operator()) {
            case BETWEEN -> c.valueHigh();
            case LE, LT -> c.value();
            default -> null;
        };
        if (low == null && high == null) {
            return unknown(c, "age criterion without a bound", review(c), List.of());
        }
        // "Maximum age 65 Years" admits a patient of 65 years and 11 months: compare completed years to whole-year bounds.
        double forHigh = high != null && high == Math.floor(high) ? period.getYears() : exact;
        boolean lowOk = low == null || (c.operator() == Criterion.Operator.GT ? exact > low + 1e-9 : exact >= low - 1e-9);
        boolean highOk = high == null || (c.operator() == Criterion.Operator.LT ? exact < high - 1e-9 : forHigh <= high + 1e-9);
        String bounds = (low == null ? "" : (c.operator() == Criterion.Operator.GT ? "> " : "≥ ") + fmt(low))
                + (low != null && high != null ? " and " : "")
                + (high == null ? "" : (c.operator() == Criterion.Operator.LT ? "< " : "≤ ") + fmt(high));
        return decided(c, holds(c.polarity(), lowOk && highOk),
                "age " + period.getYears() + " years, trial " + verb(c) + " " + bounds + " years",
                List.of(new Evidence("age", Integer.toString(period.getYears()), "a", null)));
    }

    private Judgement sex(Criterion c, PatientFacts p) {
        if (p.sex() == null || p.sex() == PatientEvent.Sex.UNKNOWN || p.sex() == PatientEvent.Sex.OTHER) {
            return unknown(c, "sex not recorded as female or male", "sex", List.of());
        }
        String required = c.concepts() == null ? null : c.concepts().stream()
                .filter(k -> Concept.ADMINISTRATIVE_GENDER.equals(k.system())).map(Concept::code).findFirst().orElse(null);
        if (required == null) {
            return unknown(c, "sex criterion without a coded value", review(c), List.of());
        }
        boolean same = p.sex().name().equalsIgnoreCase(required);
        return decided(c, holds(c.polarity(), same), "sex " + p.sex() + ", trial " + verb(c) + " " + required.toUpperCase(Locale.ROOT),
                List.of(new Evidence("sex", p.sex().name(), null, null)));
    }

    // ---------------------------------------------------------------- labs and organ function

    private Judgement measurement(Criterion c, PatientFacts p, Instant now) {
        Analyte analyte = analyte(c.parameter());
        if (analyte == null) {
            return unknown(c, "unknown measurement " + c.parameter(), review(c), List.of());
        }
        FactKind kind = analyte.group() == Analyte.Group.LAB ? FactKind.LAB : FactKind.ORGAN_FUNCTION;
        String name = analyte.name();
        String needed = (kind == FactKind.LAB ? "lab " : "") + name + " (LOINC " + analyte.loinc().get(0) + ") within "
                + days(kind) + " days";
        Condition exempt = exemptingCondition(c, p);
        if (exempt != null) {
            return decided(c, Outcome.MET, "exempt from the " + name + " limit: " + describe(exempt.codes()),
                    List.of(conditionEvidence(exempt)));
        }
        Observation o = latest(p, obs -> obs.value() != null && ClinicalCodes.hasAny(obs.codes(), null, Set.copyOf(analyte.loinc())));
        if (o == null) {
            return unknown(c, "no " + name + " result", needed, List.of());
        }
        Evidence ev = new Evidence("observation " + name, fmt(o.value()), o.unit(), o.effectiveAt());
        if (!freshness.isFresh(kind, o.effectiveAt(), now)) {
            return unknown(c, "latest " + name + " " + fmt(o.value()) + " " + nullToEmpty(o.unit()) + " is older than "
                    + days(kind) + " days", needed, List.of(ev));
        }
        if (c.ulnMultiple() != null) {
            if (o.referenceHigh() == null || o.referenceHigh() <= 0) {
                return unknown(c, name + " " + fmt(o.value()) + " has no reference range (ULN)",
                        name + " reference range (ULN)", List.of(ev));
            }
            double ratio = o.value() / o.referenceHigh();
            Boolean cmp = compare(c.operator(), ratio, c.ulnMultiple(), null);
            if (cmp == null) {
                return unknown(c, "unsupported operator", review(c), List.of(ev));
            }
            Evidence uln = new Evidence("ULN " + name, fmt(o.referenceHigh()), o.unit(), o.effectiveAt());
            return decided(c, holds(c.polarity(), cmp), name + " " + fmt(o.value()) + " " + nullToEmpty(o.unit()) + " = "
                    + fmt(ratio) + " × ULN (" + fmt(o.referenceHigh()) + "), trial " + verb(c) + " " + op(c.operator()) + " "
                    + fmt(c.ulnMultiple()) + " × ULN", List.of(ev, uln));
        }
        String target = c.unit() != null && !c.unit().isBlank() ? c.unit() : analyte.ucumUnit();
        String from = o.unit() == null || o.unit().isBlank() ? (analyte.ucumUnit().startsWith("{") ? analyte.ucumUnit() : null) : o.unit();
        if (from == null) {
            return unknown(c, name + " " + fmt(o.value()) + " has no unit", needed, List.of(ev));
        }
        OptionalDouble converted = units.convert(o.value(), from, target, analyte);
        if (converted.isEmpty()) {
            return unknown(c, name + " in " + from + " cannot be compared with " + target, needed, List.of(ev));
        }
        Boolean cmp = compare(c.operator(), converted.getAsDouble(), c.value(), c.valueHigh());
        if (cmp == null) {
            return unknown(c, "unsupported operator or missing limit", review(c), List.of(ev));
        }
        String shown = UnitConversion.normalise(from).equals(UnitConversion.normalise(target)) ? ""
                : " (= " + fmt(converted.getAsDouble()) + " " + target + ")";
        return decided(c, holds(c.polarity(), cmp), name + " " + fmt(o.value()) + " " + from + shown + ", trial " + verb(c)
                + " " + limit(c) + " " + target, List.of(ev));
    }

    private static Analyte analyte(String parameter) {
        if (parameter == null) {
            return null;
        }
        try {
            return Analyte.valueOf(parameter.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- performance status

    private Judgement performance(Criterion c, PatientFacts p, Instant now) {
        PerformanceScale scale;
        try {
            scale = PerformanceScale.valueOf(c.parameter().trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return unknown(c, "unknown performance scale " + c.parameter(), review(c), List.of());
        }
        String needed = "performance status (ECOG or Karnofsky) within " + days(FactKind.PERFORMANCE_STATUS) + " days";
        Observation o = latest(p, obs -> performanceScore(obs) != null);
        if (o == null) {
            return unknown(c, "no performance status", needed, List.of());
        }
        double score = performanceScore(o);
        boolean patientEcog = o.hasCode(null, ClinicalCodes.ECOG);
        String patientScale = patientEcog ? "ECOG" : o.hasCode(null, ClinicalCodes.LANSKY) ? "Lansky" : "Karnofsky";
        Evidence ev = new Evidence("performance status " + patientScale, fmt(score), null, o.effectiveAt());
        if (!freshness.isFresh(FactKind.PERFORMANCE_STATUS, o.effectiveAt(), now)) {
            return unknown(c, patientScale + " " + fmt(score) + " is older than " + days(FactKind.PERFORMANCE_STATUS) + " days",
                    needed, List.of(ev));
        }
        String wanted = scale.name() + " " + limit(c);
        if (scale.isEcogLike()) {
            double ecog = patientEcog ? score : PerformanceScale.karnofskyToEcog(score);
            Boolean cmp = compare(c.operator(), ecog, c.value(), c.valueHigh());
            if (cmp == null) {
                return unknown(c, "unsupported operator", review(c), List.of(ev));
            }
            return decided(c, holds(c.polarity(), cmp), patientScale + " " + fmt(score)
                    + (patientEcog ? "" : " (= ECOG " + fmt(ecog) + ")") + ", trial " + verb(c) + " " + wanted, List.of(ev));
        }
        if (!patientEcog) {
            Boolean cmp = compare(c.operator(), score, c.value(), c.valueHigh());
            if (cmp == null) {
                return unknown(c, "unsupported operator", review(c), List.of(ev));
            }
            return decided(c, holds(c.polarity(), cmp), patientScale + " " + fmt(score) + ", trial " + verb(c) + " " + wanted, List.of(ev));
        }
        double[] range = PerformanceScale.ecogToKarnofskyRange((int) Math.round(score));
        Boolean atLow = compare(c.operator(), range[0], c.value(), c.valueHigh());
        Boolean atHigh = compare(c.operator(), range[1], c.value(), c.valueHigh());
        if (atLow == null || atHigh == null) {
            return unknown(c, "unsupported operator", review(c), List.of(ev));
        }
        String conv = "ECOG " + fmt(score) + " (= Karnofsky " + fmt(range[0]) + "–" + fmt(range[1]) + ")";
        if (!atLow.equals(atHigh)) {
            return unknown(c, conv + " does not decide " + wanted, "Karnofsky score within "
                    + days(FactKind.PERFORMANCE_STATUS) + " days", List.of(ev));
        }
        return decided(c, holds(c.polarity(), atLow), conv + ", trial " + verb(c) + " " + wanted, List.of(ev));
    }

    /** The score of an ECOG/Karnofsky/Lansky observation (value or LOINC answer), null if out of range. */
    static Double performanceScore(Observation o) {
        boolean ecog = o.hasCode(null, ClinicalCodes.ECOG);
        if (!ecog && !o.hasCode(null, ClinicalCodes.KARNOFSKY) && !o.hasCode(null, ClinicalCodes.LANSKY)) {
            return null;
        }
        Double v = o.value();
        if (v == null) {
            Integer answer = ClinicalCodes.performanceAnswer(o.valueCode());
            v = answer == null ? null : answer.doubleValue();
        }
        if (v == null || v < 0 || v > (ecog ? 5 : 100)) {
            return null;
        }
        return v;
    }

    // ---------------------------------------------------------------- pregnancy, breastfeeding, contraception

    private Judgement pregnancy(Criterion c, PatientFacts p, Instant now) {
        String needed = "pregnancy status within " + days(FactKind.PREGNANCY) + " days";
        if (p.sex() == PatientEvent.Sex.MALE) {
            return decided(c, holds(c.polarity(), false), "male patient: not pregnant", List.of(new Evidence("sex", "MALE", null, null)));
        }
        Observation o = latest(p, obs -> (ClinicalCodes.hasAny(obs.codes(), null, ClinicalCodes.PREGNANCY_STATUS)
                || ClinicalCodes.hasAny(obs.codes(), null, ClinicalCodes.HCG_QUALITATIVE))
                && ClinicalCodes.polarityOf(obs.valueCode()) != null);
        Condition pregnant = p.conditions().stream()
                .filter(k -> k.isRecorded() && k.isActive() && isA(conditions.resolve(k.codes(), null, true), "PREGNANCY"))
                .filter(k -> conditionTime(k) != null && conditionTime(k).isAfter(now.minus(Duration.ofDays(300))))
                .findFirst().orElse(null);
        Instant obsTime = o == null ? null : o.effectiveAt();
        if (pregnant != null && (obsTime == null || !obsTime.isAfter(conditionTime(pregnant)))) {
            return decided(c, holds(c.polarity(), true), "active pregnancy: " + describe(pregnant.codes()),
                    List.of(conditionEvidence(pregnant)));
        }
        if (o == null) {
            return unknown(c, "no pregnancy status", needed, List.of());
        }
        boolean positive = ClinicalCodes.polarityOf(o.valueCode());
        Evidence ev = new Evidence("pregnancy status", positive ? "pregnant" : "not pregnant", null, o.effectiveAt());
        if (!freshness.isFresh(FactKind.PREGNANCY, o.effectiveAt(), now)) {
            return unknown(c, "latest pregnancy status is older than " + days(FactKind.PREGNANCY) + " days", needed, List.of(ev));
        }
        return decided(c, holds(c.polarity(), positive), positive ? "pregnant" : "not pregnant", List.of(ev));
    }

    private Judgement breastfeeding(Criterion c, PatientFacts p, Instant now) {
        String needed = "breastfeeding status within " + days(FactKind.BREASTFEEDING) + " days";
        if (p.sex() == PatientEvent.Sex.MALE) {
            return decided(c, holds(c.polarity(), false), "male patient: not breastfeeding", List.of(new Evidence("sex", "MALE", null, null)));
        }
        Observation o = latest(p, obs -> ClinicalCodes.hasAny(obs.codes(), null, ClinicalCodes.BREASTFEEDING_STATUS)
                && ClinicalCodes.polarityOf(obs.valueCode()) != null);
        if (o == null) {
            return unknown(c, "no breastfeeding status", needed, List.of());
        }
        boolean yes = ClinicalCodes.polarityOf(o.valueCode());
        Evidence ev = new Evidence("breastfeeding status", yes ? "breastfeeding" : "not breastfeeding", null, o.effectiveAt());
        if (!freshness.isFresh(FactKind.BREASTFEEDING, o.effectiveAt(), now)) {
            return unknown(c, "latest breastfeeding status is older than " + days(FactKind.BREASTFEEDING) + " days", needed, List.of(ev));
        }
        return decided(c, holds(c.polarity(), yes), yes ? "breastfeeding" : "not breastfeeding", List.of(ev));
    }

    private Judgement contraception(Criterion c, PatientFacts p, Instant now) {
        String needed = "contraception (confirmed at screening)";
        Observation o = latest(p, obs -> obs.hasCode(ClinicalCodes.FACT_SYSTEM, ClinicalCodes.CONTRACEPTION)
                && ClinicalCodes.polarityOf(obs.valueCode()) != null);
        if (o != null && freshness.isFresh(FactKind.CONTRACEPTION, o.effectiveAt(), now)) {
            boolean yes = ClinicalCodes.polarityOf(o.valueCode());
            return decided(c, holds(c.polarity(), yes), yes ? "uses contraception" : "no contraception",
                    List.of(new Evidence("contraception", yes ? "yes" : "no", null, o.effectiveAt())));
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (Medication m : p.medications()) {
            if (m.isOngoing() && (m.start() == null || !m.start().isAfter(today))
                    && isA(therapies.closure(therapies.resolve(m.codes(), null, false)), "CONTRACEPTIVE")) {
                return decided(c, holds(c.polarity(), true), "ongoing contraceptive: " + describe(m.codes()),
                        List.of(medicationEvidence(m)));
            }
        }
        return unknown(c, "contraception is confirmed at screening", needed, List.of());
    }

    // ---------------------------------------------------------------- infection, GVHD, conditions

    private Judgement infection(Criterion c, PatientFacts p, Instant now) {
        String param = c.parameter() == null ? "" : c.parameter().trim();
        Set<String> asked = switch (param.toUpperCase(Locale.ROOT)) {
            case "ACTIVE_INFECTION", "INFECTION", "ACTIVE INFECTION" -> Set.of("INFECTION");
            case "HIV", "HBV", "HCV", "TB" -> Set.of(param.toUpperCase(Locale.ROOT));
            default -> conditions.resolve(nullSafe(c.concepts()), param + " " + nullToEmpty(c.text()), false);
        };
        if (asked.isEmpty()) {
            return unknown(c, "unknown infection " + param, review(c), List.of());
        }
        boolean anyInfection = asked.contains("INFECTION");
        boolean history = HISTORY.matcher(nullToEmpty(c.text())).find();
        Set<String> except = exceptionConcepts(c, conditions);
        String needed = "infection status: " + (anyInfection ? "active infections" : String.join(", ", asked));
        for (Condition k : p.conditions()) {
            if (!k.isRecorded()) {
                continue;
            }
            Set<String> keys = conditions.closure(conditions.resolve(k.codes(), null, true));
            boolean current = k.isActive() || (!anyInfection && history);
            if (current && intersects(keys, asked) && !intersects(keys, except)) {
                return decided(c, holds(c.polarity(), true), "infection on record: " + describe(k.codes()),
                        List.of(conditionEvidence(k)));
            }
        }
        // serology: a fresh positive test is an infection; a fresh negative one rules it out when no diagnosis says otherwise
        Observation test = latest(p, obs -> obs.codes().stream().anyMatch(code -> code.code() != null
                && asked.contains(ClinicalCodes.INFECTION_TESTS.getOrDefault(code.code(), "-"))
                || anyInfection && code.code() != null && ClinicalCodes.INFECTION_TESTS.containsKey(code.code()))
                && ClinicalCodes.polarityOf(obs.valueCode()) != null);
        if (test != null && freshness.isFresh(FactKind.INFECTION_TEST, test.effectiveAt(), now)) {
            boolean positive = ClinicalCodes.polarityOf(test.valueCode());
            Evidence ev = new Evidence("infection test " + describe(test.codes()), positive ? "positive" : "negative", null, test.effectiveAt());
            if (positive || !anyInfection) {
                return decided(c, holds(c.polarity(), positive), "test " + (positive ? "positive" : "negative"), List.of(ev));
            }
        }
        if (p.conditions().isEmpty()) {
            return unknown(c, "no diagnoses on record", needed, List.of());
        }
        return decided(c, holds(c.polarity(), false), "no " + (anyInfection ? "active infection" : String.join("/", asked))
                + " among " + p.conditions().size() + " recorded diagnoses", List.of());
    }

    private Judgement gvhd(Criterion c, PatientFacts p) {
        String text = nullToEmpty(c.text()).toLowerCase(Locale.ROOT);
        String asked = text.contains("chronic") && !text.contains("acute") ? "CHRONIC_GVHD"
                : text.contains("acute") && !text.contains("chronic") ? "ACUTE_GVHD" : "GVHD";
        List<Condition> found = p.conditions().stream()
                .filter(k -> k.isRecorded() && k.isActive() && isA(conditions.resolve(k.codes(), null, true), asked)).toList();
        if (found.isEmpty()) {
            if (p.conditions().isEmpty()) {
                return unknown(c, "no diagnoses on record", "diagnoses (GVHD status)", List.of());
            }
            return decided(c, holds(c.polarity(), false), "no active " + asked.replace('_', ' ').toLowerCase(Locale.ROOT)
                    + " among " + p.conditions().size() + " recorded diagnoses", List.of());
        }
        Condition k = found.get(0);
        if (c.value() == null) {
            return decided(c, holds(c.polarity(), true), "active GVHD: " + describe(k.codes()), List.of(conditionEvidence(k)));
        }
        Integer grade = found.stream().map(Condition::grade).filter(g -> g != null).max(Integer::compare).orElse(null);
        if (grade == null) {
            return unknown(c, "active GVHD without a recorded grade", "GVHD grade", List.of(conditionEvidence(k)));
        }
        Criterion.Operator operator = c.operator() == null || c.operator() == Criterion.Operator.PRESENT ? Criterion.Operator.GE : c.operator();
        Boolean cmp = compare(operator, grade, c.value(), c.valueHigh());
        return decided(c, holds(c.polarity(), Boolean.TRUE.equals(cmp)), "active GVHD grade " + grade + ", trial "
                + verb(c) + " grade " + op(operator) + " " + fmt(c.value()), List.of(conditionEvidence(k)));
    }

    private Judgement condition(Criterion c, PatientFacts p, Instant now) {
        Set<String> asked = askedConcepts(c, conditions);
        List<Concept> askedCodes = nullSafe(c.concepts());
        if (asked.isEmpty() && askedCodes.isEmpty()) {
            return unknown(c, "condition not in the vocabulary: " + abbreviate(c.parameter()), review(c), List.of());
        }
        boolean history = c.window() != null || HISTORY.matcher(nullToEmpty(c.text())).find();
        Set<String> except = exceptionConcepts(c, conditions);
        String name = c.parameter() != null ? c.parameter() : String.join(", ", asked);
        List<String> excepted = new ArrayList<>();
        for (Condition k : p.conditions()) {
            if (!k.isRecorded()) {
                continue;
            }
            Set<String> keys = conditions.closure(conditions.resolve(k.codes(), null, true));
            if (!intersects(keys, asked) && !sameCode(k.codes(), askedCodes)) {
                continue;
            }
            if (intersects(keys, except)) {
                excepted.add(describe(k.codes()));
                continue;
            }
            // a disease in remission is still the patient's diagnosis (a trial for AML in CR1 asks for both)
            boolean current = k.isActive() || "remission".equals(k.clinicalStatus());
            if (!history && !current) {
                continue;
            }
            if (!inWindow(c.window(), conditionTime(k), current, now)) {
                continue;
            }
            return decided(c, holds(c.polarity(), true), "diagnosis " + describe(k.codes())
                    + (k.clinicalStatus() == null ? "" : " (" + k.clinicalStatus() + ")") + " is " + name, List.of(conditionEvidence(k)));
        }
        if (p.conditions().isEmpty()) {
            return unknown(c, "no diagnoses on record", "diagnoses (conditions)", List.of());
        }
        return decided(c, holds(c.polarity(), false), "none of " + p.conditions().size() + " recorded diagnoses is "
                + name + (excepted.isEmpty() ? "" : " (excepted: " + String.join(", ", excepted) + ")"), List.of());
    }

    // ---------------------------------------------------------------- therapy and procedures

    private Judgement therapy(Criterion c, PatientFacts p, Instant now) {
        Set<String> asked = askedConcepts(c, therapies);
        List<Concept> askedCodes = nullSafe(c.concepts()).stream().filter(k -> Concept.RXNORM.equals(k.system())).toList();
        String keyword = asked.isEmpty() && askedCodes.isEmpty() && c.parameter() != null && c.parameter().length() >= 4
                ? c.parameter().trim().toLowerCase(Locale.ROOT) : null;
        if (asked.isEmpty() && askedCodes.isEmpty() && keyword == null) {
            return unknown(c, "therapy not in the vocabulary", review(c), List.of());
        }
        Set<String> except = exceptionConcepts(c, therapies);
        boolean currentOnly = c.window() == null && CURRENT.matcher(nullToEmpty(c.text())).find()
                && !HISTORY.matcher(nullToEmpty(c.text())).find();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (Medication m : p.medications()) {
            Set<String> keys = therapies.closure(therapies.resolve(m.codes(), null, false));
            boolean match = intersects(keys, asked) || sameCode(m.codes(), askedCodes)
                    || keyword != null && describe(m.codes()).toLowerCase(Locale.ROOT).contains(keyword);
            if (!match || intersects(keys, except)) {
                continue;
            }
            if (currentOnly && !m.isOngoing()) {
                continue;
            }
            if (!medicationInWindow(c.window(), m, today)) {
                continue;
            }
            return decided(c, holds(c.polarity(), true), "medication " + describe(m.codes()) + periodText(m) + " is "
                    + nullToEmpty(c.parameter()) + windowText(c), List.of(medicationEvidence(m)));
        }
        if (p.medications().isEmpty()) {
            return unknown(c, "no medications on record", "medication history", List.of());
        }
        return decided(c, holds(c.polarity(), false), "none of " + p.medications().size() + " recorded medications is "
                + nullToEmpty(c.parameter()) + windowText(c), List.of());
    }

    private Judgement procedure(Criterion c, PatientFacts p, Instant now) {
        Set<String> asked = askedConcepts(c, conditions);
        List<Concept> askedCodes = nullSafe(c.concepts());
        if (asked.isEmpty() && askedCodes.isEmpty()) {
            return unknown(c, "procedure not in the vocabulary", review(c), List.of());
        }
        Set<String> except = exceptionConcepts(c, conditions);
        for (Procedure pr : p.procedures()) {
            Set<String> keys = conditions.closure(conditions.resolve(pr.codes(), null, false));
            if (!(intersects(keys, asked) || sameCode(pr.codes(), askedCodes)) || intersects(keys, except)) {
                continue;
            }
            Instant when = pr.performedOn() == null ? null : pr.performedOn().atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!inWindow(c.window(), when, false, now)) {
                continue;
            }
            return decided(c, holds(c.polarity(), true), "procedure " + describe(pr.codes())
                    + (pr.performedOn() == null ? "" : " on " + pr.performedOn()) + windowText(c),
                    List.of(new Evidence("procedure " + describe(pr.codes()), null, null, when)));
        }
        if (p.procedures().isEmpty()) {
            return unknown(c, "no procedures on record", "procedure history", List.of());
        }
        return decided(c, holds(c.polarity(), false), "none of " + p.procedures().size() + " recorded procedures is "
                + nullToEmpty(c.parameter()) + windowText(c), List.of());
    }

    // ---------------------------------------------------------------- life expectancy, disease status, biomarkers

    private Judgement lifeExpectancy(Criterion c, PatientFacts p, Instant now) {
        String needed = "life expectancy (clinician estimate)";
        Observation o = latest(p, obs -> obs.value() != null && obs.hasCode(ClinicalCodes.FACT_SYSTEM, ClinicalCodes.LIFE_EXPECTANCY));
        if (o == null) {
            return unknown(c, "no life expectancy estimate", needed, List.of());
        }
        Evidence ev = new Evidence("life expectancy", fmt(o.value()), o.unit(), o.effectiveAt());
        if (!freshness.isFresh(FactKind.LIFE_EXPECTANCY, o.effectiveAt(), now)) {
            return unknown(c, "life expectancy estimate is older than " + days(FactKind.LIFE_EXPECTANCY) + " days", needed, List.of(ev));
        }
        String target = c.unit() == null ? "mo" : c.unit();
        OptionalDouble v = units.convert(o.value(), o.unit() == null ? target : o.unit(), target, null);
        Boolean cmp = v.isEmpty() ? null : compare(c.operator() == null ? Criterion.Operator.GE : c.operator(), v.getAsDouble(), c.value(), c.valueHigh());
        if (cmp == null) {
            return unknown(c, "life expectancy not comparable", needed, List.of(ev));
        }
        return decided(c, holds(c.polarity(), cmp), "life expectancy " + fmt(o.value()) + " " + nullToEmpty(o.unit())
                + ", trial " + verb(c) + " " + limit(c) + " " + target, List.of(ev));
    }

    private Judgement diseaseStatus(Criterion c, PatientFacts p, Instant now) {
        String param = c.parameter() == null ? "" : c.parameter().trim().toLowerCase(Locale.ROOT).replace(' ', '_');
        String needed = "disease status: " + param;
        return switch (param) {
            case "metastatic" -> metastatic(c, p, now, needed);
            case "newly_diagnosed" -> newlyDiagnosed(c, p, now, needed);
            default -> statedStatus(c, p, now, param, needed);
        };
    }

    private Judgement metastatic(Criterion c, PatientFacts p, Instant now, String needed) {
        for (Condition k : p.conditions()) {
            if (k.isRecorded() && isA(conditions.resolve(k.codes(), null, true), "METASTATIC_DISEASE")) {
                return decided(c, holds(c.polarity(), true), "metastatic disease: " + describe(k.codes()), List.of(conditionEvidence(k)));
            }
        }
        Observation m = latest(p, obs -> ClinicalCodes.hasAny(obs.codes(), null, ClinicalCodes.M_CATEGORY) && obs.valueCode() != null);
        if (m != null) {
            String code = nullToEmpty(m.valueCode().code()).toUpperCase(Locale.ROOT);
            boolean m1 = code.contains("M1");
            Evidence ev = new Evidence("TNM M category", m.valueCode().code(), null, m.effectiveAt());
            if (m1) {
                return decided(c, holds(c.polarity(), true), "distant metastasis (" + m.valueCode().code() + ")", List.of(ev));
            }
            if (code.contains("M0") && freshness.isFresh(FactKind.DISEASE_STATUS, m.effectiveAt(), now)) {
                return decided(c, holds(c.polarity(), false), "no distant metastasis (" + m.valueCode().code() + ")", List.of(ev));
            }
        }
        Boolean stated = stated(p, "metastatic", now);
        if (stated != null) {
            return decided(c, holds(c.polarity(), stated), stated ? "stated metastatic" : "stated not metastatic", List.of());
        }
        return unknown(c, "metastatic status not recorded", needed, List.of());
    }

    private Judgement newlyDiagnosed(Criterion c, PatientFacts p, Instant now, String needed) {
        Condition first = p.conditions().stream()
                .filter(k -> k.isRecorded() && isA(conditions.resolve(k.codes(), null, true), "MALIGNANCY"))
                .filter(k -> conditionTime(k) != null)
                .min(Comparator.comparing(CriterionEvaluator::conditionTime)).orElse(null);
        Boolean stated = stated(p, "newly_diagnosed", now);
        if (stated != null) {
            return decided(c, holds(c.polarity(), stated), stated ? "stated newly diagnosed" : "stated not newly diagnosed", List.of());
        }
        if (first == null) {
            return unknown(c, "no dated malignancy on record", needed, List.of());
        }
        long days = Duration.between(conditionTime(first), now).toDays();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean treated = p.medications().stream().anyMatch(m -> (m.start() == null || !m.start().isAfter(today))
                && isA(therapies.closure(therapies.resolve(m.codes(), null, false)), "SYSTEMIC_ANTICANCER_THERAPY"));
        boolean newly = days <= NEWLY_DIAGNOSED_DAYS && !treated;
        return decided(c, holds(c.polarity(), newly), "malignancy diagnosed " + days + " days ago"
                + (treated ? ", anticancer therapy on record" : ""), List.of(conditionEvidence(first)));
    }

    /** relapsed / refractory / remission / progressive / stable / measurable_disease / … */
    private Judgement statedStatus(Criterion c, PatientFacts p, Instant now, String param, String needed) {
        Boolean stated = stated(p, param, now);
        if (stated != null) {
            return decided(c, holds(c.polarity(), stated), (stated ? "stated " : "stated not ") + param.replace('_', ' '), List.of());
        }
        // the latest disease assessment (mCODE cancer disease status) or the clinical status of the malignancy
        Observation o = latest(p, obs -> ClinicalCodes.hasAny(obs.codes(), null, ClinicalCodes.CANCER_DISEASE_STATUS) && obs.valueCode() != null);
        String state = null;
        Evidence ev = null;
        if (o != null && freshness.isFresh(FactKind.DISEASE_STATUS, o.effectiveAt(), now)) {
            state = assessment(o.valueCode());
            ev = new Evidence("disease status", o.valueCode().display() != null ? o.valueCode().display() : o.valueCode().code(), null, o.effectiveAt());
        }
        if (state == null) {
            for (Condition k : p.conditions()) {
                if (k.isRecorded() && k.clinicalStatus() != null && isA(conditions.resolve(k.codes(), null, true), "MALIGNANCY")) {
                    String s = switch (k.clinicalStatus()) {
                        case "recurrence", "relapse" -> "relapsed";
                        case "remission", "resolved" -> "remission";
                        default -> null;
                    };
                    if (s != null) {
                        state = s;
                        ev = conditionEvidence(k);
                        break;
                    }
                }
            }
        }
        if (state == null) {
            return unknown(c, "disease status not recorded", needed, List.of());
        }
        Boolean result = switch (param) {
            case "relapsed", "recurrent" -> state.equals("relapsed") || state.equals("progressive") ? Boolean.TRUE
                    : state.equals("remission") ? Boolean.FALSE : null;
            case "remission", "complete_remission", "in_remission" -> state.equals("remission") ? Boolean.TRUE
                    : Set.of("relapsed", "progressive", "refractory").contains(state) ? Boolean.FALSE : null;
            case "refractory" -> state.equals("refractory") ? Boolean.TRUE : state.equals("remission") ? Boolean.FALSE : null;
            case "progressive", "progression" -> state.equals("progressive") || state.equals("relapsed") ? Boolean.TRUE
                    : Set.of("remission", "stable", "responding").contains(state) ? Boolean.FALSE : null;
            case "stable" -> state.equals("stable") ? Boolean.TRUE : null;
            default -> null;
        };
        if (result == null) {
            return unknown(c, "disease status " + state + " does not decide " + param.replace('_', ' '), needed, List.of(ev));
        }
        return decided(c, holds(c.polarity(), result), "disease status " + state, List.of(ev));
    }

    /** A fresh statement in the trialstream disease-status code system (or the measurable-disease fact). */
    private Boolean stated(PatientFacts p, String param, Instant now) {
        Observation o = latest(p, obs -> (obs.hasCode(ClinicalCodes.DISEASE_STATUS_SYSTEM, param)
                || "measurable_disease".equals(param) && obs.hasCode(ClinicalCodes.FACT_SYSTEM, ClinicalCodes.MEASURABLE_DISEASE)
                || obs.valueCode() != null && ClinicalCodes.DISEASE_STATUS_SYSTEM.equals(obs.valueCode().system())
                && param.equals(obs.valueCode().code())));
        if (o == null || !freshness.isFresh(FactKind.DISEASE_STATUS, o.effectiveAt(), now)) {
            return null;
        }
        if (o.valueCode() != null && ClinicalCodes.DISEASE_STATUS_SYSTEM.equals(o.valueCode().system())) {
            return Boolean.TRUE;
        }
        Boolean yes = ClinicalCodes.polarityOf(o.valueCode());
        return yes == null ? Boolean.TRUE : yes;
    }

    /** mCODE disease-status answers (SNOMED findings) as a state. */
    private static String assessment(Concept value) {
        String code = nullToEmpty(value.code());
        String d = nullToEmpty(value.display()).toLowerCase(Locale.ROOT);
        if (ClinicalCodes.DISEASE_STATUS_SYSTEM.equals(value.system())) {
            return code;
        }
        if (code.equals("268910001") || d.contains("improved")) {
            return "responding";
        }
        if (code.equals("359746009") || d.contains("stable")) {
            return "stable";
        }
        if (code.equals("271299001") || d.contains("worsened") || d.contains("progress")) {
            return "progressive";
        }
        if (d.contains("remission") || code.equals("USCRS-352236")) {
            return "remission";
        }
        if (d.contains("refractory")) {
            return "refractory";
        }
        if (d.contains("relapse") || d.contains("recurren")) {
            return "relapsed";
        }
        return null;
    }

    private Judgement biomarker(Criterion c, PatientFacts p, Instant now) {
        String symbol = Biomarkers.symbol(c.parameter());
        for (Concept k : nullSafe(c.concepts())) {
            if (ClinicalCodes.isHgnc(k)) {
                symbol = Biomarkers.symbolOf(k);
            }
        }
        if (symbol == null || symbol.isBlank()) {
            return unknown(c, "biomarker without a gene or marker name", review(c), List.of());
        }
        String marker = symbol;
        String needed = "biomarker " + marker + " result";
        Observation o = latest(p, obs -> concerns(obs, marker) && (obs.valueCode() != null || obs.value() != null));
        if (o == null) {
            return unknown(c, "no " + marker + " result", needed, List.of());
        }
        String shown = o.value() != null ? fmt(o.value()) : o.valueCode().display() != null ? o.valueCode().display() : o.valueCode().code();
        Evidence ev = new Evidence("biomarker " + marker, shown, o.unit(), o.effectiveAt());
        if (!freshness.isFresh(FactKind.BIOMARKER, o.effectiveAt(), now)) {
            return unknown(c, marker + " result is older than " + days(FactKind.BIOMARKER) + " days", needed, List.of(ev));
        }
        if (c.value() != null && c.operator() != null && c.operator() != Criterion.Operator.PRESENT) {
            if (o.value() == null) {
                return unknown(c, marker + " reported without a value", marker + " expression level", List.of(ev));
            }
            double v = o.value();
            if (c.unit() != null && o.unit() != null) {
                OptionalDouble conv = units.convert(v, o.unit(), c.unit(), null);
                if (conv.isEmpty()) {
                    return unknown(c, marker + " in " + o.unit() + " cannot be compared with " + c.unit(), needed, List.of(ev));
                }
                v = conv.getAsDouble();
            }
            Boolean cmp = compare(c.operator(), v, c.value(), c.valueHigh());
            return decided(c, holds(c.polarity(), Boolean.TRUE.equals(cmp)), marker + " " + fmt(o.value()) + " " + nullToEmpty(o.unit())
                    + ", trial " + verb(c) + " " + limit(c) + " " + nullToEmpty(c.unit()), List.of(ev));
        }
        Boolean positive = ClinicalCodes.polarityOf(o.valueCode());
        if (positive == null) {
            return unknown(c, marker + " result " + shown + " is neither positive nor negative", needed, List.of(ev));
        }
        return decided(c, holds(c.polarity(), positive), marker + " " + (positive ? "positive/present" : "negative/absent")
                + (c.text() != null && !c.text().isBlank() ? " (variant in text not compared: " + abbreviate(c.text()) + ")" : ""),
                List.of(ev));
    }

    private static boolean concerns(Observation o, String marker) {
        for (Concept k : o.codes()) {
            if (ClinicalCodes.isHgnc(k) && marker.equals(Biomarkers.symbolOf(k))) {
                return true;
            }
            if (k.code() != null && marker.equals(ClinicalCodes.MARKER_TESTS.get(k.code()))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- shared

    private Set<String> askedConcepts(Criterion c, ConceptHierarchy graph) {
        return askedConcepts(c, graph, true);
    }

    /**
     * The concepts a CONDITION/THERAPY/PROCEDURE criterion asks for: its codes, else its parameter, else its concepts'
     * displays, else (no parameter) its text. The candidate index derives its keys from this same method.
     */
    static Set<String> askedConcepts(Criterion c, ConceptHierarchy graph, boolean useText) {
        Set<String> asked = new LinkedHashSet<>(graph.resolveCodes(nullSafe(c.concepts())));
        if (asked.isEmpty()) {
            asked.addAll(graph.resolveText(c.parameter(), false));
        }
        if (asked.isEmpty()) {
            for (Concept k : nullSafe(c.concepts())) {
                asked.addAll(graph.resolveText(k.display(), false));
            }
        }
        if (asked.isEmpty() && c.parameter() == null && useText) {
            asked.addAll(graph.resolveText(withoutExceptions(c.text()), false));
        }
        return asked;
    }

    /** Concepts named after "except", "excluding", "other than", … in the criterion text. */
    private Set<String> exceptionConcepts(Criterion c, ConceptHierarchy graph) {
        Set<String> out = new LinkedHashSet<>();
        for (String phrase : exceptionPhrases(c.text())) {
            out.addAll(graph.resolveText(phrase, false));
        }
        return out;
    }

    /** Exception phrases per criterion text; criteria texts repeat for every patient evaluated. */
    private static final java.util.Map<String, List<String>> EXCEPTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    static List<String> exceptionPhrases(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> cached = EXCEPTIONS.get(text);
        if (cached == null) {
            cached = List.copyOf(findExceptionPhrases(text));
            if (EXCEPTIONS.size() > 100_000) {
                EXCEPTIONS.clear();
            }
            EXCEPTIONS.put(text, cached);
        }
        return cached;
    }

    private static List<String> findExceptionPhrases(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = EXCEPTION.matcher(text);
        while (m.find()) {
            out.add(EXCEPTION_LEAD.matcher(m.group(1).trim()).replaceFirst(""));
        }
        return out;
    }

    private static String withoutExceptions(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = EXCEPTION.matcher(text);
        return m.find() ? text.substring(0, m.start()) : text;
    }

    /** A condition the criterion text exempts from its limit ("bilirubin ≤ 1.5 × ULN, excluding Gilbert's syndrome"). */
    private Condition exemptingCondition(Criterion c, PatientFacts p) {
        Set<String> except = exceptionConcepts(c, conditions);
        if (except.isEmpty()) {
            return null;
        }
        for (Condition k : p.conditions()) {
            if (k.isRecorded() && intersects(conditions.closure(conditions.resolve(k.codes(), null, true)), except)) {
                return k;
            }
        }
        return null;
    }

    private static boolean inWindow(Criterion.TimeWindow w, Instant when, boolean stillActive, Instant now) {
        if (w == null || w.amount() == null) {
            return true;
        }
        Instant edge = now.minus(windowDuration(w));
        if ("BEFORE".equalsIgnoreCase(w.relation())) {
            return when != null && !when.isAfter(edge);
        }
        return stillActive || when != null && !when.isBefore(edge);
    }

    private static boolean medicationInWindow(Criterion.TimeWindow w, Medication m, LocalDate today) {
        if (m.start() != null && m.start().isAfter(today)) {
            return false; // planned, not taken yet
        }
        if (w == null || w.amount() == null) {
            return true;
        }
        LocalDate edge = LocalDate.ofInstant(today.atStartOfDay(ZoneOffset.UTC).toInstant().minus(windowDuration(w)), ZoneOffset.UTC);
        LocalDate last = m.end() != null ? m.end() : m.isOngoing() ? today : m.start();
        if ("BEFORE".equalsIgnoreCase(w.relation())) {
            return last != null && !last.isAfter(edge) && !m.isOngoing();
        }
        return last != null && !last.isBefore(edge);
    }

    static Duration windowDuration(Criterion.TimeWindow w) {
        double amount = w.amount();
        String unit = w.unit() == null ? "d" : w.unit().trim().toLowerCase(Locale.ROOT);
        double days = switch (unit) {
            case "a", "y", "yr", "year", "years" -> amount * 365.25;
            case "mo", "month", "months" -> amount * 30.4375;
            case "wk", "w", "week", "weeks" -> amount * 7;
            case "h", "hour", "hours" -> amount / 24;
            default -> amount;
        };
        return Duration.ofMinutes(Math.round(days * 24 * 60));
    }

    static Instant conditionTime(Condition k) {
        if (k.onset() != null) {
            return k.onset().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return k.recordedAt();
    }

    /** The latest observation that passes the filter (observations without time count as oldest). */
    private static Observation latest(PatientFacts p, Predicate<Observation> filter) {
        Observation best = null;
        for (Observation o : p.observations()) {
            if (!filter.test(o)) {
                continue;
            }
            if (best == null || best.effectiveAt() == null && o.effectiveAt() != null
                    || o.effectiveAt() != null && best.effectiveAt() != null && o.effectiveAt().isAfter(best.effectiveAt())) {
                best = o;
            }
        }
        return best;
    }

    private boolean isA(Set<String> keys, String asked) {
        for (String k : keys) {
            if (conditions.contains(k) ? conditions.isA(k, asked) : therapies.isA(k, asked)) {
                return true;
            }
        }
        return false;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : b) {
            if (a.contains(x)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameCode(List<Concept> patient, List<Concept> asked) {
        for (Concept a : asked) {
            if (a.code() != null && ClinicalCodes.has(patient, a.system(), a.code())) {
                return true;
            }
        }
        return false;
    }

    /** Compares {@code x} with the criterion's limit; null when the operator needs a value that is missing. */
    static Boolean compare(Criterion.Operator op, double x, Double value, Double high) {
        if (op == null || value == null && op != Criterion.Operator.PRESENT) {
            return null;
        }
        double eps = 1e-9 * Math.max(1, Math.abs(value == null ? 1 : value));
        return switch (op) {
            case LT -> x < value - eps;
            case LE -> x <= value + eps;
            case EQ -> Math.abs(x - value) <= eps;
            case GE -> x >= value - eps;
            case GT -> x > value + eps;
            case BETWEEN -> high != null && x >= value - eps && x <= high + eps;
            case PRESENT -> null;
        };
    }

    private static Outcome holds(Polarity polarity, boolean factHolds) {
        boolean satisfied = polarity == Polarity.EXCLUDED ? !factHolds : factHolds;
        return satisfied ? Outcome.MET : Outcome.NOT_MET;
    }

    private static Judgement decided(Criterion c, Outcome outcome, String explanation, List<Evidence> evidence) {
        return new Judgement(result(c, outcome, explanation, evidence), null);
    }

    private static Judgement unknown(Criterion c, String explanation, String needed, List<Evidence> evidence) {
        return new Judgement(result(c, Outcome.UNKNOWN, explanation, evidence), needed);
    }

    private static CriterionResult result(Criterion c, Outcome outcome, String explanation, List<Evidence> evidence) {
        return new CriterionResult(c.id(), c.kind(), c.polarity(), outcome, explanation, evidence.isEmpty() ? null : evidence);
    }

    private static String review(Criterion c) {
        return "review: " + abbreviate(c.text() != null ? c.text() : c.parameter());
    }

    private long days(FactKind kind) {
        return freshness.window(kind).toDays();
    }

    private static String verb(Criterion c) {
        return c.polarity() == Polarity.EXCLUDED ? "excludes" : "requires";
    }

    private static String limit(Criterion c) {
        if (c.operator() == Criterion.Operator.BETWEEN) {
            return fmt(c.value()) + "–" + fmt(c.valueHigh());
        }
        return op(c.operator()) + " " + (c.value() == null ? "?" : fmt(c.value()));
    }

    private static String op(Criterion.Operator op) {
        if (op == null) {
            return "";
        }
        return switch (op) {
            case LT -> "<";
            case LE -> "≤";
            case EQ -> "=";
            case GE -> "≥";
            case GT -> ">";
            case BETWEEN -> "between";
            case PRESENT -> "present";
        };
    }

    private static String windowText(Criterion c) {
        Criterion.TimeWindow w = c.window();
        if (w == null || w.amount() == null) {
            return "";
        }
        return ("BEFORE".equalsIgnoreCase(w.relation()) ? ", at least " : ", within ") + fmt(w.amount()) + " " + w.unit();
    }

    private static String periodText(Medication m) {
        if (m.start() == null && m.end() == null) {
            return "";
        }
        return " (" + (m.start() == null ? "?" : m.start()) + " – " + (m.end() == null ? (m.isOngoing() ? "ongoing" : "?") : m.end()) + ")";
    }

    private static Evidence conditionEvidence(Condition k) {
        return new Evidence("condition " + describe(k.codes()), k.clinicalStatus(), null, conditionTime(k));
    }

    private static Evidence medicationEvidence(Medication m) {
        return new Evidence("medication " + describe(m.codes()), m.status(), null,
                m.start() == null ? null : m.start().atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** A code's display (or system|code): what a coordinator reads in the explanation. */
    static String describe(List<Concept> codes) {
        for (Concept k : codes) {
            if (k.display() != null && !k.display().isBlank()) {
                return k.display();
            }
        }
        for (Concept k : codes) {
            if (k.code() != null) {
                String system = k.system() == null ? "" : k.system().substring(k.system().lastIndexOf('/') + 1);
                return system + " " + k.code();
            }
        }
        return "uncoded";
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String fmt(double v) {
        double r = Math.round(v * 100) / 100.0;
        if (r == Math.rint(r) && Math.abs(r) < 1e12) {
            return Long.toString((long) r);
        }
        String s = Double.toString(r);
        return s.contains("E") ? String.format(Locale.ROOT, "%.2f", r) : s;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
