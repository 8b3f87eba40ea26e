package io.trialstream.ingest.criteria;

import java.util.Set;

/**
 * Tells whether the words around a condition or therapy narrow it. "Uncontrolled hypertension", "relapsed AML",
 * "heart failure (NYHA III–IV)", "AML with normal karyotype" name a subset of the coded concept; excluding the whole
 * concept would turn away patients the trial accepts, so an excluded phrase with a narrowing qualifier is not typed.
 * Words that do not narrow ("known", "history of", "documented", "any") are listed; anything else narrows.
 */
final class Qualifiers {

    private static final Set<String> NEUTRAL_BEFORE = Set.of("known", "history", "of", "prior", "previous",
            "previously", "documented", "diagnosed", "diagnosis", "confirmed", "any", "a", "an", "the", "with", "or",
            "and", "current", "concurrent", "coexisting", "co", "existing", "pre", "preexisting", "personal",
            "evidence", "presence", "patients", "patient", "subjects", "subject", "participants", "people",
            "individuals", "suspected", "clinical", "established", "definite", "no", "not", "without", "has", "have",
            "had", "having", "including", "e", "g", "eg", "such", "as", "type", "suffering", "from", "persons", "who", "are", "is", "be", "been", "underlying", "concomitant", "comorbid", "also", "either",
            "histologically", "cytologically", "pathologically", "proven", "histological", "cytological",
            "pathological", "documentation", "verified", "like", "in", "to", "due", "medical", "recent",
            "by", "on", "ongoing", "presenting", "present", "at", "time", "screening", "enrollment", "diagnoses",
            "newly", "recently", "initially", "first", "new",
            "condition", "conditions", "disease", "diseases", "s", "one", "following", "women", "men",
            "female", "male", "adult", "adults", "children", "must", "should", "will", "can");

    private static final Set<String> NEUTRAL_AFTER = Set.of("disease", "disorder", "syndrome", "diagnosis",
            "history", "or", "and", "patients", "subjects", "is", "are", "in", "the", "past", "last", "within",
            "year", "years", "months", "month", "weeks", "days", "prior", "to", "previous", "before", "study", "entry",
            "screening", "enrollment", "randomization", "registration", "of", "at", "any", "time", "e", "g", "eg",
            "such", "as", "including", "type", "who", "will", "be", "excluded", "not", "allowed", "permitted",
            "eligible", "according", "per", "criteria", "classification", "who2016", "2016", "2022", "s", "also",
            "either", "diagnosed", "confirmed", "documented", "by", "histology", "cytology", "biopsy",
            "histologically", "cytologically", "pathologically", "proven", "icc", "eln");

    /** Words before a therapy or procedure that do not narrow it ("prior systemic chemotherapy"). */
    private static final Set<String> NEUTRAL_BEFORE_THERAPY = Set.of("systemic", "cytotoxic", "anticancer", "anti",
            "cancer", "antineoplastic", "standard", "conventional", "approved", "licensed", "experimental",
            "investigational", "major", "last", "recent", "recently", "other", "another", "active", "use", "receipt",
            "exposure", "dose", "doses", "course", "courses", "cycles", "cycle", "lines", "line", "regimen", "regimens",
            "treatment", "treatments", "therapy", "therapies", "received", "receiving", "taking", "take", "took",
            "using", "undergone", "underwent", "on", "since", "failed", "concomitant", "concurrent", "ongoing",
            "chronic", "regular", "daily", "continuous", "maintenance", "long", "term", "treated", "naive", "any",
            "or", "and", "with", "of", "prior", "previous", "previously", "history", "known", "current", "currently");

    /** Whether the two words before a therapy narrow it ("breast surgery", "topical steroids", "minor surgery"). */
    static boolean narrowedTherapy(ItemText t, int start) {
        int clauseStart = t.clauseStart(start);
        int k = t.lastTokenEndingBefore(start);
        int limit = start;
        for (int seen = 0; k >= 0 && t.tokenStart(k) >= clauseStart && seen < 2; k--, seen++) {
            String w = t.token(k);
            if (listSeparated(t, t.tokenEnd(k), limit) || w.equals("or") || w.equals("and") || w.equals("nor")) {
                return false;
            }
            limit = t.tokenStart(k);
            if (w.equals("with") || w.equals("of") || w.equals("to") || w.equals("history") || w.equals("known")) {
                return false;
            }
            if (!NEUTRAL_BEFORE_THERAPY.contains(w) && !NEUTRAL_BEFORE.contains(w) && !isNumber(w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listSeparated(ItemText t, int from, int to) {
        String between = t.slice(from, to);
        return between.indexOf(',') >= 0 || between.indexOf('/') >= 0 || between.indexOf('(') >= 0
                || between.indexOf(')') >= 0 || between.indexOf(';') >= 0;
    }

    private Qualifiers() {
    }

    /** Whether a narrowing word stands right before [start, …) in the same clause (three words looked at). */
    static boolean narrowedBefore(ItemText t, int start) {
        int clauseStart = t.clauseStart(start);
        int k = t.lastTokenEndingBefore(start);
        int limit = start;
        for (int seen = 0; k >= 0 && t.tokenStart(k) >= clauseStart && seen < 2; k--, seen++) {
            String w = t.token(k);
            if (listSeparated(t, t.tokenEnd(k), limit) || w.equals("or") || w.equals("and") || w.equals("nor")) {
                return false; // "AML or MDS", "chemotherapy, radiotherapy": a list, not a qualifier
            }
            limit = t.tokenStart(k);
            if (!NEUTRAL_BEFORE.contains(w) && !isNumber(w)) {
                return true;
            }
            if (w.equals("with") || w.equals("of") || w.equals("history") || w.equals("known")) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether words after [.., end) narrow the phrase ("with normal karyotype", "(NYHA class III or IV)",
     * "requiring insulin"), up to the next list separator.
     */
    static boolean narrowedAfter(ItemText t, int end) {
        String f = t.folded;
        int clauseEnd = t.clauseEnd(Math.max(0, end - 1));
        int p = end;
        int words = 0;
        while (p < clauseEnd && words < 6) {
            if (t.inHedge(p)) {
                return false; // "except …", "unless …": an exception, kept in the text, not a narrowing
            }
            char c = f.charAt(p);
            if (c == ',' || c == ';' || c == '.' || c == ')' || c == ']') {
                return false;
            }
            if (c == '(' || c == '[') {
                int close = Filler.closing(f, p, Math.min(clauseEnd, p + 60));
                if (close < 0) {
                    return false;
                }
                String inside = f.substring(p + 1, close).strip();
                // "(AML)", "(e.g. …)", "(CML)" restate or illustrate; "(NYHA III-IV)", "(grade ≥ 2)" narrow
                if (!(inside.startsWith("e.g") || inside.startsWith("eg") || inside.startsWith("i.e")
                        || inside.startsWith("such as") || inside.startsWith("including")
                        || inside.matches("[a-z0-9 /+'-]{1,12}") && !inside.matches(".*\\b(?:class|grade|stage|nyha|iii|iv)\\b.*"))) {
                    return true;
                }
                p = close + 1;
                continue;
            }
            if (ItemText.isWordChar(c)) {
                int e = p;
                while (e < clauseEnd && ItemText.isWordChar(f.charAt(e))) {
                    e++;
                }
                String w = f.substring(p, e);
                if (w.equals("or") || w.equals("and")) {
                    return false;
                }
                if (!NEUTRAL_AFTER.contains(w) && !isNumber(w)) {
                    return true;
                }
                words++;
                p = e;
                continue;
            }
            p++;
        }
        return false;
    }

    private static boolean isNumber(String w) {
        return !w.isEmpty() && w.chars().allMatch(Character::isDigit);
    }
}
