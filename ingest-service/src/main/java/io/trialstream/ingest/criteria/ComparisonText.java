package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Criterion.Operator;

import java.util.List;

/**
 * Reads a comparison written in words or symbols ("≤ 2.5 x ULN", "at least 70%", "between 18 and 75 years",
 * "0, 1 or 2", "18 years or older", "greater than three (3) months") from a position of the folded item text. A
 * hand-written scanner rather than one large regular expression: every step moves forward, so the cost is linear
 * in the length read, and each phrase is matched literally.
 */
final class ComparisonText {

    /** A number at [start, end). */
    record Num(double value, int start, int end) {
    }

    /**
     * A comparison at [start, end). {@code op} is null when no comparator was written ("ECOG 0" or "of 3 months"):
     * the caller decides what a bare value means. {@code values} lists every value of an enumeration ("0, 1 or 2").
     */
    record Comparison(Operator op, double value, Double high, UnitText.Match unit, UnitText.Match highUnit,
                      int start, int end, List<Double> values) {
        UnitText.Match effectiveUnit() {
            return highUnit != null ? highUnit : unit;
        }
    }

    private record Phrase(String text, Operator op) {
    }

    // Longest first: "less than or equal to" before "less than".
    private static final List<Phrase> PREFIXES = List.of(
            p("greater than or equal to", Operator.GE), p("greater than or equal", Operator.GE),
            p("greater or equal to", Operator.GE), p("greater or equal", Operator.GE),
            p("more than or equal to", Operator.GE), p("higher than or equal to", Operator.GE),
            p("equal to or greater than", Operator.GE), p("equal or greater than", Operator.GE),
            p("equal to or more than", Operator.GE), p("equal to or higher than", Operator.GE),
            p("equal to or above", Operator.GE), p("equal or more than", Operator.GE),
            p("less than or equal to", Operator.LE), p("less than or equal", Operator.LE),
            p("less or equal to", Operator.LE), p("less or equal", Operator.LE),
            p("lower than or equal to", Operator.LE), p("equal to or less than", Operator.LE),
            p("equal or less than", Operator.LE), p("equal to or lower than", Operator.LE),
            p("equal to or below", Operator.LE),
            p("not less than", Operator.GE), p("no less than", Operator.GE), p("not lower than", Operator.GE),
            p("no lower than", Operator.GE), p("not below", Operator.GE), p("no fewer than", Operator.GE),
            p("not fewer than", Operator.GE),
            p("no more than", Operator.LE), p("not more than", Operator.LE), p("no greater than", Operator.LE),
            p("not greater than", Operator.LE), p("not higher than", Operator.LE), p("no higher than", Operator.LE),
            p("not above", Operator.LE), p("not exceeding", Operator.LE), p("not to exceed", Operator.LE),
            p("not exceed", Operator.LE), p("does not exceed", Operator.LE), p("do not exceed", Operator.LE),
            p("of at least", Operator.GE), p("at least", Operator.GE), p("a minimum of", Operator.GE),
            p("minimum of", Operator.GE), p("at most", Operator.LE), p("a maximum of", Operator.LE),
            p("maximum of", Operator.LE), p("minimum", Operator.GE), p("maximum", Operator.LE), p("up to", Operator.LE), p("upto", Operator.LE),
            p("greater than", Operator.GT), p("more than", Operator.GT), p("higher than", Operator.GT),
            p("in excess of", Operator.GT), p("exceeding", Operator.GT), p("exceeds", Operator.GT),
            p("superior to", Operator.GT), p("above", Operator.GT), p("over", Operator.GT), p("older than", Operator.GT),
            p("less than", Operator.LT), p("lower than", Operator.LT), p("fewer than", Operator.LT),
            p("inferior to", Operator.LT), p("below", Operator.LT), p("under", Operator.LT), p("younger than", Operator.LT),
            p("> or = to", Operator.GE), p("< or = to", Operator.LE), p("> or equal to", Operator.GE),
            p("< or equal to", Operator.LE), p(">or=", Operator.GE), p("<or=", Operator.LE), p(">_", Operator.GE),
            p("<_", Operator.LE), p("=/>", Operator.GE), p("=/<", Operator.LE),
            p("≥=", Operator.GE), p(">/=", Operator.GE), p("> or =", Operator.GE), p(">=", Operator.GE), p("=>", Operator.GE),
            p("≥", Operator.GE), p("≤=", Operator.LE), p("</=", Operator.LE), p("< or =", Operator.LE), p("<=", Operator.LE),
            p("=<", Operator.LE), p("≤", Operator.LE), p(">", Operator.GT), p("<", Operator.LT),
            // careless forms seen in registries: "greater 150 mg/dL"
            p("greater", Operator.GT), p("less", Operator.LT));

    private static final List<Phrase> SUFFIXES = List.of(
            p("or more", Operator.GE), p("or greater", Operator.GE), p("or higher", Operator.GE),
            p("or above", Operator.GE), p("or over", Operator.GE), p("or better", Operator.GE),
            p("or older", Operator.GE), p("and older", Operator.GE), p("and above", Operator.GE),
            p("and over", Operator.GE), p("and greater", Operator.GE), p("and higher", Operator.GE),
            p("or longer", Operator.GE), p("or later", Operator.GE), p("at least", Operator.GE),
            p("minimum", Operator.GE), p("or less", Operator.LE), p("or lower", Operator.LE), p("or below", Operator.LE),
            p("or fewer", Operator.LE), p("or under", Operator.LE), p("or younger", Operator.LE),
            p("and below", Operator.LE), p("and under", Operator.LE), p("and younger", Operator.LE),
            p("and less", Operator.LE), p("or shorter", Operator.LE), p("maximum", Operator.LE), p("+", Operator.GE));

    private static final String[] SMALL = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen", "twenty"};
    private static final String[] TENS = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

    private static Phrase p(String text, Operator op) {
        return new Phrase(text, op);
    }

    /**
     * Reads "[comparator] number [unit] [(-|to|and) number [unit]] [suffix]" starting at {@code pos} after up to
     * {@code maxSkip} spaces. Returns null when no number follows.
     */
    static Comparison at(String f, int pos, int limit) {
        int lim = Math.min(limit, f.length());
        int p = skipSpaces(f, pos, lim);
        int start = p;
        Operator op = null;
        boolean between = false;
        boolean from = false;
        Phrase prefix = longestPrefix(f, p, lim);
        if (prefix != null) {
            op = prefix.op;
            p = skipSpaces(f, p + matchLength(f, p, lim, prefix.text), lim);
            // "≥ at least", "> or equal to" are noise around the same comparator
        } else if (startsWithWord(f, p, lim, "between")) {
            between = true;
            p = skipSpaces(f, p + 7, lim);
        } else if (startsWithWord(f, p, lim, "from")) {
            from = true;
            p = skipSpaces(f, p + 4, lim);
        }
        // "between the ages of 18 and 65", "over the age of 85 years"
        for (String w : new String[]{"the ages of", "the age of", "ages of", "age of", "ages", "age"}) {
            int len = matchLength(f, p, lim, w);
            if (len > 0 && (prefix != null || between || from)) {
                p = skipSpaces(f, p + len, lim);
                break;
            }
        }
        Num first = number(f, p, lim);
        if (first == null) {
            // "≤ ULN", "below the upper limit of normal": the multiple is one
            UnitText.Match uln = prefix != null ? UnitText.at(f, p, lim) : null;
            if (uln != null && uln.type() == UnitText.Type.ULN) {
                return new Comparison(op, 1.0, null, uln, null, start, uln.end(), List.of(1.0));
            }
            return null;
        }
        p = first.end;
        UnitText.Match unit = UnitText.at(f, p, lim);
        if (unit != null) {
            p = unit.end();
        }
        int end = p;
        Double high = null;
        UnitText.Match highUnit = null;
        List<Double> values = List.of(first.value);
        // a range or an enumeration
        int q = skipSpaces(f, p, lim);
        String connector = rangeConnector(f, q, lim, between || from);
        if (connector != null) {
            int r = skipSpaces(f, q + connector.length(), lim);
            if (r < lim && (f.charAt(r) == '<' || f.charAt(r) == '\u2264')) {
                r = skipSpaces(f, r + 1, lim); // "1 to < 6 years"
            }
            Num second = number(f, r, lim);
            if (second != null && second.value >= first.value) {
                high = second.value;
                r = second.end;
                highUnit = UnitText.at(f, r, lim);
                if (highUnit != null) {
                    r = highUnit.end();
                }
                end = r;
                op = op == null || between || from ? Operator.BETWEEN : op;
                values = List.of(first.value, second.value);
            }
        } else if (op == null) {
            // "0, 1 or 2", "0 or 1", "0, 1, 2"
            Enumeration list = enumeration(f, first, lim);
            if (list != null) {
                values = list.values;
                end = list.end;
            }
        }
        if (between && high == null) {
            return null;
        }
        if (op == null || op == Operator.BETWEEN && high == null) {
            int s = skipSpaces(f, end, lim);
            // "3 months or more"; "18 years or older"; "18+"
            Phrase suffix = longestSuffix(f, s, lim);
            if (suffix != null && values.size() == 1) {
                op = suffix.op;
                end = s + matchLength(f, s, lim, suffix.text);
            }
        }
        return new Comparison(op, first.value, high, unit, highUnit, start, end, values);
    }

    private record Enumeration(List<Double> values, int end) {
    }

    private static Enumeration enumeration(String f, Num first, int lim) {
        java.util.ArrayList<Double> list = new java.util.ArrayList<>();
        list.add(first.value);
        int p = first.end;
        int end = p;
        for (int guard = 0; guard < 8; guard++) {
            int q = skipSpaces(f, p, lim);
            int next = -1;
            if (q < lim && f.charAt(q) == ',') {
                next = skipSpaces(f, q + 1, lim);
                if (startsWithWord(f, next, lim, "or")) {
                    next = skipSpaces(f, next + 2, lim);
                } else if (startsWithWord(f, next, lim, "and")) {
                    next = skipSpaces(f, next + 3, lim);
                }
            } else if (startsWithWord(f, q, lim, "or")) {
                next = skipSpaces(f, q + 2, lim);
            }
            if (next < 0) {
                break;
            }
            Num n = number(f, next, lim);
            if (n == null || n.end - n.start > 3) {
                break;
            }
            list.add(n.value);
            p = n.end;
            end = p;
        }
        if (list.size() < 2) {
            return null;
        }
        return new Enumeration(List.copyOf(list), end);
    }

    private static String rangeConnector(String f, int q, int lim, boolean afterBetween) {
        if (q >= lim) {
            return null;
        }
        if (afterBetween) {
            if (startsWithWord(f, q, lim, "and")) {
                return "and";
            }
        }
        if (startsWithWord(f, q, lim, "to")) {
            return "to";
        }
        if (startsWithWord(f, q, lim, "through")) {
            return "through";
        }
        char c = f.charAt(q);
        if (c == '-' || c == '~') {
            // "0-2", "18 - 75"; not "- 5" as a bullet of the next item (a number must follow right away)
            return String.valueOf(c);
        }
        if (afterBetween && startsWithWord(f, q, lim, "&")) {
            return "&";
        }
        return null;
    }

    /** A number (digits with "," thousands or decimal comma, or a small number in words) at p, or null. */
    static Num number(String f, int p, int lim) {
        if (p >= lim) {
            return null;
        }
        char c = f.charAt(p);
        if (c >= '0' && c <= '9' || c == '.' && p + 1 < lim && isDigit(f.charAt(p + 1))) {
            if (p > 0 && (isDigit(f.charAt(p - 1)) || Character.isLetter(f.charAt(p - 1)))) {
                return null; // inside a token such as "hba1c", "cd34", "t790m"
            }
            int i = p;
            StringBuilder digits = new StringBuilder();
            int intDigits = 0;
            while (i < lim && isDigit(f.charAt(i)) && intDigits < 9) {
                digits.append(f.charAt(i));
                i++;
                intDigits++;
            }
            // thousands groups "1,500" / "100,000"
            boolean leadingZero = intDigits == 1 && digits.charAt(0) == '0';
            for (int groups = 0; groups < 3 && intDigits > 0 && intDigits <= 3 && !leadingZero && i < lim
                    && f.charAt(i) == ',' && groupOfThree(f, i + 1, lim); groups++) {
                digits.append(f, i + 1, i + 4);
                i += 4;
            }
            if (i + 1 < lim && (f.charAt(i) == '.' || f.charAt(i) == ',') && isDigit(f.charAt(i + 1))) {
                int j = i + 1;
                StringBuilder frac = new StringBuilder();
                while (j < lim && isDigit(f.charAt(j)) && frac.length() < 6) {
                    frac.append(f.charAt(j));
                    j++;
                }
                if (j < lim && isDigit(f.charAt(j))) {
                    return null;
                }
                if (f.charAt(i) == '.' || frac.length() <= 2) {
                    digits.append('.').append(frac);
                    i = j;
                }
            }
            if (i < lim && (isDigit(f.charAt(i)) || Character.isLetter(f.charAt(i)) && !unitLetterFollows(f, i, lim))) {
                return null; // "12a", "1st", "3rd", "5q" are not quantities
            }
            if (digits.isEmpty() || digits.charAt(0) == '.') {
                digits.insert(0, '0');
            }
            return new Num(Double.parseDouble(digits.toString()), p, i);
        }
        return wordNumber(f, p, lim);
    }

    private static boolean unitLetterFollows(String f, int i, int lim) {
        // "70%" handled by the caller; "2.5x", "10mg", "18yrs", "1.5uln" are number + unit written together
        return UnitText.at(f, i, lim) != null || f.charAt(i) == 'x' || f.charAt(i) == 'k' || f.charAt(i) == 'g';
    }

    private static boolean groupOfThree(String f, int i, int lim) {
        if (i + 3 > lim) {
            return false;
        }
        for (int k = i; k < i + 3; k++) {
            if (!isDigit(f.charAt(k))) {
                return false;
            }
        }
        return i + 3 >= lim || !isDigit(f.charAt(i + 3));
    }

    private static Num wordNumber(String f, int p, int lim) {
        if (p > 0 && ItemText.isWordChar(f.charAt(p - 1))) {
            return null;
        }
        double value = -1;
        int end = -1;
        for (int t = 0; t < TENS.length; t++) {
            if (startsWithWord(f, p, lim, TENS[t])) {
                value = 30 + 10 * t;
                end = p + TENS[t].length();
            }
        }
        for (int k = SMALL.length - 1; k >= 0 && value < 0; k--) {
            if (startsWithWord(f, p, lim, SMALL[k])) {
                value = k;
                end = p + SMALL[k].length();
            }
        }
        if (value < 0) {
            return null;
        }
        // "three (3)": the digits in brackets restate the word
        int q = skipSpaces(f, end, lim);
        if (q < lim && f.charAt(q) == '(') {
            Num inner = number(f, skipSpaces(f, q + 1, lim), lim);
            if (inner != null) {
                int r = skipSpaces(f, inner.end, lim);
                if (r < lim && f.charAt(r) == ')') {
                    return new Num(inner.value, p, r + 1);
                }
            }
        }
        return new Num(value, p, end);
    }

    private static Phrase longestPrefix(String f, int p, int lim) {
        for (Phrase ph : PREFIXES) {
            if (matchLength(f, p, lim, ph.text) > 0) {
                return ph;
            }
        }
        return null;
    }

    private static Phrase longestSuffix(String f, int p, int lim) {
        for (Phrase ph : SUFFIXES) {
            if (matchLength(f, p, lim, ph.text) > 0) {
                return ph;
            }
        }
        return null;
    }

    /**
     * Length of the text matching {@code phrase} at p (a space in the phrase matches 1–3 spaces), or 0. Word phrases
     * must end at a word boundary.
     */
    static int matchLength(String f, int p, int lim, String phrase) {
        int i = p;
        for (int k = 0; k < phrase.length(); k++) {
            char want = phrase.charAt(k);
            if (want == ' ') {
                int spaces = 0;
                while (i < lim && f.charAt(i) == ' ' && spaces < 3) {
                    i++;
                    spaces++;
                }
                if (spaces == 0) {
                    return 0;
                }
            } else {
                if (i >= lim || f.charAt(i) != want) {
                    return 0;
                }
                i++;
            }
        }
        char last = phrase.charAt(phrase.length() - 1);
        if (Character.isLetter(last) && i < lim && ItemText.isWordChar(f.charAt(i))) {
            return 0;
        }
        if (Character.isLetter(phrase.charAt(0)) && p > 0 && ItemText.isWordChar(f.charAt(p - 1))) {
            return 0;
        }
        return i - p;
    }

    static boolean startsWithWord(String f, int p, int lim, String word) {
        return matchLength(f, p, lim, word) > 0;
    }

    static int skipSpaces(String f, int p, int lim) {
        int i = p;
        while (i < lim && f.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private ComparisonText() {
    }
}
