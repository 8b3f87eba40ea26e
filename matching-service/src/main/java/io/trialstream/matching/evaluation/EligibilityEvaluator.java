package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.MatchEvent.CriterionResult;
import io.trialstream.contracts.TrialRecord;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A trial's verdict: ELIGIBLE when every criterion is MET, INELIGIBLE when any is NOT_MET, POSSIBLY_ELIGIBLE
 * otherwise with the facts that would decide it. The score ranks matches: the share of criteria met, 0 when
 * ineligible.
 */
public final class EligibilityEvaluator {
    private final CriterionEvaluator criteria = new CriterionEvaluator();

    public Evaluation evaluate(TrialRecord trial, PatientFacts patient, LocalDate today) {
        List<Criterion> list = trial.eligibility() == null || trial.eligibility().criteria() == null
                ? List.of() : trial.eligibility().criteria();
        List<CriterionResult> results = new ArrayList<>(list.size());
        List<String> needed = new ArrayList<>();
        int met = 0;
        boolean anyNotMet = false;
        for (Criterion c : list) {
            CriterionResult r = criteria.evaluate(c, patient, today);
            results.add(r);
            switch (r.outcome()) {
                case MET -> met++;
                case NOT_MET -> anyNotMet = true;
                case UNKNOWN -> needed.add(neededFor(c));
            }
        }
        MatchEvent.Verdict verdict = anyNotMet ? MatchEvent.Verdict.INELIGIBLE
                : needed.isEmpty() ? MatchEvent.Verdict.ELIGIBLE : MatchEvent.Verdict.POSSIBLY_ELIGIBLE;
        double score = anyNotMet || list.isEmpty() ? (list.isEmpty() ? 1.0 : 0.0)
                : Math.round(1000.0 * met / list.size()) / 1000.0;
        return new Evaluation(verdict, score, results, needed.stream().distinct().toList());
    }

    private static String neededFor(Criterion c) {
        return switch (c.kind()) {
            case AGE -> "birthDate";
            case SEX -> "sex";
            default -> "review: " + CriterionEvaluator.abbreviate(c.text());
        };
    }
}
