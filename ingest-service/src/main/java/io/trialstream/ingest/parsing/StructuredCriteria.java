package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Eligibility.AgeBound;
import io.trialstream.contracts.Eligibility.CriterionItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computable criteria from the registry's structured fields (age bounds, sex) plus one UNPARSED criterion per
 * free-text item, so that text no extractor has typed yet still shows up as UNKNOWN rather than silently MET.
 */
public final class StructuredCriteria {

    public static List<Criterion> of(String sex, AgeBound min, AgeBound max, List<CriterionItem> inclusion,
                                     List<CriterionItem> exclusion) {
        List<Criterion> criteria = new ArrayList<>();
        if (min != null || max != null) {
            Operator op = min != null && max != null ? Operator.BETWEEN : min != null ? Operator.GE : Operator.LE;
            Double value = min != null ? min.years() : max.years();
            Double high = min != null && max != null ? max.years() : null;
            criteria.add(new Criterion("age", Kind.AGE, Polarity.REQUIRED, "age", op, value, high, "a", null, null,
                    null, null, null, null, 1.0));
        }
        if (sex != null && !Eligibility.SEX_ALL.equals(sex)) {
            criteria.add(new Criterion("sex", Kind.SEX, Polarity.REQUIRED, "sex", Operator.EQ, null, null, null, null,
                    null, List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, sex.toLowerCase(Locale.ROOT), null)),
                    null, null, null, 1.0));
        }
        addUnparsed(criteria, inclusion, Polarity.REQUIRED);
        addUnparsed(criteria, exclusion, Polarity.EXCLUDED);
        return criteria;
    }

    private static void addUnparsed(List<Criterion> criteria, List<CriterionItem> items, Polarity polarity) {
        if (items == null) {
            return;
        }
        for (CriterionItem item : items) {
            criteria.add(new Criterion(item.id(), Kind.UNPARSED, polarity, null, null, null, null, null, null, null,
                    null, item.id(), new Criterion.Span(0, item.text().length()), item.text(), 0.0));
        }
    }

    private StructuredCriteria() {
    }
}
