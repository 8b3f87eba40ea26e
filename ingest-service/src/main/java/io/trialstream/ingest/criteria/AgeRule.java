package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;

import java.util.List;
import java.util.Set;

/**
 * Age limits written in an item: "Age ≥ 18 years", "18 years of age or older", "aged 18-75", "between 18 and 65
 * years old", "patients ≥ 18 years", "over 14 years old, under 65 years old". A number of years is an age only when
 * the text says so (age, aged, old, of age, older, younger) or when it qualifies the patients themselves ("adults
 * 18-65 years"); "diagnosed within 5 years", "for 2 years", "age at diagnosis ≥ 60", "gestational age ≥ 37 weeks"
 * are not the patient's age. Values are in years (unit {@code a}), months converted.
 */
final class AgeRule implements CriterionRule {

    private static final Set<String> COMPARISON_STARTS = Set.of("greater", "more", "less", "at", "no", "not",
            "between", "from", "over", "under", "above", "below", "up", "upto", "minimum", "maximum", "older",
            "younger", "equal", "a", "of", "higher", "lower", "exceeding", "superior", "inferior");
    private static final Set<String> AGE_CUES = Set.of("age", "aged", "ages", "ag");
    private static final Set<String> PERSONS = Set.of("patients", "patient", "subjects", "subject", "participants",
            "participant", "adults", "adult", "men", "women", "man", "woman", "males", "male", "females", "female",
            "children", "child", "adolescents", "volunteers", "volunteer", "individuals", "persons", "people", "boys",
            "girls", "infants", "pts", "donors", "donor", "recipients", "caregivers", "mothers", "teenagers",
            "youth", "neonates", "newborns", "elderly", "sexes", "genders", "gender", "sex", "person", "outpatients",
            "inpatients");
    /** Words that make a number of years something other than the patient's age. */
    private static final Set<String> NOT_AGE = Set.of("within", "for", "since", "ago", "past", "last", "previous",
            "prior", "history", "duration", "diagnosed", "diagnosis", "expectancy", "survival", "follow", "onset",
            "gestational", "gestation", "bone", "mental", "menopause", "menopausal", "postmenopausal", "amenorrhea",
            "smoking", "smoked", "pack", "during", "after", "before", "every", "each", "treated", "treatment",
            "disease", "remission", "free", "interval", "stable", "years", "year", "lasting",
            "elapsed", "completed", "received", "taking", "used", "using", "use", "started", "menarche", "education",
            "schooling", "experience", "marriage", "married", "infertility", "residence", "living", "employed",
            "months", "weeks", "days", "until");

    private static final java.util.regex.Pattern DONOR = java.util.regex.Pattern.compile(
            "\\b(?:donors?|partners?|parents?|caregivers?|siblings?|spouses?|relatives?|household|contacts?)\\b");

    /** "over the age of 80", "under the age of 21", "up to the age of 35": a comparison word, then "the age of". */
    private static final java.util.regex.Pattern THE_AGE_OF = java.util.regex.Pattern.compile(
            "\\b(over|above|under|below|greater than|more than|less than|older than|younger than|up to|at least)"
                    + "\\s+(?:the\\s+)?ages?\\s+(?:of\\s+)?(\\d{1,3})(?:\\s*(years?|yrs?|months?)\\b)?(?:\\s*(?:old|of age)\\b)?");
    /** "between age 18 and 55 years", "between the ages of 18 and 45 years old". */
    private static final java.util.regex.Pattern BETWEEN_AGES = java.util.regex.Pattern.compile(
            "\\bbetween\\s+(?:the\\s+)?ages?\\s+(?:of\\s+)?(\\d{1,3})\\s*(?:(?:and|to|-)\\s*)(\\d{1,3})"
                    + "(?:\\s*(years?|yrs?)\\b)?(?:\\s*(?:old|of age)\\b)?");

    @Override
    public void find(ItemText t, List<Finding> out) {
        String f = t.folded;
        int consumedUntil = 0;
        int n = f.length();
        List<Finding> phrased = ageOfPhrases(t);
        out.addAll(phrased);
        for (int p = 0; p < n; p++) {
            if (p < consumedUntil) {
                continue;
            }
            Finding covering = covering(phrased, p);
            if (covering != null) {
                consumedUntil = covering.end;
                continue;
            }
            char c = f.charAt(p);
            boolean candidate;
            if (c == '<' || c == '>' || c == '\u2264' || c == '\u2265' || c == '=') {
                candidate = true;
            } else if (ItemText.isWordChar(c) && (p == 0 || !ItemText.isWordChar(f.charAt(p - 1)))) {
                int e = p;
                while (e < n && ItemText.isWordChar(f.charAt(e)) && e - p < 12) {
                    e++;
                }
                String w = f.substring(p, e);
                candidate = Character.isDigit(c) || COMPARISON_STARTS.contains(w);
            } else {
                candidate = false;
            }
            if (!candidate || t.inHedge(p)) {
                continue;
            }
            int clauseEnd = t.clauseEnd(p);
            ComparisonText.Comparison cmp = ComparisonText.at(f, p, clauseEnd);
            if (cmp == null) {
                continue;
            }
            Finding age = age(t, cmp, p);
            if (age != null) {
                out.add(age);
                consumedUntil = age.end;
                Finding next = continuation(t, age, cmp);
                if (next != null) {
                    out.add(next);
                    consumedUntil = next.end;
                }
            } else {
                consumedUntil = Math.max(consumedUntil, p + 1);
            }
        }
    }

    private static Finding covering(List<Finding> findings, int p) {
        for (Finding x : findings) {
            if (p >= x.start && p < x.end) {
                return x;
            }
        }
        return null;
    }

    /**
     * The phrasings where the word "age" sits between the comparison and the number, which the comparison reader
     * does not take apart. Only whole years and months; not when a donor's, a relative's or an event's age is meant
     * ("heart condition before the age of 50" has no comparison word this reads).
     */
    private List<Finding> ageOfPhrases(ItemText t) {
        String f = t.folded;
        List<Finding> found = new java.util.ArrayList<>();
        java.util.regex.Matcher m = THE_AGE_OF.matcher(f);
        while (m.find()) {
            Operator op = switch (m.group(1)) {
                case "over", "above", "greater than", "more than", "older than" -> Operator.GT;
                case "under", "below", "less than", "younger than" -> Operator.LT;
                case "up to" -> Operator.LE;
                default -> Operator.GE;
            };
            double factor = m.group(3) != null && m.group(3).startsWith("month") ? 1 / 12.0 : 1;
            add(t, m.start(), m.end(), op, Integer.parseInt(m.group(2)) * factor, null, found);
        }
        m = BETWEEN_AGES.matcher(f);
        while (m.find()) {
            int lo = Integer.parseInt(m.group(1));
            int hi = Integer.parseInt(m.group(2));
            if (hi > lo) {
                add(t, m.start(), m.end(), Operator.BETWEEN, lo, (double) hi, found);
            }
        }
        return found;
    }

    private void add(ItemText t, int start, int end, Operator op, double value, Double high, List<Finding> found) {
        if (t.inHedge(start) || value <= 0 || value > 120 || high != null && high > 120) {
            return;
        }
        String f = t.folded;
        int clauseStart = t.clauseStart(start);
        String following = f.substring(end, Math.min(f.length(), end + 40)).stripLeading();
        int before = t.lastTokenEndingBefore(start);
        String previous = before >= 0 && t.tokenStart(before) >= clauseStart ? t.token(before) : "";
        if (NOT_AGE.contains(previous) || DONOR.matcher(t.slice(Math.max(clauseStart, start - 80), start)).find()
                || following.matches("(?s)^(?:at|on) (?:the )?(?:time of )?(?:diagnosis|onset)\\b.*")
                || following.matches("(?s)^(?:after|since|post|before|prior|ago|following)\\b.*")) {
            return;
        }
        Finding finding = new Finding(Kind.AGE, Finding.Reading.LIMIT, "age", start, end, 0.95);
        finding.compare(op, LabLimitRule.round(value), high == null ? null : LabLimitRule.round(high), "a");
        found.add(finding);
    }

    /** "Age < 20 or > 35 years", "over 14 years old, under 65 years old": a second bound right after the first. */
    private Finding continuation(ItemText t, Finding first, ComparisonText.Comparison firstComparison) {
        String f = t.folded;
        int clauseEnd = t.clauseEnd(first.start);
        int q = ComparisonText.skipSpaces(f, first.end, clauseEnd);
        if (q < clauseEnd && f.charAt(q) == ',') {
            q = ComparisonText.skipSpaces(f, q + 1, clauseEnd);
        }
        int len = 0;
        for (String w : new String[]{"and/or", "or", "and", "but"}) {
            len = ComparisonText.matchLength(f, q, clauseEnd, w);
            if (len > 0) {
                break;
            }
        }
        boolean afterComma = q > first.end && f.substring(first.end, q).contains(",");
        if (len == 0 && !afterComma || first.operator == Operator.BETWEEN) {
            return null;
        }
        int p = ComparisonText.skipSpaces(f, q + len, clauseEnd);
        ComparisonText.Comparison c = ComparisonText.at(f, p, clauseEnd);
        if (c == null || c.op() == null || c.op() == Operator.BETWEEN || c.op() == Operator.EQ
                || c.effectiveUnit() != null && c.effectiveUnit().type() != UnitText.Type.TIME
                || len == 0 && c.effectiveUnit() == null) {
            return null; // after a bare comma only "…, under 65 years" continues an age
        }
        double factor = yearsPer(c.effectiveUnit() != null ? c.effectiveUnit() : firstComparison.effectiveUnit());
        double v = c.value() * factor;
        if (factor < 0 || v <= 0 || v > 120) {
            return null;
        }
        int end = c.end();
        int r = ComparisonText.skipSpaces(f, end, clauseEnd);
        int old = Math.max(ComparisonText.matchLength(f, r, clauseEnd, "old"), ComparisonText.matchLength(f, r, clauseEnd, "of age"));
        Finding next = new Finding(Kind.AGE, Finding.Reading.LIMIT, "age", p, old > 0 ? r + old : end,
                Math.min(first.confidence, 0.9));
        next.compare(c.op(), LabLimitRule.round(v), null, "a");
        return next;
    }

    private static double yearsPer(UnitText.Match unit) {
        if (unit == null) {
            return 1;
        }
        if (unit.type() != UnitText.Type.TIME) {
            return -1;
        }
        return switch (unit.first()) {
            case "a" -> 1;
            case "mo" -> 1 / 12.0;
            case "wk" -> 7 / 365.25;
            case "d" -> 1 / 365.25;
            default -> -1;
        };
    }

    private Finding age(ItemText t, ComparisonText.Comparison c, int start) {
        String f = t.folded;
        UnitText.Match unit = c.effectiveUnit();
        double factor = yearsPer(unit);
        // "between 6 months and 5 years": each bound in its own unit
        double lowFactor = c.unit() != null ? yearsPer(c.unit()) : factor;
        if (factor < 0 || lowFactor < 0) {
            return null;
        }
        int clauseStart = t.clauseStart(start);
        int end = c.end();
        // what follows: "old", "of age", "or older"
        int q = ComparisonText.skipSpaces(f, end, f.length());
        int oldLen = Math.max(ComparisonText.matchLength(f, q, f.length(), "old"),
                Math.max(ComparisonText.matchLength(f, q, f.length(), "of age"),
                        Math.max(ComparisonText.matchLength(f, q, f.length(), "-old"),
                                ComparisonText.matchLength(f, q, f.length(), "yo"))));
        if (oldLen > 0) {
            end = q + oldLen;
            // "18 years old or older"
            int r = ComparisonText.skipSpaces(f, end, f.length());
            for (String suffix : new String[]{"or older", "and older", "or above", "and above", "or over", "and over"}) {
                int len = ComparisonText.matchLength(f, r, f.length(), suffix);
                if (len > 0 && c.op() == null) {
                    c = new ComparisonText.Comparison(Operator.GE, c.value(), null, c.unit(), c.highUnit(), c.start(),
                            r + len, c.values());
                    end = r + len;
                    break;
                }
            }
        }
        String unitText = unit == null ? "" : f.substring(unit.start(), unit.end());
        boolean saysAgeAfter = oldLen > 0 || unitText.endsWith("of age")
                || f.substring(c.start(), c.end()).contains("older") || f.substring(c.start(), c.end()).contains("younger")
                || f.startsWith("-old", unit == null ? c.end() : unit.end());
        // the words before the comparison, nearest first
        int lastBefore = t.lastTokenEndingBefore(c.start());
        boolean saysAgeBefore = false;
        int cueStart = start;
        boolean personBefore = false;
        boolean notAge = false;
        for (int k = lastBefore, seen = 0; k >= 0 && seen < 5 && t.tokenStart(k) >= clauseStart; k--, seen++) {
            String w = t.token(k);
            if (AGE_CUES.contains(w)) {
                // "age at diagnosis", "gestational age", "bone age"
                String prev = k > 0 ? t.token(k - 1) : "";
                String next = k + 1 < t.tokenCount() ? t.token(k + 1) : "";
                if (NOT_AGE.contains(prev) && !prev.equals("of") || next.equals("at") && k + 2 < t.tokenCount()
                        && (t.token(k + 2).startsWith("diagnos") || t.token(k + 2).equals("onset"))
                        || next.equals("of") && k + 2 < t.tokenCount() && t.token(k + 2).equals("onset")) {
                    notAge = true;
                }
                saysAgeBefore = true;
                cueStart = t.tokenStart(k);
                break;
            }
            if (PERSONS.contains(w) && seen <= 2) {
                personBefore = true;
                break;
            }
            if (NOT_AGE.contains(w)) {
                notAge = true;
                break;
            }
            if (w.equals("and") || w.equals("or") || w.equals("be") || w.equals("is") || w.equals("are")
                    || w.equals("must") || w.equals("should") || w.equals("between") || w.equals("range")
                    || w.equals("the") || w.equals("in") || w.equals("of") || w.equals("s") || w.equals("ranging")
                    || w.equals("from") || w.equals("was") || w.equals("were")) {
                continue;
            }
            break;
        }
        // "< 1 year after the onset of menopause", "age … at the time of diagnosis", "donor: > 18 years": not the patient's age
        String following = f.substring(end, Math.min(f.length(), end + 40)).stripLeading();
        if (notAge || following.matches("(?s)^(?:after|since|post|from|before|prior|ago|following)\\b.*")
                || following.matches("(?s)^(?:at|on) (?:the )?(?:time of )?(?:diagnosis|onset)\\b.*")
                || DONOR.matcher(t.slice(Math.max(clauseStart, c.start() - 80), c.start())).find()) {
            return null;
        }
        boolean saysAgeWord = saysAgeBefore || unitText.endsWith("of age") || f.startsWith("of age", q);
        if (saysAgeAfter && !saysAgeWord && !personBefore && !nothingBefore(t, c.start(), clauseStart)) {
            return null; // "ulcers older than 1 year", "lesion more than 4 weeks old": the age of something else
        }
        double confidence;
        if (saysAgeBefore || saysAgeAfter) {
            confidence = 0.95;
            if (unit == null && !saysAgeBefore) {
                return null;
            }
        } else if (personBefore && unit != null && unit.first().equals("a") && c.op() != null) {
            confidence = 0.85;
        } else if (unit != null && unit.first().equals("a") && c.op() != null && onlyThisInClause(t, c, clauseStart)) {
            confidence = 0.8; // an item that is just "≥ 18 years"
        } else {
            return null;
        }
        Operator op = c.op();
        Double value = c.value();
        Double high = c.high();
        if (op == null || op == Operator.BETWEEN && high == null || op == Operator.EQ) {
            return null;
        }
        double v = value * lowFactor;
        Double h = high == null ? null : high * factor;
        if (v < 0 || v > 120 || h != null && (h > 120 || h < v)) {
            return null;
        }
        Finding finding = new Finding(Kind.AGE, Finding.Reading.LIMIT, "age", Math.min(start, cueStart), end, confidence);
        finding.compare(op, LabLimitRule.round(v), h == null ? null : LabLimitRule.round(h), "a");
        return finding;
    }

    /** Nothing but an enumeration, punctuation or a verb before the value in its clause ("are under 19 years old"). */
    private static boolean nothingBefore(ItemText t, int pos, int clauseStart) {
        if (pos - clauseStart > 60) {
            return false;
        }
        String words = t.slice(clauseStart, pos).replaceAll("[^a-z]+", " ").strip();
        return words.length() <= 1 || words.matches("(?:(?:are|is|be|must|should|being|a|an)\\s?){1,3}");
    }

    private static boolean onlyThisInClause(ItemText t, ComparisonText.Comparison c, int clauseStart) {
        int clauseEnd = t.clauseEnd(c.start());
        if (clauseEnd - clauseStart > 200) {
            return false; // a long clause is never just an age; and it keeps this check bounded
        }
        String rest = (t.slice(clauseStart, c.start()) + " " + t.slice(c.end(), clauseEnd))
                .replaceAll("[^a-z]+", " ").strip();
        return rest.isEmpty() || rest.matches("(?:inclusive|included|at (?:the )?time of (?:consent|enrollment|screening))");
    }
}
