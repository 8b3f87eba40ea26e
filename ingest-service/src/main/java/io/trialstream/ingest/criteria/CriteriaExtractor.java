package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility.CriterionItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one eligibility item into typed computable criteria, as {@code docs/criteria.md} defines them, plus one
 * UNPARSED criterion for each part of the item no rule could type with confidence (never silently dropped).
 * <p>
 * The rules only find phrases; the extractor then settles what they mean together: the criterion's own polarity
 * (negation, the list it came from, "at least 4 weeks since"), exceptions ("unless", "except") that lower the
 * confidence of the limit they qualify, alternatives ("creatinine ≤ 1.5 mg/dL <em>or</em> CrCl ≥ 60 mL/min") that
 * the contract cannot express as a conjunction and that therefore stay UNPARSED, and narrowed exclusions
 * ("uncontrolled hypertension") that would exclude too much if typed. A wrong typed criterion is worse than an
 * UNPARSED one, so every doubt ends in UNPARSED.
 * <p>
 * Plain Java, immutable, thread-safe; no CDI. Ids are {@code <itemId>#<n>} in text order, so the same text gives
 * the same ids on every parse.
 */
public final class CriteriaExtractor {

    /** @param checkPlausibility reject limits outside what an analyte can be (off only for corpora whose numbers are masked) */
    public record Options(boolean checkPlausibility) {
        public static final Options DEFAULT = new Options(true);
    }

    private static final CriteriaExtractor DEFAULT = new CriteriaExtractor(Options.DEFAULT);

    private final List<CriterionRule> rules;

    public CriteriaExtractor(Options options) {
        this.rules = List.of(new AgeRule(), new SexRule(), new PerformanceStatusRule(),
                new LabLimitRule(options.checkPlausibility()), new LifeExpectancyRule(), new ReproductiveRule(),
                new InfectionRule(), new GvhdRule(), new ConditionRule(), new TherapyRule(), new DiseaseStatusRule(),
                new BiomarkerRule(), new ConsentRule());
    }

    public static CriteriaExtractor standard() {
        return DEFAULT;
    }

    /** Criteria of every inclusion item (list polarity REQUIRED) and every exclusion item (EXCLUDED). */
    public List<Criterion> extractAll(List<CriterionItem> inclusion, List<CriterionItem> exclusion) {
        List<Criterion> out = new ArrayList<>();
        if (inclusion != null) {
            for (CriterionItem item : inclusion) {
                out.addAll(extract(item, Polarity.REQUIRED));
            }
        }
        if (exclusion != null) {
            for (CriterionItem item : exclusion) {
                out.addAll(extract(item, Polarity.EXCLUDED));
            }
        }
        return out;
    }

    /**
     * @param listPolarity REQUIRED for an inclusion item, EXCLUDED for an exclusion item; each criterion's own
     *                     polarity follows from it and from the item's wording
     */
    public List<Criterion> extract(CriterionItem item, Polarity listPolarity) {
        String text = item.text();
        if (text == null || text.isBlank()) {
            return List.of();
        }
        if (text.length() > ItemText.MAX_TYPED_LENGTH) {
            return List.of(unparsed(item, listPolarity, 0, text.length(), text, 1));
        }
        ItemText t = new ItemText(text);
        List<Finding> found = new ArrayList<>();
        for (CriterionRule rule : rules) {
            rule.find(t, found);
        }
        found = resolveOverlaps(found);
        extendOverExceptions(t, found);
        settlePolarity(t, found, listPolarity);
        found = dedupe(found);
        dropAlternatives(t, found);
        dropExcludedConjunctions(t, found);
        found.sort(Comparator.comparingInt((Finding f) -> f.start).thenComparingInt(f -> f.end));
        return assemble(item, t, found, listPolarity);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Two rules claiming the same words: the longer phrase is the better reading ("EGFR TKI" over "EGFR"). */
    private static List<Finding> resolveOverlaps(List<Finding> found) {
        List<Finding> kept = new ArrayList<>();
        for (Finding f : found) {
            boolean lose = false;
            for (Finding g : found) {
                if (f == g || f.kind == g.kind || !(f.anchorStart < g.anchorEnd && g.anchorStart < f.anchorEnd)) {
                    continue;
                }
                int lf = f.anchorEnd - f.anchorStart;
                int lg = g.anchorEnd - g.anchorStart;
                if (lg > lf || lg == lf && rank(g.kind) < rank(f.kind)) {
                    lose = true;
                    break;
                }
            }
            if (!lose) {
                kept.add(f);
            }
        }
        return kept;
    }

    /**
     * An exception right after a criterion ("…, except curatively treated skin cancer", "… unless due to Gilbert's
     * syndrome") qualifies it: the criterion states the rule, its text keeps the exception, its confidence drops.
     */
    private static void extendOverExceptions(ItemText t, List<Finding> found) {
        List<Finding> conditional = new ArrayList<>();
        for (Finding f : found) {
            int clauseEnd = t.clauseEnd(f.start);
            int[] hedge = t.hedgeStartingIn(f.end, Math.min(clauseEnd, f.end + 25));
            if (hedge == null || hedge[1] <= f.end) {
                continue;
            }
            String gap = t.slice(f.end, hedge[0]);
            boolean otherBetween = false;
            for (Finding g : found) {
                if (g != f && g.start >= f.end && g.start < hedge[0]) {
                    otherBetween = true;
                    break;
                }
            }
            if (!otherBetween && gap.replaceAll("[\\s,;(\\[]", "").isEmpty()) {
                if (f.reading == Finding.Reading.LIMIT && t.conditionStartingIn(hedge[0], hedge[0] + 1) != null) {
                    conditional.add(f); // "creatinine > 1.5 mg/dL in men, > 1.4 mg/dL in women": holds for a subgroup only
                    continue;
                }
                f.end = hedge[1];
                f.confidence = Math.min(f.confidence, 0.75);
            }
        }
        found.removeAll(conditional);
    }

    private static int rank(Kind kind) {
        return switch (kind) {
            case LAB, ORGAN_FUNCTION, PERFORMANCE_STATUS, AGE, LIFE_EXPECTANCY -> 0;
            case INFECTION, GVHD, PREGNANCY, BREASTFEEDING -> 1;
            case BIOMARKER -> 2;
            case THERAPY -> 3;
            case PROCEDURE -> 4;
            case DISEASE_STATUS -> 5;
            case CONDITION -> 6;
            default -> 7;
        };
    }

    private static void settlePolarity(ItemText t, List<Finding> found, Polarity list) {
        List<Finding> drop = new ArrayList<>();
        for (Finding f : found) {
            Polarity p = list;
            switch (f.reading) {
                case LIMIT -> {
                    if (allowedAfter(t, f.end)) {
                        drop.add(f); // "isolated bilirubin > 1.5 × ULN is acceptable": no criterion
                        continue;
                    }
                    if (f.inclusionOnly && list == Polarity.EXCLUDED) {
                        drop.add(f);
                        continue;
                    }
                    if (list == Polarity.EXCLUDED && Negation.requirementStatedBefore(t, f.anchorStart)) {
                        p = Polarity.REQUIRED; // a requirement written in the exclusion list
                        f.confidence = Math.min(f.confidence, 0.7);
                    }
                }
                case PRESENCE, NEED -> {
                    Negation.Cue before = Negation.before(t, f.anchorStart);
                    Negation.Cue after = Negation.after(t, f.anchorEnd);
                    Negation.Cue cue;
                    if (f.statusNegative) {
                        // the rule read the negative result itself ("ALK-negative"): a negation before it makes it
                        // positive again ("not HIV-negative"), the result word after it is the same negation
                        cue = before == Negation.Cue.NONE ? Negation.Cue.DESCRIPTIVE : Negation.Cue.NONE;
                        if (after == Negation.Cue.PERMISSIVE) {
                            cue = after;
                        }
                    } else if (f.statusPositive) {
                        cue = before != Negation.Cue.NONE ? before : after == Negation.Cue.PERMISSIVE ? after : Negation.Cue.NONE;
                    } else {
                        cue = before != Negation.Cue.NONE ? before : after;
                    }
                    if (cue == Negation.Cue.PERMISSIVE) {
                        drop.add(f);
                        continue;
                    }
                    boolean negated = cue != Negation.Cue.NONE;
                    if (list == Polarity.REQUIRED) {
                        p = negated ? Polarity.EXCLUDED : Polarity.REQUIRED;
                    } else if (f.reading == Finding.Reading.NEED) {
                        p = negated ? Polarity.REQUIRED : Polarity.EXCLUDED;
                    } else if (cue == Negation.Cue.DESCRIPTIVE) {
                        p = Polarity.REQUIRED; // "patients without measurable disease" under exclusion
                        f.confidence = Math.min(f.confidence, 0.8);
                    } else if (cue == Negation.Cue.NONE && Negation.requirementStatedBefore(t, f.anchorStart)) {
                        p = Polarity.REQUIRED;
                        f.confidence = Math.min(f.confidence, 0.7);
                    } else {
                        p = Polarity.EXCLUDED; // "No prior chemotherapy" under exclusion states the exclusion
                    }
                }
                default -> {
                }
            }
            if (f.kind == Kind.CONSENT) {
                // consent is obtained at enrolment: "unable to consent", "lack of consent" all mean it is required
                p = Polarity.REQUIRED;
            }
            if (f.windowInvertsPolarity) {
                p = p == Polarity.REQUIRED ? Polarity.EXCLUDED : Polarity.REQUIRED;
            }
            if (f.narrowed) {
                if (p == Polarity.EXCLUDED) {
                    drop.add(f); // excluding all hypertension for "uncontrolled hypertension" would be wrong
                    continue;
                }
                f.confidence = Math.min(f.confidence, 0.7);
            }
            if (t.inReproductiveCondition(f.start)) {
                f.confidence = Math.min(f.confidence, 0.8);
            }
            f.polarity = p;
        }
        found.removeAll(drop);
    }

    /**
     * Required alternatives ("A or B") cannot be written as criteria that all must hold. Conditions merge into one
     * criterion whose concepts any may match; two performance scales stay when they agree under the ECOG–Karnofsky
     * correspondence; limits ("creatinine ≤ 1.5 mg/dL or CrCl ≥ 60 mL/min", "ECOG ≤ 2 or Karnofsky ≥ 60") form an
     * any-of group (one UNPARSED criterion with {@code anyOf}); every other pair is dropped, leaving its text UNPARSED.
     * A group loses all its members when one of them is dropped: fewer alternatives would be a stricter requirement.
     */
    private static void dropAlternatives(ItemText t, List<Finding> found) {
        found.sort(Comparator.comparingInt(f -> f.start));
        Set<Finding> drop = new LinkedHashSet<>();
        for (int i = 0; i + 1 < found.size(); i++) {
            Finding a = found.get(i);
            Finding b = found.get(i + 1);
            if (a.polarity != Polarity.REQUIRED || b.polarity != Polarity.REQUIRED || drop.contains(b)
                    || t.clauseStart(a.start) != t.clauseStart(b.start) || !joinedByOr(t, a, b)) {
                continue;
            }
            if (a.kind == Kind.PERFORMANCE_STATUS && b.kind == Kind.PERFORMANCE_STATUS) {
                int wa = PerformanceStatusRule.worstEcogAdmitted(a);
                if (wa >= 0 && wa == PerformanceStatusRule.worstEcogAdmitted(b)) {
                    continue;
                }
            }
            if (a.kind == Kind.CONDITION && b.kind == Kind.CONDITION && !drop.contains(a)) {
                a.parameter = a.parameter + " or " + b.parameter;
                List<Concept> union = new ArrayList<>();
                if (a.concepts != null) {
                    union.addAll(a.concepts);
                }
                if (b.concepts != null) {
                    union.addAll(b.concepts);
                }
                a.concepts = union.isEmpty() || a.concepts == null || b.concepts == null ? null : List.copyOf(union);
                a.end = Math.max(a.end, b.end);
                a.confidence = Math.min(a.confidence, b.confidence);
                found.remove(i + 1);
                i--;
                continue;
            }
            if (a.reading == Finding.Reading.LIMIT && b.reading == Finding.Reading.LIMIT && !drop.contains(a)) {
                if (a.alternatives == null) {
                    a.alternatives = new ArrayList<>(List.of(a));
                }
                a.alternatives.add(b);
                b.alternatives = a.alternatives;
                continue;
            }
            drop.add(a);
            drop.add(b);
        }
        // "known or newly diagnosed diabetes", "newly diagnosed or without steroid use": an alternative with something
        // untyped; the typed half alone would be a stricter, wrong requirement
        for (Finding f : found) {
            if (f.polarity == Polarity.REQUIRED && f.reading != Finding.Reading.LIMIT && !drop.contains(f)
                    && alternativeWithUntyped(t, f, found)) {
                drop.add(f);
            }
        }
        for (Finding f : List.copyOf(drop)) {
            if (f.alternatives != null) {
                drop.addAll(f.alternatives);
            }
        }
        found.removeAll(drop);
    }

    private static boolean alternativeWithUntyped(ItemText t, Finding f, List<Finding> found) {
        String f0 = t.folded;
        int clauseStart = t.clauseStart(f.start);
        int clauseEnd = t.clauseEnd(f.start);
        // after: "X or …"
        int p = ComparisonText.skipSpaces(f0, f.end, clauseEnd);
        if (p < clauseEnd && f0.charAt(p) == ',') {
            p = ComparisonText.skipSpaces(f0, p + 1, clauseEnd);
        }
        int len = Math.max(ComparisonText.matchLength(f0, p, clauseEnd, "and/or"), ComparisonText.matchLength(f0, p, clauseEnd, "or"));
        if (len > 0) {
            int q = ComparisonText.skipSpaces(f0, p + len, clauseEnd);
            if (q < clauseEnd && !startsFinding(found, q) && !ComparisonText.startsWithWord(f0, q, clauseEnd, "equal")) {
                return true;
            }
        }
        // before: "… or X"
        int k = t.lastTokenEndingBefore(f.anchorStart);
        if (k >= 1 && t.tokenStart(k) >= clauseStart && t.token(k).equals("or")
                && !(k >= 2 && t.token(k - 1).equals("and")) && !t.token(k - 1).equals("with") && !t.token(k - 1).equals("whether")) {
            int prevEnd = t.tokenEnd(k - 1);
            for (Finding g : found) {
                if (g != f && g.start < prevEnd && prevEnd <= g.end) {
                    return false;
                }
            }
            return t.tokenStart(k - 1) >= clauseStart;
        }
        return false;
    }

    private static boolean startsFinding(List<Finding> found, int pos) {
        for (Finding g : found) {
            if (g.start <= pos && pos < g.end || g.anchorStart == pos) {
                return true;
            }
        }
        return false;
    }

    private static boolean joinedByOr(ItemText t, Finding a, Finding b) {
        if (b.start < a.end) {
            return false;
        }
        String between = t.slice(a.end, b.start).replaceAll("\\([^()]{0,80}\\)", " ");
        between = between.replace("with or without", " ").replace("whether or not", " ");
        return between.matches("(?s).*\\bor\\b.*");
    }

    private static boolean allowedAfter(ItemText t, int end) {
        int clauseEnd = t.clauseEnd(Math.max(0, end - 1));
        int k = t.firstTokenAtOrAfter(end);
        for (int seen = 0; k < t.tokenCount() && t.tokenStart(k) < clauseEnd && seen < 3; k++, seen++) {
            switch (t.token(k)) {
                case "allowed", "acceptable", "permitted", "accepted", "eligible" -> {
                    return true;
                }
                case "not" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        return false;
    }

    /**
     * An exclusion that combines an age with another fact ("patients over 70 with heart failure", "age > 65 and
     * ECOG 2") excludes only patients who have both: written as two EXCLUDED criteria it would exclude either.
     */
    private static void dropExcludedConjunctions(ItemText t, List<Finding> found) {
        Set<Finding> drop = new LinkedHashSet<>();
        // "ALT > 3 × ULN and bilirubin > 2 × ULN" (Hy's law): excluded only together
        for (int i = 0; i + 1 < found.size(); i++) {
            Finding a = found.get(i);
            Finding b = found.get(i + 1);
            if (a.reading == Finding.Reading.LIMIT && b.reading == Finding.Reading.LIMIT
                    && a.polarity == Polarity.EXCLUDED && b.polarity == Polarity.EXCLUDED
                    && !java.util.Objects.equals(a.parameter, b.parameter) && b.start >= a.end
                    && t.clauseStart(a.start) == t.clauseStart(b.start)) {
                String between = t.slice(a.end, b.start);
                if (between.matches("(?s).*\\band\\b.*") && !between.matches("(?s).*\\b(?:or|and/or)\\b.*")) {
                    drop.add(a);
                    drop.add(b);
                }
            }
        }
        for (Finding age : found) {
            if (age.kind != Kind.AGE || age.polarity != Polarity.EXCLUDED) {
                continue;
            }
            for (Finding other : found) {
                if (other != age && other.polarity == Polarity.EXCLUDED && other.kind != Kind.AGE
                        && t.clauseStart(other.start) == t.clauseStart(age.start)) {
                    int from = Math.min(age.end, other.end);
                    int to = Math.max(age.start, other.start);
                    String between = from < to ? t.slice(from, to) : "";
                    if (!between.matches("(?s).*\\bor\\b.*")) {
                        drop.add(age);
                        drop.add(other);
                    }
                }
            }
        }
        found.removeAll(drop);
    }

    private static List<Finding> dedupe(List<Finding> found) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : found) {
            boolean repeat = false;
            for (Finding g : out) {
                if (g.sameMeaning(f)) {
                    g.end = Math.max(g.end, f.end);
                    repeat = true;
                    break;
                }
            }
            if (!repeat) {
                out.add(f);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static final Set<String> BOILERPLATE = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "at",
            "by", "for", "with", "without", "as", "is", "are", "be", "been", "being", "was", "were", "has", "have",
            "had", "having", "must", "should", "will", "shall", "may", "can", "who", "whom", "which", "that", "this",
            "these", "those", "any", "all", "patient", "patients", "subject", "subjects", "participant",
            "participants", "study", "trial", "entry", "enrollment", "enrolment", "registration", "randomization",
            "screening", "baseline", "inclusion", "exclusion", "criteria", "criterion", "following", "defined",
            "known", "history", "documented", "evidence", "prior", "previous", "previously", "current", "currently",
            "e", "g", "eg", "i", "ie", "etc", "per", "according", "within", "than", "less", "more", "greater", "least",
            "equal", "days", "day", "weeks", "week", "months", "month", "years", "year", "x", "uln", "upper", "limit",
            "normal", "institutional", "value", "values", "level", "levels", "count", "function", "adequate",
            "confirmed", "diagnosis", "diagnosed", "time", "first", "dose", "date", "signing", "informed", "consent",
            "not", "no", "if", "other", "such", "also", "either", "both", "only", "age", "aged", "old", "s",
            "ml", "min", "mg", "dl", "l", "mm3", "ul", "mmol", "umol", "cent", "percent", "score", "status",
            "performance", "grade", "total", "serum", "absolute", "including", "included", "include", "exclude",
            "excluded", "eligible", "allowed", "permitted", "disease", "treatment", "therapy", "test", "result",
            "women", "woman", "men", "man", "female", "females", "male", "males", "childbearing", "potential",
            "agree", "agrees", "use", "using", "willing", "able", "effective", "highly", "method",
            "methods", "sign", "signed", "written", "provide", "give", "obtain", "obtained", "form", "need",
            "needs", "require", "required", "requires", "acceptable", "appropriate", "period", "duration", "last",
            "after", "before", "during", "throughout", "until", "since", "from", "ongoing", "active", "severe",
            "significant", "clinically", "uncontrolled", "present", "presence", "new", "receive",
            "received", "receiving");

    private List<Criterion> assemble(CriterionItem item, ItemText t, List<Finding> found, Polarity list) {
        List<Object[]> parts = new ArrayList<>(); // {start, Criterion-or-null, Finding-or-span}
        for (Finding f : found) {
            parts.add(new Object[]{f.start, f});
        }
        // untyped clauses, contiguous runs merged into one UNPARSED each
        int runStart = -1;
        int runEnd = -1;
        for (int[] c : t.clauses()) {
            boolean typed = false;
            for (Finding f : found) {
                if (f.start < c[1] && c[0] < f.end) {
                    typed = true;
                    break;
                }
            }
            boolean leftover = typed ? residualMatters(t, c, found) : hasWords(t, c);
            if (leftover) {
                if (runStart < 0) {
                    runStart = c[0];
                }
                runEnd = c[1];
            } else if (runStart >= 0) {
                parts.add(new Object[]{runStart, new int[]{runStart, runEnd}});
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            parts.add(new Object[]{runStart, new int[]{runStart, runEnd}});
        }
        parts.sort(Comparator.comparingInt(o -> (Integer) o[0]));
        List<Criterion> out = new ArrayList<>(parts.size());
        int n = 1;
        for (Object[] part : parts) {
            if (part[1] instanceof Finding f && f.alternatives != null && f.alternatives.get(0) != f) {
                continue; // written with the first member of its group
            }
            String id = item.id() + "#" + n++;
            if (part[1] instanceof Finding f && f.alternatives != null) {
                out.add(anyOf(id, item, t, f.alternatives));
            } else if (part[1] instanceof Finding f) {
                out.add(f.toCriterion(id, item.id(), t));
            } else {
                int[] span = trim(t, (int[]) part[1]);
                out.add(unparsedWithId(id, item, list, span[0], span[1], t.rawSlice(span[0], span[1])));
            }
        }
        return out;
    }

    private static boolean hasWords(ItemText t, int[] clause) {
        for (int k = t.firstTokenAtOrAfter(clause[0]); k < t.tokenCount() && t.tokenStart(k) < clause[1]; k++) {
            if (Character.isLetter(t.token(k).charAt(0))) {
                return true;
            }
        }
        return false;
    }

    /** A typed clause still goes to UNPARSED when at least three content words of it were not typed. */
    private static boolean residualMatters(ItemText t, int[] clause, List<Finding> found) {
        int content = 0;
        for (int k = t.firstTokenAtOrAfter(clause[0]); k < t.tokenCount() && t.tokenStart(k) < clause[1]; k++) {
            int s = t.tokenStart(k);
            boolean covered = false;
            for (Finding f : found) {
                if (s >= f.start && s < f.end) {
                    covered = true;
                    break;
                }
            }
            String w = t.token(k);
            if (covered || t.inHedge(s) || BOILERPLATE.contains(w) || !Character.isLetter(w.charAt(0)) || w.length() < 2) {
                continue;
            }
            content++;
        }
        return content >= 3;
    }

    private static int[] trim(ItemText t, int[] span) {
        int s = span[0];
        int e = span[1];
        while (s < e && (Character.isWhitespace(t.raw.charAt(s)) || t.raw.charAt(s) == ';')) {
            s++;
        }
        while (e > s && Character.isWhitespace(t.raw.charAt(e - 1))) {
            e--;
        }
        return new int[]{s, e};
    }

    /** Required alternatives: UNPARSED for a reader that does not know {@code anyOf}, the members typed inside it. */
    private static Criterion anyOf(String id, CriterionItem item, ItemText t, List<Finding> members) {
        int start = members.stream().mapToInt(m -> m.start).min().orElseThrow();
        int end = members.stream().mapToInt(m -> m.end).max().orElseThrow();
        List<Criterion> typed = new ArrayList<>(members.size());
        for (int k = 0; k < members.size(); k++) {
            typed.add(members.get(k).toCriterion(id + "." + (k + 1), item.id(), t));
        }
        double confidence = typed.stream().mapToDouble(Criterion::confidence).min().orElse(0.0);
        return new Criterion(id, Kind.UNPARSED, Polarity.REQUIRED, null, null, null, null, null, null, null, null, item.id(),
                new Criterion.Span(start, end), t.rawSlice(start, end), confidence, List.copyOf(typed));
    }

    private static Criterion unparsed(CriterionItem item, Polarity list, int start, int end, String text, int n) {
        return unparsedWithId(item.id() + "#" + n, item, list, start, end, text);
    }

    private static Criterion unparsedWithId(String id, CriterionItem item, Polarity list, int start, int end, String text) {
        return new Criterion(id, Kind.UNPARSED, list, null, null, null, null, null, null, null, null, item.id(),
                new Criterion.Span(start, end), text, 0.0);
    }
}
