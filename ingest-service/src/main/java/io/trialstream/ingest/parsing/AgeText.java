package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Eligibility.AgeBound;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Normalises an age as registries state it ("18 Years", "6 Months", "N/A") to a bound in years. */
public final class AgeText {
    private static final Pattern AGE = Pattern.compile("^\\s*(\\d{1,3}(?:\\.\\d{1,2})?)\\s*(years?|months?|weeks?|days?|hours?|minutes?)?\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** @return the bound, or null when the text states no limit ("N/A", blank) or is not an age */
    public static AgeBound toBound(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = AGE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "years" : m.group(2).toLowerCase(Locale.ROOT);
        double years;
        if (unit.startsWith("year")) {
            years = amount;
        } else if (unit.startsWith("month")) {
            years = amount / 12.0;
        } else if (unit.startsWith("week")) {
            years = amount * 7.0 / 365.25;
        } else if (unit.startsWith("day")) {
            years = amount / 365.25;
        } else if (unit.startsWith("hour")) {
            years = amount / (24 * 365.25);
        } else {
            years = amount / (60 * 24 * 365.25);
        }
        return new AgeBound(years, true);
    }

    private AgeText() {
    }
}
