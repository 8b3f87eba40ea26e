package io.trialstream.ingest.criteria;

import java.util.Set;

/**
 * Skips the words that may stand between a measured thing and its limit without changing the meaning: "serum
 * creatinine <i>level must be</i> ≤ 1.5 mg/dL", "creatinine clearance <i>(Cockcroft-Gault)</i> ≥ 60 mL/min".
 * Anything else (another noun, a verb that changes the meaning) stops the skip, so a limit is only attached to the
 * phrase it belongs to.
 */
final class Filler {

    private static final Set<String> WORDS = Set.of(
            "level", "levels", "count", "counts", "value", "values", "concentration", "concentrations", "of", "is",
            "are", "must", "should", "shall", "be", "been", "being", "serum", "plasma", "blood", "measured",
            "calculated", "estimated", "by", "using", "per", "according", "to", "the", "formula", "equation",
            "cockcroft", "gault", "ckd", "epi", "mdrd", "institutional", "at", "screening", "baseline", "result",
            "results", "test", "tests", "has", "have", "with", "a", "an", "absolute", "total", "score", "scores",
            "scale", "status", "ps", "rating", "performance", "grade", "interval", "fraction", "ratio", "time",
            "range", "lab", "laboratory", "on", "room", "air", "rest", "resting", "via", "echocardiogram",
            "echocardiography", "echo", "muga", "scan", "ecg", "ekg", "electrocardiogram", "method", "fasting",
            "expected", "expectancy", "estimate", "predicted", "anticipated", "documented", "evaluated", "assessed",
            "determined", "obtained", "sample", "needs", "need", "required", "requirement", "criteria", "defined",
            "as", "follows", "following", "mean", "average", "corrected", "fridericia",
            "bazett", "s", "adequate", "normal", "known", "within", "function");

    /** Position after the filler that starts at {@code pos}, never past {@code limit} nor more than 70 chars on. */
    static int skip(ItemText t, int pos, int limit) {
        String f = t.folded;
        int lim = Math.min(limit, Math.min(f.length(), pos + 70));
        int p = pos;
        int lastGood = pos;
        while (p < lim) {
            char c = f.charAt(p);
            if (c == ' ' || c == ':' || c == ')' || c == ']') {
                p++;
                continue;
            }
            if (c == '(' || c == '[') {
                int close = closing(f, p, Math.min(lim, p + 50));
                if (close < 0 || containsComparator(f, p, close)) {
                    break;
                }
                p = close + 1;
                lastGood = p;
                continue;
            }
            if (c == '-' || c == '/' || c == '=') {
                // "HbA1c - 7%" is rare; "level - " and "mL/min" do not start a limit
                p++;
                continue;
            }
            if (ItemText.isWordChar(c)) {
                int e = p;
                while (e < lim && ItemText.isWordChar(f.charAt(e))) {
                    e++;
                }
                String w = f.substring(p, e);
                if (!WORDS.contains(w) || startsComparison(f, p, limit)) {
                    break;
                }
                p = e;
                lastGood = p;
                continue;
            }
            break;
        }
        return p > lastGood ? p : lastGood;
    }

    private static boolean startsComparison(String f, int p, int limit) {
        // "within normal limits" and "greater than" are comparators, not filler
        return ComparisonText.startsWithWord(f, p, limit, "within normal")
                || ComparisonText.startsWithWord(f, p, limit, "greater than")
                || ComparisonText.startsWithWord(f, p, limit, "greater or equal")
                || ComparisonText.startsWithWord(f, p, limit, "equal to or")
                || ComparisonText.startsWithWord(f, p, limit, "equal or")
                || ComparisonText.startsWithWord(f, p, limit, "at least")
                || ComparisonText.startsWithWord(f, p, limit, "within the normal")
                || ComparisonText.startsWithWord(f, p, limit, "minimum of")
                || ComparisonText.startsWithWord(f, p, limit, "maximum of")
                || ComparisonText.startsWithWord(f, p, limit, "x uln");
    }

    static int closing(String f, int open, int limit) {
        int depth = 0;
        for (int i = open; i < limit; i++) {
            char c = f.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    static boolean containsComparator(String f, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = f.charAt(i);
            if (c == '<' || c == '>' || c == '\u2264' || c == '\u2265') {
                return true;
            }
        }
        String s = f.substring(from, to);
        return s.contains("less than") || s.contains("greater than") || s.contains("more than")
                || s.contains("at least") || s.contains("uln") || s.contains("upper limit");
    }

    private Filler() {
    }
}
