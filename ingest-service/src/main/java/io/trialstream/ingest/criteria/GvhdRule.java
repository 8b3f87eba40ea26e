package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;

import java.util.List;

/**
 * Graft-versus-host disease (kind GVHD): "active GVHD", "acute GVHD grade ≥ 2", "grade II–IV acute GvHD", "chronic
 * GVHD requiring systemic therapy". The minimum grade, when stated, is {@code value} (GE, or GT for "> grade 1");
 * acute or chronic stays in the text.
 */
final class GvhdRule implements CriterionRule {

    private static final List<Concept> CONCEPTS = List.of(
            new Concept(Concept.SNOMED, "234646005", "Graft-versus-host disease"),
            new Concept(Concept.ICD10CM, "D89.81", "Graft-versus-host disease"));
    private static final PhraseLexicon<Boolean> LEXICON = new PhraseLexicon<>();

    static {
        for (String s : new String[]{"graft versus host disease", "graft-versus-host disease", "graft vs host disease",
                "graft-vs-host disease", "graft vs. host disease", "gvhd", "agvhd", "cgvhd", "acute gvhd", "chronic gvhd",
                "graft versus host", "graft-versus-host", "acute graft versus host disease", "chronic graft versus host disease",
                "gvh disease", "gvh", "graft versus host disease gvhd", "acute graft-versus-host disease gvhd"}) {
            LEXICON.add(s, Boolean.TRUE, false);
        }
    }

    @Override
    public void find(ItemText t, List<Finding> out) {
        for (PhraseLexicon.Hit<Boolean> hit : LEXICON.find(t)) {
            if (t.inHedge(hit.start())) {
                continue;
            }
            String after = t.slice(hit.end(), Math.min(t.clauseEnd(hit.start()), hit.end() + 25));
            if (after.matches("^\\s{0,2}(?:prophylaxis|prevention|treatment|therapy|regimen)\\b.*")
                    || ConditionRule.previousWord(t, hit.start()).equals("prevent")) {
                continue; // "GVHD prophylaxis" is a therapy, not the disease
            }
            Finding f = new Finding(Kind.GVHD, Finding.Reading.PRESENCE, "gvhd", hit.start(), hit.end(), 0.9)
                    .present().concepts(CONCEPTS);
            int[] grade = grade(t, Math.max(t.clauseStart(hit.start()), hit.start() - 35),
                    Math.min(t.clauseEnd(hit.start()), hit.end() + 35));
            if (grade != null) {
                f.operator = grade[0] == 1 ? Operator.GT : Operator.GE;
                f.value = (double) grade[1];
                f.start = Math.min(f.start, grade[2]);
                f.end = Math.max(f.end, grade[3]);
            }
            f.anchor(hit.start(), hit.end());
            out.add(f);
        }
    }

    /** {strict?1:0, minimum grade, start, end} of a grade phrase in [from, to), or null. */
    private static int[] grade(ItemText t, int from, int to) {
        String f = t.folded;
        int at = f.indexOf("grade", from);
        if (at < 0 || at >= to) {
            return null;
        }
        int p = at + 5;
        if (p < to && f.charAt(p) == 's') {
            p++;
        }
        // comparator before the word: "≥ grade 2", "> grade 1"
        String before = f.substring(Math.max(from, at - 4), at).strip();
        boolean strict = before.endsWith(">");
        boolean atLeast = before.endsWith("\u2265") || before.endsWith(">=") || strict;
        p = ComparisonText.skipSpaces(f, p, to);
        ComparisonText.Comparison c = ComparisonText.at(f, p, to);
        int low;
        int end;
        if (c != null && c.unit() == null) {
            low = (int) c.value();
            end = c.end();
            if (c.op() == Operator.GT) {
                strict = true;
            } else if (c.op() == Operator.LE || c.op() == Operator.LT) {
                return null; // "grade ≤ 1 GVHD allowed" is an upper limit: not a minimum grade
            }
        } else {
            int[] roman = roman(f, p, to);
            if (roman == null) {
                return null;
            }
            low = roman[0];
            end = roman[1];
        }
        if (low < 1 || low > 4) {
            return null;
        }
        int start = at;
        if (atLeast) {
            start = Math.max(from, at - 4);
            while (start < at && !(f.charAt(start) == '>' || f.charAt(start) == '\u2265')) {
                start++;
            }
        }
        return new int[]{strict ? 1 : 0, low, start, end};
    }

    /** Roman grades "II", "II-IV", "III–IV": the first numeral and where the phrase ends. */
    private static int[] roman(String f, int p, int to) {
        int[] first = numeral(f, p, to);
        if (first == null) {
            return null;
        }
        int end = first[1];
        int q = ComparisonText.skipSpaces(f, end, to);
        if (q < to && (f.charAt(q) == '-' || f.charAt(q) == '/')) {
            int[] second = numeral(f, ComparisonText.skipSpaces(f, q + 1, to), to);
            if (second != null) {
                end = second[1];
            }
        } else if (ComparisonText.startsWithWord(f, q, to, "to") || ComparisonText.startsWithWord(f, q, to, "or")) {
            int[] second = numeral(f, ComparisonText.skipSpaces(f, q + 2, to), to);
            if (second != null) {
                end = second[1];
            }
        }
        return new int[]{first[0], end};
    }

    private static int[] numeral(String f, int p, int to) {
        for (String[] r : new String[][]{{"iv", "4"}, {"iii", "3"}, {"ii", "2"}, {"i", "1"}}) {
            int len = ComparisonText.matchLength(f, p, to, r[0]);
            if (len > 0) {
                return new int[]{Integer.parseInt(r[1]), p + len};
            }
        }
        return null;
    }
}
