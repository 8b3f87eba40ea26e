package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Eligibility.AgeBound;
import io.trialstream.contracts.Eligibility.CriterionItem;
import io.trialstream.ingest.criteria.CriteriaExtractor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computable criteria of a trial: the registry's structured fields (age bounds, sex; ids {@code age}, {@code sex})
 * and the typed criteria {@link CriteriaExtractor} finds in each free-text item, with an UNPARSED criterion for
 * whatever part of an item it cannot type, so that such text still shows up as UNKNOWN rather than silently MET.
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
                    null, List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, sex.transform(TextCase::lower), null)),
                    null, null, null, 1.0));
        }
        criteria.addAll(CriteriaExtractor.standard().extractAll(inclusion, exclusion));
        return criteria;
    }

    private StructuredCriteria() {
    }
}
