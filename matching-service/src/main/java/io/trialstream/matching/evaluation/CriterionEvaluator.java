package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.MatchEvent.CriterionResult;
import io.trialstream.contracts.MatchEvent.Evidence;
import io.trialstream.contracts.MatchEvent.Outcome;
import io.trialstream.contracts.PatientEvent;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates one criterion against a patient's facts. The outcome is from the eligibility point of view: MET means
 * the patient satisfies the criterion (for an EXCLUDED criterion, that the excluding fact is absent). Missing facts
 * give UNKNOWN, never MET. Plain Java: no CDI, so it is cheap to test and benchmark.
 */
public final class CriterionEvaluator {

    public CriterionResult evaluate(Criterion c, PatientFacts p, LocalDate today) {
        return switch (c.kind()) {
            case AGE -> age(c, p, today);
            case SEX -> sex(c, p);
            default -> result(c, Outcome.UNKNOWN, "not yet computable: " + abbreviate(c.text()), List.of());
        };
    }

    private CriterionResult age(Criterion c, PatientFacts p, LocalDate today) {
        if (p.birthDate() == null) {
            return result(c, Outcome.UNKNOWN, "birth date unknown", List.of());
        }
        Period period = Period.between(p.birthDate(), today);
        double exact = period.getYears() + period.getMonths() / 12.0 + period.getDays() / 365.25;
        Double low = switch (c.operator()) {
            case GE, GT, BETWEEN -> c.value();
            default -> null;
        };
        Double high = switch (c.operator()) {
            case BETWEEN -> c.valueHigh();
            case LE, LT -> c.value();
            default -> null;
        };
        // "Maximum age 65 Years" admits a patient of 65 years and 11 months: compare completed years to whole-year bounds.
        double forHigh = high != null && high == Math.floor(high) ? period.getYears() : exact;
        boolean inRange = (low == null || exact >= low - 1e-9) && (high == null || forHigh <= high + 1e-9);
        Outcome satisfied = applyPolarity(c.polarity(), inRange);
        String bounds = (low == null ? "" : "≥ " + fmt(low)) + (low != null && high != null ? " and " : "")
                + (high == null ? "" : "≤ " + fmt(high));
        return result(c, satisfied, "age " + period.getYears() + " years, trial requires " + bounds + " years",
                List.of(new Evidence("age", Integer.toString(period.getYears()), "a", null)));
    }

    private CriterionResult sex(Criterion c, PatientFacts p) {
        if (p.sex() == null || p.sex() == PatientEvent.Sex.UNKNOWN || p.sex() == PatientEvent.Sex.OTHER) {
            return result(c, Outcome.UNKNOWN, "sex not recorded as female or male", List.of());
        }
        String required = c.concepts() == null ? null : c.concepts().stream()
                .filter(k -> Concept.ADMINISTRATIVE_GENDER.equals(k.system())).map(Concept::code).findFirst().orElse(null);
        if (required == null) {
            return result(c, Outcome.UNKNOWN, "sex criterion without a coded value", List.of());
        }
        boolean same = p.sex().name().equalsIgnoreCase(required);
        return result(c, applyPolarity(c.polarity(), same), "sex " + p.sex() + ", trial enrols " + required.toUpperCase(Locale.ROOT),
                List.of(new Evidence("sex", p.sex().name(), null, null)));
    }

    private static Outcome applyPolarity(Polarity polarity, boolean factHolds) {
        boolean satisfied = polarity == Polarity.EXCLUDED ? !factHolds : factHolds;
        return satisfied ? Outcome.MET : Outcome.NOT_MET;
    }

    private static CriterionResult result(Criterion c, Outcome outcome, String explanation, List<Evidence> evidence) {
        return new CriterionResult(c.id(), c.kind(), c.polarity(), outcome, explanation, evidence.isEmpty() ? null : evidence);
    }

    private static String fmt(double v) {
        return v == Math.floor(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
