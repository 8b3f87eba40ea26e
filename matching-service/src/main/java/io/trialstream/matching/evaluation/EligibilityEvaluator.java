package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.MatchEvent.CriterionResult;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.vocabulary.UnitConversion;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A trial's verdict: ELIGIBLE when every criterion is MET, INELIGIBLE when any is NOT_MET, POSSIBLY_ELIGIBLE
 * otherwise with the facts that would decide it. The score ranks matches: the share of criteria met, 0 when
 * ineligible.
 */
public final class EligibilityEvaluator {
    private final CriterionEvaluator criteria;

    public EligibilityEvaluator() {
        this(FreshnessPolicy.defaults());
    }

    public EligibilityEvaluator(FreshnessPolicy freshness) {
        this.criteria = new CriterionEvaluator(freshness, new UnitConversion());
    }

    public Evaluation evaluate(TrialRecord trial, PatientFacts patient, LocalDate today) {
        return evaluate(trial, patient, today.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    public Evaluation evaluate(TrialRecord trial, PatientFacts patient, Instant now) {
        return evaluate(criteriaOf(trial), patient, now);
    }

    public Evaluation evaluate(List<Criterion> list, PatientFacts patient, Instant now) {
        List<CriterionResult> results = new ArrayList<>(list.size());
        Set<String> needed = new LinkedHashSet<>();
        int met = 0;
        boolean anyNotMet = false;
        for (Criterion c : list) {
            CriterionEvaluator.Judgement j = criteria.judge(c, patient, now);
            results.add(j.result());
            switch (j.outcome()) {
                case MET -> met++;
                case NOT_MET -> anyNotMet = true;
                case UNKNOWN -> needed.add(j.neededInfo() == null ? "review: " + CriterionEvaluator.abbreviate(c.text()) : j.neededInfo());
            }
        }
        MatchEvent.Verdict verdict = anyNotMet ? MatchEvent.Verdict.INELIGIBLE
                : needed.isEmpty() ? MatchEvent.Verdict.ELIGIBLE : MatchEvent.Verdict.POSSIBLY_ELIGIBLE;
        double score = anyNotMet ? 0.0 : list.isEmpty() ? 1.0 : Math.round(1000.0 * met / list.size()) / 1000.0;
        return new Evaluation(verdict, score, results, List.copyOf(needed));
    }

    /**
     * The criteria a trial is evaluated on: its computable criteria, plus an {@code age} and a {@code sex} criterion
     * made from the structured eligibility fields when the extractor did not write them (a trial's age range and
     * sex apply whether or not its criteria list repeats them). The candidate index derives from the same list.
     */
    public static List<Criterion> criteriaOf(TrialRecord trial) {
        Eligibility e = trial == null ? null : trial.eligibility();
        List<Criterion> list = new ArrayList<>(e == null || e.criteria() == null ? List.of() : e.criteria());
        if (e == null) {
            return list;
        }
        boolean hasAge = list.stream().anyMatch(c -> c.kind() == Criterion.Kind.AGE);
        boolean hasSex = list.stream().anyMatch(c -> c.kind() == Criterion.Kind.SEX);
        Double min = e.minimumAgeBound() == null ? null : e.minimumAgeBound().years();
        Double max = e.maximumAgeBound() == null ? null : e.maximumAgeBound().years();
        if (!hasAge && (min != null || max != null)) {
            Criterion.Operator op = min != null && max != null ? Criterion.Operator.BETWEEN
                    : min != null ? Criterion.Operator.GE : Criterion.Operator.LE;
            list.add(0, new Criterion("age", Criterion.Kind.AGE, Criterion.Polarity.REQUIRED, "age", op,
                    min != null ? min : max, min != null && max != null ? max : null, "a", null, null, null, null, null,
                    "age " + (e.minimumAge() == null ? "" : e.minimumAge()) + " – " + (e.maximumAge() == null ? "" : e.maximumAge()), 1.0));
        }
        String sex = e.sex() == null ? null : e.sex().toUpperCase(Locale.ROOT);
        if (!hasSex && (Eligibility.SEX_FEMALE.equals(sex) || Eligibility.SEX_MALE.equals(sex))) {
            list.add(hasAge || min != null || max != null ? 1 : 0, new Criterion("sex", Criterion.Kind.SEX, Criterion.Polarity.REQUIRED, "sex",
                    Criterion.Operator.EQ, null, null, null, null, null,
                    List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, sex.toLowerCase(Locale.ROOT), null)), null, null,
                    "sex " + sex, 1.0));
        }
        return list;
    }
}
