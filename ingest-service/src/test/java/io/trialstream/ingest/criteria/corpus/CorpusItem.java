package io.trialstream.ingest.criteria.corpus;

import io.trialstream.contracts.Criterion.Polarity;

import java.util.List;

/**
 * One eligibility item of an annotated corpus with the criteria the corpus states for it.
 *
 * @param listPolarity REQUIRED for an inclusion item, EXCLUDED for an exclusion item, null when the corpus does not
 *                     say (the Facebook set mixes both): it is then extracted as an inclusion item and polarity is
 *                     not scored
 */
public record CorpusItem(String id, String text, Polarity listPolarity, List<GoldCriterion> gold) {
}
