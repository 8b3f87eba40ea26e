package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.vocab.Analyte;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Laboratory limits (kind LAB) and organ-function limits (kind ORGAN_FUNCTION): an analyte name, then a comparison,
 * absolute ("ANC ≥ 1,500/µL" → ANC GE 1.5 10*9/L) or as a multiple of the upper limit of normal ("AST/ALT ≤ 2.5 ×
 * ULN" → two criteria, ulnMultiple 2.5). Several analytes can share one limit ("AST (SGOT) and ALT (SGPT) ≤ …").
 * A subgroup alternative after the limit ("(≤ 5 × ULN if liver metastases)", ", unless due to Gilbert's syndrome")
 * is kept in the criterion's text with a lower confidence; the main limit is what the criterion states. A limit
 * whose unit does not measure the analyte, or whose value is implausible for it, is not typed.
 */
final class LabLimitRule implements CriterionRule {

    private final boolean checkPlausibility;

    LabLimitRule(boolean checkPlausibility) {
        this.checkPlausibility = checkPlausibility;
    }

    @Override
    public void find(ItemText t, List<Finding> out) {
        List<PhraseLexicon.Hit<Analyte[]>> hits = AnalyteTerms.LEXICON.find(t);
        String f = t.folded;
        int i = 0;
        while (i < hits.size()) {
            PhraseLexicon.Hit<Analyte[]> first = hits.get(i);
            if (t.inHedge(first.start())) {
                i++;
                continue;
            }
            int clauseEnd = t.clauseEnd(first.start());
            List<Analyte> group = new ArrayList<>(List.of(first.value()));
            int pos = first.end();
            int j = i + 1;
            // coordinated names sharing one limit, and restated names: "AST (SGOT) and ALT (SGPT)", "AST/ALT"
            while (j < hits.size()) {
                PhraseLexicon.Hit<Analyte[]> next = hits.get(j);
                int between = coordination(f, pos, next.start());
                if (between < 0) {
                    break;
                }
                for (Analyte a : next.value()) {
                    if (!group.contains(a)) {
                        group.add(a);
                    }
                }
                pos = next.end();
                j++;
            }
            int afterFiller = Filler.skip(t, pos, clauseEnd);
            String skipped = f.substring(pos, afterFiller);
            String before = ConditionRule.previousWord(t, first.start());
            if (skipped.contains("ratio") && !group.contains(Analyte.INR) || skipped.contains("index")
                    || before.equals("urine") || before.equals("urinary") || before.equals("csf")) {
                i = j;
                continue; // "albumin/creatinine ratio", "urinary albumin": not the serum analyte
            }
            // a restated name after the filler: "absolute neutrophil count (ANC) ≥ 1500"
            while (j < hits.size() && hits.get(j).start() < afterFiller) {
                j++;
            }
            ComparisonText.Comparison c = ComparisonText.at(f, afterFiller, clauseEnd);
            if (c == null || c.op() == null || c.op() == Operator.EQ) {
                Finding wnl = withinNormalLimits(t, group, afterFiller, clauseEnd, first.start());
                if (wnl != null) {
                    out.add(wnl);
                }
                i = j;
                continue;
            }
            boolean anyTyped = false;
            int consumed = c.end();
            for (Analyte a : group) {
                Finding finding = limit(t, a, c, first.start());
                if (finding != null && extendOverAlternative(t, finding, clauseEnd, a, hits)) {
                    finding.anchor(first.start(), pos);
                    out.add(finding);
                    anyTyped = true;
                    consumed = Math.max(consumed, finding.end);
                }
            }
            // a second limit of the same analyte: "potassium < 3.5 or > 5.1 mmol/L" (both excluded), "calcium < 8.0
            // mg/dL or ≥ 12.0 mg/dL"; under inclusion such an "or" is an alternative, which the extractor leaves UNPARSED
            int cursor = consumed;
            for (int guard = 0; anyTyped && guard < 3; guard++) {
                int q = ComparisonText.skipSpaces(f, cursor, clauseEnd);
                if (q < clauseEnd && f.charAt(q) == ',') {
                    q = ComparisonText.skipSpaces(f, q + 1, clauseEnd);
                }
                int len = Math.max(ComparisonText.matchLength(f, q, clauseEnd, "and/or"),
                        ComparisonText.matchLength(f, q, clauseEnd, "or"));
                if (len == 0) {
                    break;
                }
                ComparisonText.Comparison second = ComparisonText.at(f, q + len, clauseEnd);
                if (second == null || second.op() == null || second.op() == Operator.EQ || startsAnalyte(hits, q, second.end())) {
                    break;
                }
                for (Analyte a : group) {
                    Finding alt = limit(t, a, second, q + len);
                    if (alt != null && extendOverAlternative(t, alt, clauseEnd, a, hits)) {
                        alt.start = ComparisonText.skipSpaces(f, q + len, clauseEnd);
                        alt.anchor(first.start(), pos);
                        out.add(alt);
                    }
                }
                cursor = second.end();
                consumed = Math.max(consumed, cursor);
            }
            i = j;
            if (anyTyped) {
                // skip names inside the limits we just consumed
                while (i < hits.size() && hits.get(i).start() < consumed) {
                    i++;
                }
            }
        }
    }

    private static boolean startsAnalyte(List<PhraseLexicon.Hit<Analyte[]>> hits, int from, int to) {
        for (PhraseLexicon.Hit<Analyte[]> h : hits) {
            if (h.start() >= from && h.start() < to) {
                return true;
            }
        }
        return false;
    }

    /** Length of a coordination ("/", ",", "and", "or", "and/or", a bracketed synonym) between two names, or -1. */
    private static int coordination(String f, int from, int to) {
        if (to < from || to - from > 40) {
            return -1;
        }
        String between = f.substring(from, to).replaceAll("\\([^()]{0,30}\\)", " ").replaceAll("[()\\[\\]]", " ")
                .strip().replaceAll("\\s+", " ");
        if (between.isEmpty() || between.equals("/") || between.equals(",") || between.equals("&")
                || between.equals("and") || between.equals("or") || between.equals("and/or") || between.equals(", and")
                || between.equals(", or") || between.equals("and / or") || between.equals("+") || between.equals("or /")
                || between.equals("(") || between.equals("/(") || between.equals("[")) {
            return between.length();
        }
        return -1;
    }

    private Finding limit(ItemText t, Analyte a, ComparisonText.Comparison c, int start) {
        AnalyteTerms.Profile profile = AnalyteTerms.profile(a);
        UnitText.Match unit = c.effectiveUnit();
        Kind kind = a.group() == Analyte.Group.LAB ? Kind.LAB : Kind.ORGAN_FUNCTION;
        if (unit != null && unit.type() == UnitText.Type.ULN) {
            if (!profile.ulnAllowed() || c.op() == Operator.BETWEEN || c.values().size() > 1) {
                return null;
            }
            if (checkPlausibility && (c.value() < 0.5 || c.value() > 20)) {
                return null;
            }
            Finding finding = new Finding(kind, Finding.Reading.LIMIT, a.name(), start, c.end(), 0.95);
            finding.operator = c.op();
            finding.ulnMultiple = c.value();
            return finding;
        }
        if (c.op() != Operator.BETWEEN && c.values().size() > 1) {
            return null;
        }
        String from;
        double confidence;
        if (unit == null) {
            AnalyteTerms.Inferred inferred = AnalyteTerms.inferUnit(a, c.value());
            if (inferred == null) {
                return null;
            }
            from = inferred.ucum();
            confidence = inferred.confidence();
        } else if (unit.type() == UnitText.Type.TIME) {
            return null;
        } else {
            from = pickUnit(unit, a);
            if (from == null) {
                return null;
            }
            confidence = 0.95;
        }
        if (a == Analyte.EGFR && unit != null && from.equals("mL/min")) {
            from = "mL/min/{1.73_m2}"; // eGFR written "mL/min" is the same number; the BSA norm is implied
            confidence = 0.9;
        }
        if (a == Analyte.HBA1C && !from.equals("%")) {
            if (!from.equals("mmol/mol")) {
                return null;
            }
            // IFCC (mmol/mol) to NGSP (%) is not proportional: the IFCC–NGSP master equation, NGSP = 0.09148 × IFCC + 2.152
            double low = round(0.09148 * c.value() + 2.152);
            Double high = c.high() == null ? null : round(0.09148 * c.high() + 2.152);
            Finding finding = new Finding(Kind.LAB, Finding.Reading.LIMIT, a.name(), start, c.end(), 0.9);
            finding.compare(c.op(), low, high, "%");
            return checkPlausibility && !AnalyteTerms.plausible(a, low) ? null : finding;
        }
        Double molar = UcumUnits.molarMass(a.name());
        OptionalDouble low = convert(a, c.value(), from, molar);
        OptionalDouble high = c.high() == null ? OptionalDouble.empty()
                : convert(a, c.high(), c.highUnit() == null && unit == c.unit() ? from : from, molar);
        if (low.isEmpty() || c.high() != null && high.isEmpty()) {
            return null;
        }
        double v = round(low.getAsDouble());
        Double h = c.high() == null ? null : round(high.getAsDouble());
        if (checkPlausibility && (!AnalyteTerms.plausible(a, v) || h != null && !AnalyteTerms.plausible(a, h))) {
            return null;
        }
        Finding finding = new Finding(kind, Finding.Reading.LIMIT, a.name(), start, c.end(), confidence);
        finding.compare(c.op(), v, h, a.ucumUnit());
        return finding;
    }

    private static String pickUnit(UnitText.Match unit, Analyte a) {
        for (String candidate : unit.ucum()) {
            if (candidate.equals("meq/L") && a != Analyte.POTASSIUM && a != Analyte.SODIUM) {
                continue; // milliequivalents equal millimoles only for monovalent ions
            }
            if (UcumUnits.commensurable(candidate, a.ucumUnit())) {
                return candidate;
            }
            Double molar = UcumUnits.molarMass(a.name());
            if (molar != null && UcumUnits.convert(1, candidate, a.ucumUnit(), molar).isPresent()) {
                return candidate;
            }
        }
        return null;
    }

    private static OptionalDouble convert(Analyte a, double value, String from, Double molar) {
        if (from.equals("{INR}") || a.ucumUnit().equals(from)) {
            return OptionalDouble.of(value);
        }
        return UcumUnits.convert(value, from, a.ucumUnit(), molar);
    }

    static double round(double v) {
        if (v == 0) {
            return 0;
        }
        double scale = Math.pow(10, 4 - (int) Math.ceil(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }

    /** "bilirubin within normal limits" is at most one times the upper limit of normal. */
    private static Finding withinNormalLimits(ItemText t, List<Analyte> group, int pos, int clauseEnd, int start) {
        String f = t.folded;
        int len = 0;
        for (String phrase : new String[]{"within normal limits", "within the normal limits", "within normal range",
                "within the normal range", "within institutional normal limits", "within the institutional normal limits",
                "within normal institutional limits", "within the limits of normal", "wnl", "normal"}) {
            len = ComparisonText.matchLength(f, pos, clauseEnd, phrase);
            if (len > 0) {
                break;
            }
        }
        if (len == 0 || group.size() != 1) {
            return null;
        }
        Analyte a = group.get(0);
        boolean upperLimited = switch (a) {
            case ALT, AST, ALKALINE_PHOSPHATASE, BILIRUBIN_TOTAL, BILIRUBIN_DIRECT, CREATININE -> true;
            default -> false;
        };
        if (!upperLimited) {
            return null;
        }
        Finding finding = new Finding(Kind.LAB, Finding.Reading.LIMIT, a.name(), start, pos + len, 0.8);
        finding.operator = Operator.LE;
        finding.ulnMultiple = 1.0;
        return finding;
    }

    /**
     * After the main limit: a restatement in brackets ("(1,500/mm³)") or a subgroup alternative ("(≤ 5 × ULN if liver
     * metastases)", "or ≤ 3 × ULN in Gilbert's syndrome", ", unless …") joins the criterion's span; an alternative
     * lowers the confidence, because the criterion states only the main limit. False when the limit holds for a
     * subgroup only ("creatinine ≥ 1.5 mg/dL (for males)").
     */
    private static boolean extendOverAlternative(ItemText t, Finding finding, int clauseEnd, Analyte a,
                                                 List<PhraseLexicon.Hit<Analyte[]>> hits) {
        String f = t.folded;
        int p = ComparisonText.skipSpaces(f, finding.end, clauseEnd);
        if (p < clauseEnd && (f.charAt(p) == '(' || f.charAt(p) == '[')) {
            int close = Filler.closing(f, p, Math.min(clauseEnd, p + 120));
            if (close > 0) {
                String inside = f.substring(p, close);
                boolean otherAnalyte = otherAnalyteIn(hits, p, close, a);
                if (!otherAnalyte && t.conditionStartingIn(p, Math.min(close, p + 4)) != null) {
                    return false; // "creatinine ≥ 1.5 mg/dL (for males)": a limit for a subgroup only
                }
                if (!otherAnalyte) {
                    boolean hedged = t.hedgeStartingIn(p, close) != null || inside.contains(" or ");
                    finding.end = close + 1;
                    if (hedged) {
                        finding.confidence = Math.min(finding.confidence, 0.75);
                    }
                    p = ComparisonText.skipSpaces(f, finding.end, clauseEnd);
                }
            }
        }
        int[] hedge = t.hedgeStartingIn(finding.end, Math.min(clauseEnd, finding.end + 40));
        if (hedge != null) {
            String gap = f.substring(finding.end, hedge[0]);
            ComparisonText.Comparison alt = null;
            int orAt = gap.indexOf(" or ");
            if (orAt >= 0) {
                alt = ComparisonText.at(f, finding.end + orAt + 4, hedge[0]);
            }
            boolean onlyPunctuation = gap.replaceAll("[\\s,;(\\[]", "").isEmpty();
            if (onlyPunctuation && t.conditionStartingIn(hedge[0], hedge[0] + 1) != null) {
                return false; // "Hb < 11.5 g/dL for females and < 12.5 g/dL for men": each limit holds for a subgroup
            }
            if (onlyPunctuation || alt != null) {
                finding.end = Math.max(finding.end, hedge[1]);
                finding.confidence = Math.min(finding.confidence, 0.75);
                return true;
            }
        }
        return true;
    }

    private static boolean otherAnalyteIn(List<PhraseLexicon.Hit<Analyte[]>> hits, int from, int to, Analyte a) {
        for (PhraseLexicon.Hit<Analyte[]> h : hits) {
            if (h.start() >= from && h.end() <= to) {
                for (Analyte other : h.value()) {
                    if (other != a) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
