package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.matching.vocabulary.ConceptHierarchy;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys under which trials and patients are indexed, so that a patient event finds its candidate trials (and a
 * trial event its candidate patients) without evaluating every one. A trial is a candidate for a patient unless one
 * of its REQUIRED criteria is certain to be NOT_MET:
 * <ul>
 *   <li>sex: a REQUIRED SEX criterion (or EXCLUDED of the other sex) and a patient recorded as the other sex;</li>
 *   <li>age: the bounds of REQUIRED AGE criteria and a patient whose birth date puts them outside;</li>
 *   <li>condition: the concepts (with descendants) and codes of one REQUIRED CONDITION criterion and a patient whose
 *       recorded diagnoses include none of them (a patient without any diagnosis stays a candidate: UNKNOWN).</li>
 * </ul>
 * Pruning is only ever on a certain NOT_MET, so the index returns every trial the naive scan would match (the
 * property test {@code CandidateIndexPropertyTest} checks exactly that). The SQL in the repositories mirrors
 * {@link #admits}; unknown facts admit everything.
 */
public final class CandidateIndex {
    /** Prefix of exact-code keys, for codes the hierarchy does not know. */
    static final String CODE_PREFIX = "code:";
    public static final String NO_SEX = "NONE";

    private final ConceptHierarchy conditions = ConceptHierarchy.conditions();

    /** @param sex null = any, FEMALE / MALE, or {@link #NO_SEX} when the criteria contradict each other */
    public record TrialKeys(String sex, Double minAge, Double maxAge, Set<String> conditionKeys) {
    }

    public record PatientKeys(String sex, LocalDate birthDate, boolean hasConditions, Set<String> conditionKeys) {
    }

    public TrialKeys trialKeys(List<Criterion> criteria) {
        String sex = null;
        Double min = null;
        Double max = null;
        Set<String> conditionKeys = Set.of();
        for (Criterion c : criteria) {
            if (c.kind() == null || c.polarity() == null) {
                continue;
            }
            if (c.kind() == Criterion.Kind.SEX) {
                String admitted = sexAdmitted(c);
                if (admitted != null) {
                    sex = sex == null || sex.equals(admitted) ? admitted : NO_SEX;
                }
            } else if (c.kind() == Criterion.Kind.AGE && c.polarity() == Criterion.Polarity.REQUIRED && c.operator() != null) {
                Double low = switch (c.operator()) {
                    case GE, GT, BETWEEN -> c.value();
                    default -> null;
                };
                Double high = switch (c.operator()) {
                    case BETWEEN -> c.valueHigh();
                    case LE, LT -> c.value();
                    default -> null;
                };
                if (low != null) {
                    min = min == null ? low : Math.max(min, low);
                }
                if (high != null) {
                    max = max == null ? high : Math.min(max, high);
                }
            } else if (c.kind() == Criterion.Kind.CONDITION && c.polarity() == Criterion.Polarity.REQUIRED && conditionKeys.isEmpty()) {
                conditionKeys = criterionKeys(c);
            }
        }
        return new TrialKeys(sex, min, max, conditionKeys);
    }

    /** The sex a SEX criterion admits, or null if it cannot restrict (uncoded). */
    private static String sexAdmitted(Criterion c) {
        String code = c.concepts() == null ? null : c.concepts().stream()
                .filter(k -> Concept.ADMINISTRATIVE_GENDER.equals(k.system())).map(Concept::code).findFirst().orElse(null);
        if (code == null || !(code.equalsIgnoreCase("female") || code.equalsIgnoreCase("male"))) {
            return null;
        }
        String named = code.toUpperCase(Locale.ROOT);
        if (c.polarity() == Criterion.Polarity.REQUIRED) {
            return named;
        }
        return named.equals("FEMALE") ? "MALE" : "FEMALE";
    }

    /** What the evaluator asks for in a CONDITION criterion: hierarchy concepts and exact codes. */
    Set<String> criterionKeys(Criterion c) {
        Set<String> keys = new TreeSet<>(CriterionEvaluator.askedConcepts(c, conditions, true));
        if (c.concepts() != null) {
            for (Concept k : c.concepts()) {
                if (k.code() != null && k.system() == null) {
                    return Set.of(); // the evaluator matches a system-less code in any system: no safe key
                }
                if (k.code() != null) {
                    keys.add(codeKey(k));
                }
            }
        }
        return keys;
    }

    public PatientKeys patientKeys(PatientFacts p) {
        Set<String> keys = new TreeSet<>();
        for (PatientFacts.Condition c : p.conditions()) {
            keys.addAll(conditions.closure(conditions.resolve(c.codes(), null, true)));
            for (Concept k : c.codes()) {
                if (k.code() != null) {
                    keys.add(codeKey(k));
                }
            }
        }
        String sex = p.sex() == PatientEvent.Sex.FEMALE || p.sex() == PatientEvent.Sex.MALE ? p.sex().name() : null;
        return new PatientKeys(sex, p.birthDate(), !p.conditions().isEmpty(), keys);
    }

    /** The in-memory twin of the SQL candidate queries. */
    public boolean admits(TrialKeys t, PatientKeys p, LocalDate today) {
        if (p.sex() != null && t.sex() != null && !t.sex().equals(p.sex())) {
            return false;
        }
        if (p.birthDate() != null) {
            double age = ageYears(p.birthDate(), today);
            if (t.minAge() != null && t.minAge() > age + 1e-6) {
                return false;
            }
            if (t.maxAge() != null && t.maxAge() + 1 <= age) {
                return false;
            }
        }
        if (p.hasConditions() && !t.conditionKeys().isEmpty()) {
            for (String k : t.conditionKeys()) {
                if (p.conditionKeys().contains(k)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    static String codeKey(Concept k) {
        return CODE_PREFIX + (k.system() == null ? "" : k.system()) + "|" + k.code();
    }

    /** Age in years as the evaluator computes it (completed years plus the fraction of the current year). */
    public static double ageYears(LocalDate birth, LocalDate today) {
        Period period = Period.between(birth, today);
        return period.getYears() + period.getMonths() / 12.0 + period.getDays() / 365.25;
    }
}
