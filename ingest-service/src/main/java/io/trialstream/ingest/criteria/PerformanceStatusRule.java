package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.vocab.PerformanceScale;

import java.util.List;

/**
 * Performance status on the ECOG/WHO/Zubrod scale (0–5) or the Karnofsky/Lansky scale (0–100): "ECOG 0-2",
 * "WHO performance status ≤ 2", "ECOG PS 0, 1 or 2", "Karnofsky ≥ 70%", "Lansky at least 50". Zubrod is the ECOG
 * scale and is written as ECOG. "Performance status 0-1" without a scale is read as ECOG (a value above 5 as
 * Karnofsky) with a lower confidence. A value outside its scale, or a non-contiguous list, is not typed.
 */
final class PerformanceStatusRule implements CriterionRule {

    /** null stands for "performance status" with no scale named. */
    private record Scale(PerformanceScale scale) {
    }

    private static final Scale GENERIC = new Scale(null);
    private static final PhraseLexicon<Scale> LEXICON = new PhraseLexicon<>();

    static {
        Scale ecog = new Scale(PerformanceScale.ECOG);
        for (String s : new String[]{"ecog", "eastern cooperative oncology group", "ecog performance status", "ecog ps",
                "ecog performance", "ecog performance score", "ecog score", "ecog status", "zubrod",
                "zubrod performance status", "zubrod score", "ecog zubrod", "ecog who", "ecog-who"}) {
            LEXICON.add(s, ecog, false);
        }
        Scale who = new Scale(PerformanceScale.WHO);
        for (String s : new String[]{"who performance status", "who performance", "who ps",
                "world health organization performance status", "world health organisation performance status",
                "who performance score", "who status"}) {
            LEXICON.add(s, who, false);
        }
        Scale kps = new Scale(PerformanceScale.KARNOFSKY);
        for (String s : new String[]{"karnofsky", "kps", "karnofsky performance status", "karnofsky performance score",
                "karnofsky performance scale", "karnofsky index", "karnofsky score", "karnofsky status",
                "karnofsky performance", "karnofsky ps", "karnofsky scale"}) {
            LEXICON.add(s, kps, false);
        }
        Scale lansky = new Scale(PerformanceScale.LANSKY);
        for (String s : new String[]{"lansky", "lansky play scale", "lansky performance status", "lansky score",
                "lansky play performance scale", "lansky performance score", "lansky scale", "lps"}) {
            LEXICON.add(s, lansky, false);
        }
        for (String s : new String[]{"performance status", "performance score", "performance scale", "ps",
                "performance status ps", "performance state"}) {
            LEXICON.add(s, GENERIC, false);
        }
    }

    @Override
    public void find(ItemText t, List<Finding> out) {
        List<PhraseLexicon.Hit<Scale>> hits = LEXICON.find(t);
        String f = t.folded;
        int i = 0;
        while (i < hits.size()) {
            PhraseLexicon.Hit<Scale> first = hits.get(i);
            if (t.inHedge(first.start())) {
                i++;
                continue;
            }
            int clauseEnd = t.clauseEnd(first.start());
            PerformanceScale scale = first.value().scale();
            int pos = first.end();
            int j = i + 1;
            // "Eastern Cooperative Oncology Group (ECOG) performance status", "performance status (ECOG)"
            while (j < hits.size()) {
                int gapEnd = hits.get(j).start();
                if (gapEnd - pos > 4 || !f.substring(pos, gapEnd).replaceAll("[\\s()\\[\\]/,:-]", "").isEmpty()) {
                    break;
                }
                PerformanceScale s = hits.get(j).value().scale();
                if (scale == null || s == PerformanceScale.WHO && scale == PerformanceScale.ECOG) {
                    scale = s == null ? scale : s;
                } else if (s != null && s != scale && !(s.isEcogLike() && scale.isEcogLike())) {
                    break; // "ECOG/Karnofsky": two scales, no shared value
                }
                pos = hits.get(j).end();
                j++;
            }
            int after = Filler.skip(t, pos, clauseEnd);
            // "performance status (ECOG) of 0-1": a scale named inside the filler
            if (scale == null) {
                String skipped = f.substring(pos, after);
                if (skipped.contains("ecog") || skipped.contains("zubrod")) {
                    scale = PerformanceScale.ECOG;
                } else if (skipped.contains("karnofsky") || skipped.contains("kps")) {
                    scale = PerformanceScale.KARNOFSKY;
                } else if (skipped.contains("who")) {
                    scale = PerformanceScale.WHO;
                } else if (skipped.contains("lansky")) {
                    scale = PerformanceScale.LANSKY;
                }
            }
            ComparisonText.Comparison c = ComparisonText.at(f, after, clauseEnd);
            i = j;
            if (c == null) {
                continue;
            }
            if (scale == null) {
                // a scale named right after the value: "score 0-3 (ECOG standard)"
                String tail = f.substring(c.end(), Math.min(clauseEnd, c.end() + 20));
                if (tail.contains("ecog") || tail.contains("zubrod")) {
                    scale = PerformanceScale.ECOG;
                } else if (tail.contains("karnofsky") || tail.contains("kps")) {
                    scale = PerformanceScale.KARNOFSKY;
                }
            }
            Finding finding = finding(scale, c, first.start());
            if (finding != null) {
                finding.anchor(first.start(), pos);
                out.add(finding);
                while (i < hits.size() && hits.get(i).start() < c.end()) {
                    i++;
                }
            }
        }
        scaleNamedAfter(t, out);
    }

    /**
     * "Physical strength score 0-3 (ECOG standard)": a score whose scale is named only in brackets after the value.
     */
    private static void scaleNamedAfter(ItemText t, List<Finding> out) {
        String f = t.folded;
        for (String[] cue : new String[][]{{"(ecog", "ECOG"}, {"(zubrod", "ECOG"}, {"(who", "WHO"},
                {"(karnofsky", "KARNOFSKY"}, {"(kps", "KARNOFSKY"}, {"(lansky", "LANSKY"}}) {
            for (int paren = f.indexOf(cue[0]); paren >= 0; paren = f.indexOf(cue[0], paren + 1)) {
                if (t.inHedge(paren) || covered(out, paren)) {
                    continue;
                }
                int clauseStart = t.clauseStart(paren);
                String before = f.substring(Math.max(clauseStart, paren - 40), paren);
                if (!before.matches("(?s).*\\b(?:score|status|scale|grade|performance|ps)\\b.{0,20}")) {
                    continue;
                }
                int valueEnd = paren;
                while (valueEnd > clauseStart && f.charAt(valueEnd - 1) == ' ') {
                    valueEnd--;
                }
                for (int p = Math.max(clauseStart, valueEnd - 20); p < valueEnd; p++) {
                    char c = f.charAt(p);
                    if (!(Character.isDigit(c) || c == '<' || c == '>' || c == '\u2264' || c == '\u2265')
                            || p > 0 && Character.isDigit(f.charAt(p - 1)) && Character.isDigit(c)) {
                        continue;
                    }
                    ComparisonText.Comparison comparison = ComparisonText.at(f, p, valueEnd);
                    if (comparison != null && comparison.end() == valueEnd) {
                        Finding finding = finding(PerformanceScale.valueOf(cue[1]), comparison, p);
                        if (finding != null) {
                            int close = f.indexOf(')', paren);
                            finding.end = close > 0 && close - paren < 30 ? close + 1 : paren + cue[0].length();
                            finding.confidence = Math.min(finding.confidence, 0.85);
                            finding.anchor(p, finding.end);
                            out.add(finding);
                        }
                        break;
                    }
                }
            }
        }
    }

    private static boolean covered(List<Finding> out, int pos) {
        for (Finding g : out) {
            if (g.kind == Kind.PERFORMANCE_STATUS && pos >= g.start && pos <= g.end + 2) {
                return true;
            }
        }
        return false;
    }

    private static Finding finding(PerformanceScale named, ComparisonText.Comparison c, int start) {
        UnitText.Match unit = c.effectiveUnit();
        if (unit != null && unit.type() != UnitText.Type.PERCENT) {
            return null; // "PS 2 weeks", "ECOG 1 x ULN" are not scores
        }
        List<Double> values = c.values();
        for (double v : values) {
            if (v != Math.floor(v) || v < 0 || v > 100) {
                return null;
            }
        }
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (c.high() != null) {
            max = Math.max(max, c.high());
        }
        PerformanceScale scale = named;
        double confidence = 0.95;
        if (scale == null) {
            scale = max <= 5 ? PerformanceScale.ECOG : PerformanceScale.KARNOFSKY;
            confidence = 0.75;
        }
        boolean ecogLike = scale.isEcogLike();
        if (ecogLike && max > 5 || !ecogLike && unit == null && max <= 5 && max > 0) {
            return null; // a Karnofsky value on the ECOG scale, or the reverse: the text is confused
        }
        Operator op = c.op();
        Double value = c.value();
        Double high = c.high();
        if (op == null) {
            if (values.size() > 1) {
                double low = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
                double step = ecogLike ? 1 : 10;
                if ((max - low) / step + 1 != values.size()) {
                    return null; // "0 or 2": not a range
                }
                op = Operator.BETWEEN;
                value = low;
                high = max;
            } else {
                op = Operator.EQ;
                confidence = Math.min(confidence, 0.7);
            }
        } else if (op == Operator.BETWEEN && high == null) {
            return null;
        }
        if (op == Operator.BETWEEN && value.equals(high)) {
            op = Operator.EQ;
            high = null;
        }
        Finding finding = new Finding(Kind.PERFORMANCE_STATUS, Finding.Reading.LIMIT, scale.name(), start, c.end(),
                confidence);
        finding.compare(op, value, high, null);
        return finding;
    }

    /** The worst ECOG grade a performance-status limit admits, or -1 when it has no upper end on the ECOG scale. */
    static int worstEcogAdmitted(Finding f) {
        PerformanceScale scale = PerformanceScale.valueOf(f.parameter);
        if (scale.isEcogLike()) {
            return switch (f.operator) {
                case LE, EQ -> f.value.intValue();
                case LT -> f.value.intValue() - 1;
                case BETWEEN -> f.valueHigh.intValue();
                default -> -1;
            };
        }
        return switch (f.operator) {
            case GE, EQ -> PerformanceScale.karnofskyToEcog(f.value);
            case GT -> PerformanceScale.karnofskyToEcog(f.value + 10);
            case BETWEEN -> PerformanceScale.karnofskyToEcog(f.value);
            default -> -1;
        };
    }
}
