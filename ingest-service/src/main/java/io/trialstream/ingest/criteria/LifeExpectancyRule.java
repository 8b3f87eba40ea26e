package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;

import java.util.List;

/**
 * Life expectancy (kind LIFE_EXPECTANCY): "life expectancy ≥ 12 weeks", "expected survival of at least 3 months",
 * "life expectancy < 6 months" (in an exclusion list). The value keeps its unit ({@code wk}, {@code mo}, {@code a},
 * {@code d}). "Life expectancy of 3 months" with no comparator is read as a minimum, and only in an inclusion list.
 */
final class LifeExpectancyRule implements CriterionRule {

    private static final PhraseLexicon<Boolean> LEXICON = new PhraseLexicon<>();

    static {
        for (String s : new String[]{"life expectancy", "life-expectancy", "expected survival", "estimated survival",
                "expected life span", "expected lifespan", "survival expectancy", "anticipated survival",
                "predicted survival", "estimated life expectancy", "expected to survive", "anticipated life expectancy",
                "predicted life expectancy", "expected life expectancy", "projected life expectancy", "life span",
                "prognosis", "expected survival time", "estimated survival time", "survival time", "expected lifetime"}) {
            LEXICON.add(s, Boolean.TRUE, false);
        }
    }

    @Override
    public void find(ItemText t, List<Finding> out) {
        for (PhraseLexicon.Hit<Boolean> hit : LEXICON.find(t)) {
            if (t.inHedge(hit.start())) {
                continue;
            }
            int clauseEnd = t.clauseEnd(hit.start());
            int p = Filler.skip(t, hit.end(), clauseEnd);
            ComparisonText.Comparison c = ComparisonText.at(t.folded, p, clauseEnd);
            if (c == null) {
                continue;
            }
            UnitText.Match unit = c.effectiveUnit();
            if (unit == null || unit.type() != UnitText.Type.TIME || unit.first().equals("h")) {
                continue;
            }
            Operator op = c.op();
            Finding f = new Finding(Kind.LIFE_EXPECTANCY, Finding.Reading.LIMIT, "life_expectancy", hit.start(), c.end(),
                    0.95);
            if (op == null) {
                if (c.values().size() > 1 || !t.slice(hit.end(), p).contains("of")) {
                    continue;
                }
                op = Operator.GE;
                f.confidence = 0.75;
                f.inclusionOnly = true;
            } else if (op == Operator.EQ || op == Operator.BETWEEN) {
                continue;
            }
            if (c.value() <= 0 || c.value() > 100) {
                continue;
            }
            f.compare(op, c.value(), null, unit.first());
            f.anchor(hit.start(), hit.end());
            out.add(f);
        }
    }
}
