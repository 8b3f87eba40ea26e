package io.trialstream.matching.evaluation;

import io.trialstream.contracts.MatchEvent;

import java.util.List;

/** The verdict of one patient against one trial, with every criterion's outcome and what would decide the rest. */
public record Evaluation(MatchEvent.Verdict verdict, double score, List<MatchEvent.CriterionResult> criteria,
                         List<String> neededInfo) {
}
