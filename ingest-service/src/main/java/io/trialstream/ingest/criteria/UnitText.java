package io.trialstream.ingest.criteria;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the unit written after a number in an eligibility item and names it in UCUM. A written unit can stand for
 * more than one UCUM unit ("G/L" is giga-cells per litre for platelets but grams per litre for haemoglobin), so a
 * match carries every candidate and the analyte keeps the one commensurable with its own unit. Every pattern is
 * anchored at the number's end, looks at most 60 characters ahead and uses bounded quantifiers only.
 */
final class UnitText {

    enum Type { ULN, AMOUNT, TIME, PERCENT }

    /** A unit found at [start, end) of the folded text. */
    record Match(Type type, List<String> ucum, int start, int end) {
        String first() {
            return ucum.get(0);
        }
    }

    private record Rule(Pattern pattern, Type type, List<String> ucum) {
    }

    private static final String S = "\\s{0,2}";
    private static final String VOLUME_MM3 = "(?:mm" + S + "(?:\\^" + S + ")?3|mm" + S + "cu|cu\\.?" + S + "mm|cmm|mcl|ul|microlit(?:er|re)s?|microl)";

    // First match wins: longer and more specific forms first.
    private static final List<Rule> RULES = List.of(
            // multiples of the upper limit of normal
            rule("(?:x|times|fold|-fold)?" + S + "(?:of" + S + ")?(?:the" + S + ")?(?:institutional|institution's|local|laboratory|lab|site)?" + S
                    + "(?:uln|iuln|unl|upper" + S + "limits?" + S + "(?:of" + S + ")?(?:the" + S + ")?(?:institutional" + S + ")?normal(?:" + S + "range)?"
                    + "|upper" + S + "normal" + S + "limits?|upper" + S + "limits?" + S + "of" + S + "normal" + S + "values?)",
                    Type.ULN),
            // counts with a power of ten: "x 10^9/L", "x10e9/l", "x 10(9)/L", "x 109/L" (a lost superscript)
            rule("(?:x|\\*)" + S + "10" + S + "(?:\\^|e|\\*{1,2})?" + S + "\\(?" + S + "9" + S + "\\)?" + S + "(?:cells" + S + ")?(?:/|per)" + S + "l\\b", Type.AMOUNT, "10*9/L"),
            rule("(?:x|\\*)" + S + "10" + S + "(?:\\^|e|\\*{1,2})?" + S + "\\(?" + S + "3" + S + "\\)?" + S + "(?:cells" + S + ")?(?:/|per)" + S + VOLUME_MM3, Type.AMOUNT, "10*3/uL"),
            rule("(?:x|\\*)" + S + "10" + S + "(?:\\^|e|\\*{1,2})?" + S + "\\(?" + S + "6" + S + "\\)?" + S + "(?:cells" + S + ")?(?:/|per)" + S + "l\\b", Type.AMOUNT, "10*6/L"),
            rule("(?:x|\\*)" + S + "10" + S + "(?:\\^|e|\\*{1,2})?" + S + "\\(?" + S + "6" + S + "\\)?" + S + "(?:cells" + S + ")?(?:/|per)" + S + VOLUME_MM3, Type.AMOUNT, "10*6/uL"),
            rule("(?:x|\\*)" + S + "10" + S + "(?:\\^|e|\\*{1,2})?" + S + "\\(?" + S + "12" + S + "\\)?" + S + "(?:cells" + S + ")?(?:/|per)" + S + "l\\b", Type.AMOUNT, "10*12/L"),
            rule("10" + S + "(?:\\^|e|\\*{1,2})" + S + "9" + S + "(?:/|per)" + S + "l\\b", Type.AMOUNT, "10*9/L"),
            rule("109" + S + "/" + S + "l\\b", Type.AMOUNT, "10*9/L"),
            rule("10" + S + "(?:\\^|e|\\*{1,2})" + S + "3" + S + "(?:/|per)" + S + VOLUME_MM3, Type.AMOUNT, "10*3/uL"),
            rule("(?:k|thousand)" + S + "(?:cells" + S + ")?(?:/|per)" + S + VOLUME_MM3, Type.AMOUNT, "10*3/uL"),
            rule("(?:g|giga)" + S + "/" + S + "l\\b", Type.AMOUNT, "g/L", "10*9/L"),
            rule("(?:cells|cell)?" + S + "(?:/|per)?" + S + VOLUME_MM3, Type.AMOUNT, "/uL"),
            // renal function
            rule("ml" + S + "/" + S + "min(?:ute)?s?" + S + "(?:/|per)" + S + "1[.,]73" + S + "(?:m" + S + "(?:\\^" + S + ")?2|m2|sq\\.?" + S + "m|square" + S + "met(?:er|re)s?)"
                    + "(?:" + S + "(?:bsa|body surface area))?", Type.AMOUNT, "mL/min/{1.73_m2}"),
            rule("ml" + S + "/" + S + "min(?:ute)?s?" + S + "/" + S + "(?:1[.,]73)?" + S + "(?:bsa|body surface area)", Type.AMOUNT, "mL/min/{1.73_m2}"),
            rule("(?:ml|cc)" + S + "(?:/|per)" + S + "min(?:ute)?s?\\b", Type.AMOUNT, "mL/min"),
            rule("ml" + S + "/" + S + "s(?:ec)?\\b", Type.AMOUNT, "mL/s"),
            // concentrations
            rule("mg" + S + "(?:/|per)" + S + "dl\\b", Type.AMOUNT, "mg/dL"),
            rule("mg" + S + "%", Type.AMOUNT, "mg/dL"),
            rule("mg" + S + "(?:/|per)" + S + "l\\b", Type.AMOUNT, "mg/L"),
            rule("mg" + S + "(?:/|per)" + S + "ml\\b", Type.AMOUNT, "mg/mL"),
            rule("g" + S + "(?:/|per)" + S + "dl\\b", Type.AMOUNT, "g/dL"),
            rule("g" + S + "%", Type.AMOUNT, "g/dL"),
            rule("g" + S + "per" + S + "l\\b", Type.AMOUNT, "g/L"),
            rule("(?:umol|micromol(?:es)?|mcmol|umoles)" + S + "(?:/|per)" + S + "(?:l|liter|litre)\\b", Type.AMOUNT, "umol/L"),
            rule("mmol" + S + "(?:/|per)" + S + "mol\\b", Type.AMOUNT, "mmol/mol"),
            rule("mmol" + S + "(?:/|per)" + S + "l\\b", Type.AMOUNT, "mmol/L"),
            rule("meq" + S + "(?:/|per)" + S + "l\\b", Type.AMOUNT, "meq/L"),
            rule("(?:um|umol)\\b", Type.AMOUNT, "umol/L"),
            rule("mm\\b(?!" + S + "(?:\\^|3|hg|cu))", Type.AMOUNT, "mmol/L"),
            rule("ng" + S + "(?:/|per)" + S + "ml\\b", Type.AMOUNT, "ng/mL"),
            rule("ng" + S + "(?:/|per)" + S + "dl\\b", Type.AMOUNT, "ng/dL"),
            rule("(?:ug|mcg)" + S + "(?:/|per)" + S + "l\\b", Type.AMOUNT, "ug/L"),
            rule("pg" + S + "(?:/|per)" + S + "ml\\b", Type.AMOUNT, "pg/mL"),
            rule("(?:iu|u|units?|international" + S + "units?)" + S + "(?:/|per)" + S + "(?:l|liter|litre)\\b", Type.AMOUNT, "U/L"),
            rule("(?:g|grams?)" + S + "(?:/|per)" + S + "(?:l|liter|litre)\\b", Type.AMOUNT, "g/L", "10*9/L"),
            // other
            rule("(?:%|percent\\b|per" + S + "cent\\b|pct\\b)", Type.PERCENT, "%"),
            rule("(?:msec|ms|milliseconds?)\\b", Type.AMOUNT, "ms"),
            rule("(?:seconds?|secs?|s)\\b", Type.AMOUNT, "s"),
            rule("(?:years?|yrs?|y)(?:" + S + "of" + S + "age)?\\b", Type.TIME, "a"),
            rule("(?:months?|mos?|mths?)\\b", Type.TIME, "mo"),
            rule("(?:weeks?|wks?)\\b", Type.TIME, "wk"),
            rule("(?:days?|d)\\b", Type.TIME, "d"),
            rule("(?:hours?|hrs?|h)\\b", Type.TIME, "h"));

    private static Rule rule(String regex, Type type, String... ucum) {
        return new Rule(Pattern.compile(regex), type, List.of(ucum));
    }

    /** The unit starting at {@code pos} (after at most two spaces), or null. */
    static Match at(String folded, int pos, int limit) {
        int p = pos;
        int lim = Math.min(limit, folded.length());
        while (p < lim && p - pos < 2 && folded.charAt(p) == ' ') {
            p++;
        }
        if (p >= lim) {
            return null;
        }
        int end = Math.min(lim, p + 60);
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(folded).region(p, end);
            if (m.lookingAt() && m.end() > p) {
                int stop = m.end();
                // "x ULN" must not be the bare letter x of something else
                return new Match(r.type, r.ucum, p, stop);
            }
        }
        return null;
    }

    private UnitText() {
    }
}
