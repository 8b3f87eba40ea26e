package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility.CriterionItem;

import java.util.List;
import java.util.Locale;

/**
 * Test helper: extracts an item and writes each typed criterion in one line, so tables of expectations read like
 * the vocabulary ("LAB REQUIRED ANC GE 1.5 10*9/L", "THERAPY EXCLUDED chemotherapy within 4 wk").
 */
final class CriterionText {

    static List<Criterion> extract(String list, String text) {
        Polarity p = list.equals("E") ? Polarity.EXCLUDED : Polarity.REQUIRED;
        return CriteriaExtractor.standard().extract(new CriterionItem("item", text), p);
    }

    /** Typed criteria only, in text order; required alternatives as {@code ANY(a | b)}. */
    static List<String> typed(String list, String text) {
        return extract(list, text).stream().filter(c -> c.kind() != Kind.UNPARSED || c.anyOf() != null)
                .map(c -> c.anyOf() == null ? describe(c)
                        : "ANY(" + String.join(" | ", c.anyOf().stream().map(CriterionText::describe).toList()) + ")")
                .toList();
    }

    static String describe(Criterion c) {
        StringBuilder b = new StringBuilder();
        b.append(c.kind()).append(' ').append(c.polarity()).append(' ');
        if (c.kind() == Kind.SEX) {
            b.append(c.concepts().get(0).code());
        } else {
            b.append(c.parameter());
        }
        if (c.operator() != null && c.operator() != Operator.PRESENT && c.kind() != Kind.SEX) {
            b.append(' ').append(c.operator());
            if (c.value() != null) {
                b.append(' ').append(num(c.value()));
                if (c.valueHigh() != null) {
                    b.append('-').append(num(c.valueHigh()));
                }
            }
            if (c.ulnMultiple() != null) {
                b.append(' ').append(num(c.ulnMultiple())).append(" xULN");
            } else if (c.unit() != null) {
                b.append(' ').append(c.unit());
            }
        }
        if (c.window() != null) {
            b.append(" within ").append(num(c.window().amount())).append(' ').append(c.window().unit());
        }
        return b.toString();
    }

    static String num(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private CriterionText() {
    }
}
