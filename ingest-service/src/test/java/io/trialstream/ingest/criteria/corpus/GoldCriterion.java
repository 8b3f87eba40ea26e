package io.trialstream.ingest.criteria.corpus;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Polarity;

import java.util.List;

/**
 * One criterion an annotated corpus states, in our vocabulary, as the evaluation harness derives it from the
 * corpus's own labels (never from the extractor).
 *
 * @param parameter  the analyte / scale / infection / sex the corpus names, or null when the kind is enough
 * @param direction  LOWER (≥, >), UPPER (≤, <), RANGE, or null when the corpus text does not say (Chia lost many
 *                   "≥"/"≤" signs to "=" in its conversion)
 * @param values     the normalised numbers (our units), empty for presence kinds and for masked numbers
 * @param uln        the value is a multiple of the upper limit of normal
 * @param spans      character spans in the item, for presence kinds matched by overlap
 * @param polarity   REQUIRED/EXCLUDED as the corpus implies (list, flipped by an annotated negation); null if unknown
 */
public record GoldCriterion(Kind kind, String parameter, Direction direction, List<Double> values, boolean uln,
                            List<int[]> spans, Polarity polarity, String text) {

    public enum Direction { LOWER, UPPER, RANGE }

    public boolean numeric() {
        return kind == Kind.AGE || kind == Kind.LAB || kind == Kind.ORGAN_FUNCTION || kind == Kind.PERFORMANCE_STATUS
                || kind == Kind.LIFE_EXPECTANCY;
    }
}
