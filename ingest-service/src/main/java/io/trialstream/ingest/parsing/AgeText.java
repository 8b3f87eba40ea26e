package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Eligibility.AgeBound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ages as documents state them, normalised to inclusive bounds in years.
 *
 * <p><b>Bound convention.</b> Bounds are inclusive and are meant to be compared with the patient's age in completed
 * units, which is how matching-service evaluates them (a patient of 65 years and 11 months is 65). Under that
 * reading:
 * <ul>
 *   <li>"18 Years", "at least 18", "18 or older", "≥ 18" → minimum 18;</li>
 *   <li>"older than 18", "over 18", "more than 18", "&gt; 18" → minimum <b>18</b>: everybody who has completed 18
 *       years is older than 18 except on the day of the 18th birthday itself, and excluding every 18-year-old
 *       (minimum 19) would be the larger error;</li>
 *   <li>"up to 65", "65 or younger", "≤ 65" → maximum 65;</li>
 *   <li>"under 65", "younger than 65", "less than 65", "&lt; 65" → maximum <b>64</b>: a completed age below 65 is
 *       at most 64 (one unit less for months, weeks or days);</li>
 *   <li>"18 to 65", "18-65 years", "between 18 and 65" → 18 to 65.</li>
 * </ul>
 * The stated text is kept beside the bounds, so a reader who needs the strict reading still has it.
 */
public final class AgeText {

    /** What a text says about age: each side as stated plus its inclusive bound; a side not stated is null. */
    public record Statement(String minimumText, AgeBound minimum, String maximumText, AgeBound maximum,
                            boolean onlyAge) {
    }

    private static final Pattern REGISTRY_AGE = Pattern.compile(
            "^\\s*(\\d{1,3}(?:\\.\\d{1,2})?)\\s*(years?|months?|weeks?|days?|hours?|minutes?)?\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** Registry form ("18 Years", "6 Months", "N/A"). @return the bound, or null when no limit is stated */
    public static AgeBound toBound(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = REGISTRY_AGE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        double amount = Double.parseDouble(m.group(1));
        Unit unit = m.group(2) == null ? Unit.YEAR : Unit.of(m.group(2).transform(TextCase::lower));
        return new AgeBound(unit.years(amount), true);
    }

    /**
     * Reads an age statement in prose: "Be older than 18 years old", "Over 14 years old, under 65 years old.",
     * "Age ≥ 18 years", "18 - 75 years", "aged between 18 and 65". Without {@code ageImplied} the text must talk about
     * age ("age", "aged", "old", "older", "younger", "adult"), so that "at least 2 years after menopause" is not an
     * age. {@link Statement#onlyAge()} says the text states nothing but the age (every number in it is an age), which
     * is when a page's criterion item may stand in for a missing structured age field.
     *
     * @return the statement, or null when the text states no age bound
     */
    public static Statement statement(String text, boolean ageImplied) {
        if (text == null || text.isBlank() || text.length() > 1000) {
            return null;
        }
        List<Tok> toks = tokenize(text);
        if (!ageImplied && toks.stream().noneMatch(t -> AGE_WORDS.contains(t.text))) {
            return null;
        }
        String minText = null;
        String maxText = null;
        AgeBound min = null;
        AgeBound max = null;
        int numbers = 0;
        int consumed = 0;
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.kind != Kind.NUM) {
                continue;
            }
            numbers++;
            double amount = Double.parseDouble(t.text);
            int afterUnit = i + 1;
            Unit unit = Unit.at(toks, afterUnit);
            if (unit != null) {
                afterUnit++;
            }
            // range: N (unit)? (-|–|to|and) M unit?
            if (afterUnit + 1 < toks.size() && isRangeJoin(toks.get(afterUnit), toks, i)
                    && toks.get(afterUnit + 1).kind == Kind.NUM) {
                int j = afterUnit + 1;
                double high = Double.parseDouble(toks.get(j).text);
                Unit highUnit = Unit.at(toks, j + 1);
                Unit u = unit != null ? unit : highUnit != null ? highUnit : Unit.YEAR;
                int end = highUnit != null ? j + 2 : j + 1;
                end = skipOld(toks, end);
                int start = rangeStart(toks, i);
                boolean anchored = unit != null || highUnit != null || ageImplied || anchoredBy(toks, start - 1, start);
                if (high > amount && plausible(u, high) && anchored) {
                    String stated = text.substring(toks.get(start).start, toks.get(end - 1).end);
                    min = new AgeBound(u.years(amount), true);
                    minText = stated;
                    max = new AgeBound(highUnit != null ? highUnit.years(high) : u.years(high), true);
                    maxText = stated;
                    numbers++;
                    consumed += 2;
                    i = end - 1;
                    continue;
                }
            }
            Unit u = unit != null ? unit : Unit.YEAR;
            if (!plausible(u, amount)) {
                continue;
            }
            int end = skipOld(toks, afterUnit);
            Cmp left = leftComparator(toks, i);
            Cmp right = Cmp.NONE;
            int rightEnd = end;
            if (i + 1 < toks.size() && toks.get(i + 1).text.equals("+")) {
                // "18+" and "18+ years"
                right = Cmp.GE;
                Unit plusUnit = Unit.at(toks, i + 2);
                if (plusUnit != null) {
                    unit = plusUnit;
                    u = plusUnit;
                }
                rightEnd = plusUnit != null ? skipOld(toks, i + 3) : i + 2;
            } else {
                Object[] r = rightQualifier(toks, end);
                if (r != null) {
                    right = (Cmp) r[0];
                    rightEnd = skipOld(toks, (Integer) r[1]);
                }
            }
            Cmp cmp = left != Cmp.NONE ? left : right;
            if (cmp == Cmp.NONE) {
                continue;
            }
            int start = left != Cmp.NONE ? leftStart(toks, i) : i;
            int stop = left != Cmp.NONE ? end : rightEnd;
            // "ECOG ≤ 2" in an item that also states an age is no age: the number needs a unit or an age word
            if (unit == null && !ageImplied && !anchoredBy(toks, start - 1, stop)) {
                continue;
            }
            String stated = text.substring(toks.get(start).start, toks.get(stop - 1).end);
            consumed++;
            switch (cmp) {
                case GE, GT -> {
                    min = new AgeBound(u.years(amount), true);
                    minText = stated;
                }
                case LE -> {
                    max = new AgeBound(u.years(amount), true);
                    maxText = stated;
                }
                case LT -> {
                    max = new AgeBound(u.years(Math.max(0, Math.ceil(amount) - 1)), true);
                    maxText = stated;
                }
                default -> {
                }
            }
            i = stop - 1;
        }
        if (min == null && max == null) {
            return null;
        }
        long words = toks.stream().filter(x -> x.kind == Kind.WORD).count();
        // "Children under 12 are excluded" states an age but not the trial's bound: negations disqualify the item
        boolean negated = false;
        for (int k = 0; k < toks.size(); k++) {
            String w = toks.get(k).text;
            // "no older than 65" is a comparator, not a negation
            boolean comparator = (w.equals("no") || w.equals("not"))
                    && Set.of("older", "younger", "more", "less", "greater").contains(word(toks, k + 1));
            negated |= NEGATIONS.contains(w) && !comparator;
        }
        boolean onlyAge = consumed == numbers && words <= 20 && !negated;
        return new Statement(minText, min, maxText, max, onlyAge);
    }

    // ---- tokens ----

    private enum Kind { WORD, NUM, SYM }

    private record Tok(Kind kind, String text, int start, int end) {
    }

    private enum Cmp { NONE, GE, GT, LE, LT }

    private static final Set<String> NEGATIONS = Set.of("not", "no", "excluded", "exclude", "except", "unless",
            "without", "ineligible");
    private static final Set<String> AGE_WORDS = Set.of("age", "aged", "ages", "old", "older", "younger", "adult",
            "adults", "child", "children", "yo", "y/o");

    /** Only ASCII digits make a number token: Double.parseDouble reads no other script's digits ("١٨", "１８"). */
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static List<Tok> tokenize(String text) {
        List<Tok> out = new ArrayList<>();
        // lower-cased char by char: String.toLowerCase can change the length ("İ" → "i̇"), and token offsets are
        // offsets into the original text
        char[] chars = text.toCharArray();
        for (int k = 0; k < chars.length; k++) {
            chars[k] = Character.toLowerCase(chars[k]);
        }
        String lower = new String(chars);
        int i = 0;
        int n = lower.length();
        while (i < n) {
            char c = lower.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isAsciiDigit(c)) {
                int s = i;
                while (i < n && isAsciiDigit(lower.charAt(i))) {
                    i++;
                }
                if (i + 1 < n && lower.charAt(i) == '.' && isAsciiDigit(lower.charAt(i + 1))) {
                    i++;
                    while (i < n && isAsciiDigit(lower.charAt(i))) {
                        i++;
                    }
                }
                out.add(new Tok(Kind.NUM, lower.substring(s, i), s, i));
            } else if (Character.isLetter(c)) {
                int s = i;
                while (i < n && (Character.isLetter(lower.charAt(i)) || lower.charAt(i) == '/'
                        && i + 1 < n && Character.isLetter(lower.charAt(i + 1)) && i - s == 1)) {
                    i++;
                }
                out.add(new Tok(Kind.WORD, lower.substring(s, i), s, i));
            } else {
                // two-character comparators are one token
                if (i + 1 < n && (c == '>' || c == '<' || c == '=') && (lower.charAt(i + 1) == '=' || lower.charAt(i + 1) == '>')) {
                    out.add(new Tok(Kind.SYM, lower.substring(i, i + 2), i, i + 2));
                    i += 2;
                } else {
                    out.add(new Tok(Kind.SYM, String.valueOf(c), i, i + 1));
                    i++;
                }
            }
        }
        return out;
    }

    /** An age word among the tokens from {@code from} (inclusive) to {@code to} (exclusive). */
    private static boolean anchoredBy(List<Tok> toks, int from, int to) {
        for (int k = Math.max(0, from); k < Math.min(to, toks.size()); k++) {
            if (AGE_WORDS.contains(toks.get(k).text)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRangeJoin(Tok t, List<Tok> toks, int numberIndex) {
        return switch (t.text) {
            case "-", "–", "—", "to" -> true;
            // "and" joins a range only after "between": "between 18 and 65"
            case "and" -> numberIndex > 0 && toks.get(numberIndex - 1).text.equals("between");
            default -> false;
        };
    }

    private static int rangeStart(List<Tok> toks, int i) {
        if (i > 0 && (toks.get(i - 1).text.equals("between") || toks.get(i - 1).text.equals("from"))) {
            return i - 1;
        }
        return i;
    }

    private static int skipOld(List<Tok> toks, int i) {
        // "years old", "years of age", "year-old"
        if (i < toks.size() && toks.get(i).text.equals("-") && i + 1 < toks.size() && toks.get(i + 1).text.equals("old")) {
            return i + 2;
        }
        if (i < toks.size() && toks.get(i).text.equals("old")) {
            return i + 1;
        }
        if (i + 1 < toks.size() && toks.get(i).text.equals("of") && toks.get(i + 1).text.equals("age")) {
            return i + 2;
        }
        return i;
    }

    private static boolean plausible(Unit u, double amount) {
        return amount >= 0 && u.years(amount) <= 130;
    }

    private static final Set<String> FILLER = Set.of("age", "aged", "of", "is", "be", ":", "must");

    /** Where the comparator before the number ends: "minimum age of 18" looks past "age of". */
    private static int comparatorEnd(List<Tok> toks, int i) {
        int p = i - 1;
        while (p >= 0 && i - p <= 3 && FILLER.contains(toks.get(p).text)) {
            p--;
        }
        return p;
    }

    /** The comparator written before the number, looking back over a few words only. */
    private static Cmp leftComparator(List<Tok> toks, int i) {
        int p = comparatorEnd(toks, i);
        String w1 = word(toks, p);
        String w2 = word(toks, p - 1);
        String w3 = word(toks, p - 2);
        return switch (w1) {
            case "≥", ">=", "=>" -> Cmp.GE;
            case ">", "over", "above", "exceeding" -> Cmp.GT;
            case "≤", "<=", "=<" -> Cmp.LE;
            case "<", "under", "below" -> Cmp.LT;
            case "than" -> switch (w2) {
                case "older", "more", "greater" -> w3.equals("no") || w3.equals("not") ? Cmp.LE : Cmp.GT;
                case "younger", "less" -> w3.equals("no") || w3.equals("not") ? Cmp.GE : Cmp.LT;
                default -> Cmp.NONE;
            };
            case "least" -> w2.equals("at") ? Cmp.GE : Cmp.NONE;
            case "most" -> w2.equals("at") ? Cmp.LE : Cmp.NONE;
            case "to" -> w2.equals("up") ? Cmp.LE : Cmp.NONE;
            case "minimum", "min", "from" -> Cmp.GE;
            case "maximum", "max" -> Cmp.LE;
            default -> Cmp.NONE;
        };
    }

    private static int leftStart(List<Tok> toks, int i) {
        int p = comparatorEnd(toks, i);
        String w1 = word(toks, p);
        if (w1.equals("than")) {
            String w3 = word(toks, p - 2);
            return p - 1 - (w3.equals("no") || w3.equals("not") ? 1 : 0);
        }
        if (w1.equals("least") || w1.equals("most") || w1.equals("to")) {
            return p - 1;
        }
        return p;
    }

    /** "or older", "and over", "or younger", "or less" after the number (and unit). @return {cmp, end} or null */
    private static Object[] rightQualifier(List<Tok> toks, int i) {
        String a = word(toks, i);
        String b = word(toks, i + 1);
        if (!a.equals("or") && !a.equals("and")) {
            return null;
        }
        return switch (b) {
            case "older", "over", "above", "more", "greater" -> new Object[]{Cmp.GE, i + 2};
            case "younger", "less", "under", "below", "lower" -> new Object[]{Cmp.LE, i + 2};
            default -> null;
        };
    }

    private static String word(List<Tok> toks, int i) {
        return i >= 0 && i < toks.size() ? toks.get(i).text : "";
    }

    private enum Unit {
        YEAR(1.0), MONTH(1.0 / 12.0), WEEK(7.0 / 365.25), DAY(1.0 / 365.25), HOUR(1.0 / (24 * 365.25)),
        MINUTE(1.0 / (60 * 24 * 365.25));

        private final double inYears;

        Unit(double inYears) {
            this.inYears = inYears;
        }

        double years(double amount) {
            return this == YEAR ? amount : amount * inYears;
        }

        static Unit of(String word) {
            if (word.startsWith("year") || word.equals("yr") || word.equals("yrs") || word.equals("y")) {
                return YEAR;
            }
            if (word.startsWith("month") || word.equals("mo") || word.equals("mos")) {
                return MONTH;
            }
            if (word.startsWith("week") || word.equals("wk") || word.equals("wks")) {
                return WEEK;
            }
            if (word.startsWith("day")) {
                return DAY;
            }
            if (word.startsWith("hour")) {
                return HOUR;
            }
            if (word.startsWith("minute")) {
                return MINUTE;
            }
            return null;
        }

        static Unit at(List<Tok> toks, int i) {
            return i < toks.size() && toks.get(i).kind == Kind.WORD ? of(toks.get(i).text) : null;
        }
    }

    private AgeText() {
    }
}
