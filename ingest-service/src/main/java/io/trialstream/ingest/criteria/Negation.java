package io.trialstream.ingest.criteria;

import java.util.Set;

/**
 * Negation around a phrase, NegEx-style: a cue before the phrase ("no", "without", "must not", "unable to") scopes
 * over the phrase unless a terminator ("but", "except", "unless", …) comes between; a cue after it ("HIV negative",
 * "is not allowed") applies to it directly. Cues come in kinds because an exclusion list reads them differently:
 * a <em>rule</em> states the exclusion itself ("No prior chemotherapy", "Patients must not be pregnant": the fact
 * is excluded, whatever the list), a <em>descriptive</em> negation describes the patients ("patients without
 * measurable disease" under exclusion: the fact is required), and a <em>permissive</em> cue says a fact is allowed
 * ("prior radiotherapy is allowed"), which is no criterion at all.
 */
final class Negation {

    enum Cue { NONE, RULE, DESCRIPTIVE, PERMISSIVE }

    private static final Set<String> TERMINATORS = Set.of("but", "however", "although", "though", "except",
            "unless", "whereas", "while", "apart", "aside", "besides", "if", "when", "which", "excluding", "other",
            "nevertheless", "yet", "than");
    private static final Set<String> MODALS = Set.of("must", "should", "may", "shall", "will", "can", "could",
            "would", "might");
    private static final Set<String> DESCRIPTIVE = Set.of("without", "absence", "absent", "lack", "lacking",
            "lacks", "free", "never", "none", "neither", "nor", "unable", "inability", "incapable", "unwilling",
            "unwillingness", "refuse", "refuses", "refused", "refusal", "refusing", "declines", "declined", "decline",
            "denies", "deny", "denied", "negative", "non", "fails", "failure", "cannot");

    private static final Set<String> NOT_NEEDED = Set.of("required", "necessary", "needed", "mandatory");
    private static final Set<String> FAILED_ACTS = Set.of("use", "comply", "agree", "provide", "give", "sign",
            "practice", "take", "understand", "attend", "follow", "adhere", "consent");

    private Negation() {
    }

    /** The negation cue scoping over a phrase that starts at {@code anchorStart}, looking back in its clause. */
    static Cue before(ItemText t, int anchorStart) {
        int clauseStart = t.clauseStart(anchorStart);
        int k = t.lastTokenEndingBefore(anchorStart);
        int firstOfClause = t.firstTokenAtOrAfter(clauseStart);
        // skip an enumeration number/letter at the clause start ("1.", "a)")
        if (firstOfClause < t.tokenCount() && isEnumerator(t.token(firstOfClause))
                && firstOfClause + 1 < t.tokenCount()) {
            firstOfClause++;
        }
        for (int seen = 0; k >= 0 && t.tokenStart(k) >= clauseStart && seen < 14; k--, seen++) {
            String w = t.token(k);
            if (TERMINATORS.contains(w)) {
                return Cue.NONE;
            }
            switch (w) {
                case "no" -> {
                    // "no more than" is a comparator, not a negation of the fact
                    if (k + 1 < t.tokenCount() && (t.token(k + 1).equals("more") || t.token(k + 1).equals("less")
                            || t.token(k + 1).equals("longer") || t.token(k + 1).equals("later"))) {
                        continue;
                    }
                    return k == firstOfClause ? Cue.RULE : Cue.DESCRIPTIVE;
                }
                case "not" -> {
                    String prev = k > 0 ? t.token(k - 1) : "";
                    if (prev.equals("or") && k > 1 && t.token(k - 2).equals("whether")
                            || k + 1 < t.tokenCount() && (t.token(k + 1).equals("applicable") || t.token(k + 1).equals("only"))) {
                        continue;
                    }
                    if (k + 1 < t.tokenCount() && NOT_NEEDED.contains(t.token(k + 1))) {
                        return Cue.PERMISSIVE; // "biopsy is not required for recurrent disease"
                    }
                    if (MODALS.contains(prev) || prev.equals("do") && k - 1 == firstOfClause) {
                        return Cue.RULE;
                    }
                    if (k == firstOfClause) {
                        return Cue.RULE;
                    }
                    return Cue.DESCRIPTIVE;
                }
                case "cannot" -> {
                    return Cue.RULE;
                }
                default -> {
                    if (DESCRIPTIVE.contains(w)) {
                        if (w.equals("non") && seen > 1) {
                            continue; // "non" only negates the word it is joined to
                        }
                        if (w.equals("negative") && !(k + 1 < t.tokenCount() && t.token(k + 1).equals("for"))) {
                            continue; // "negative pregnancy test" is read by the pregnancy rule
                        }
                        if ((w.equals("failure") || w.equals("fails")) && !(k + 2 < t.tokenCount()
                                && t.token(k + 1).equals("to") && FAILED_ACTS.contains(t.token(k + 2)))) {
                            continue; // "failure of prior therapy", "failure to two SSRI trials": no negation
                        }
                        if (w.equals("free") && !(k + 1 < t.tokenCount() && (t.token(k + 1).equals("of")
                                || t.token(k + 1).equals("from")))) {
                            continue;
                        }
                        return Cue.DESCRIPTIVE;
                    }
                }
            }
        }
        return Cue.NONE;
    }

    /** A cue right after the phrase: "HIV negative", "is not allowed", "are excluded", "is allowed". */
    static Cue after(ItemText t, int anchorEnd) {
        int clauseEnd = t.clauseEnd(Math.max(0, anchorEnd - 1));
        int k = t.firstTokenAtOrAfter(anchorEnd);
        boolean sawNot = false;
        for (int seen = 0; k < t.tokenCount() && t.tokenStart(k) < clauseEnd && seen < 7; k++, seen++) {
            String w = t.token(k);
            if (TERMINATORS.contains(w) || w.equals("positive") || w.equals("who") || w.equals("with")
                    || w.equals("within") || w.equals("for") || w.equals("must") || w.equals("should")
                    || w.equals("shall") || w.equals("have") || w.equals("has")) {
                return Cue.NONE;
            }
            switch (w) {
                case "negative", "seronegative", "undetectable", "naive", "naïve" -> {
                    return Cue.DESCRIPTIVE;
                }
                case "not", "never", "cannot" -> sawNot = true;
                case "required", "necessary", "needed", "mandatory" -> {
                    if (sawNot) {
                        return Cue.PERMISSIVE; // "biopsy is not required for recurrent disease"
                    }
                }
                case "excluded", "prohibited", "forbidden", "ineligible" -> {
                    // "… ineligible for intensive therapy" is about the therapy, not this phrase
                    return followedByFor(t, k) ? Cue.NONE : Cue.RULE;
                }
                case "allowed", "permitted", "acceptable", "eligible", "accepted", "tolerated", "included" -> {
                    if (followedByFor(t, k)) {
                        return Cue.NONE;
                    }
                    return sawNot ? Cue.RULE : Cue.PERMISSIVE;
                }
                default -> {
                }
            }
        }
        return Cue.NONE;
    }

    private static boolean followedByFor(ItemText t, int k) {
        return k + 1 < t.tokenCount() && (t.token(k + 1).equals("for") || t.token(k + 1).equals("to"));
    }

    /** "must have", "should be", "is required" before the phrase: a requirement, whatever list it sits in. */
    static boolean requirementStatedBefore(ItemText t, int anchorStart) {
        int clauseStart = t.clauseStart(anchorStart);
        int k = t.lastTokenEndingBefore(anchorStart);
        for (int seen = 0; k >= 0 && t.tokenStart(k) >= clauseStart && seen < 8; k--, seen++) {
            String w = t.token(k);
            if (w.equals("not") || w.equals("no") || TERMINATORS.contains(w)) {
                return false;
            }
            if ((w.equals("must") || w.equals("should") || w.equals("shall")) && k + 1 < t.tokenCount()) {
                String next = t.token(k + 1);
                return next.equals("have") || next.equals("be") || next.equals("demonstrate") || next.equals("show");
            }
        }
        return false;
    }

    private static boolean isEnumerator(String token) {
        return token.length() <= 3 && (token.chars().allMatch(Character::isDigit)
                || token.length() == 1 && Character.isLetter(token.charAt(0)) && !token.equals("a"));
    }
}
