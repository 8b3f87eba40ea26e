package io.trialstream.ingest.parsing;

import io.trialstream.contracts.TrialRecord.PartialDate;
import io.trialstream.contracts.TrialRecord.PartialDate.Precision;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A date with the precision the document stated: "March 2021" is a month, not the first of March. Reads the legacy
 * XML forms ("March 15, 2021", "March 2021"), ISO forms ("2021-03-15", "2021-03", "2021") and the forms trial-finder
 * pages print ("15 March 2021", "Mar 2021", "September 29th 2020").
 */
public final class StatedDate {
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    /** @return the date, or null when the text is not a date */
    public static PartialDate parse(String text) {
        if (text == null || text.isBlank() || text.length() > 40) {
            return null;
        }
        String t = text.trim();
        PartialDate iso = iso(t);
        if (iso != null) {
            return iso;
        }
        Integer year = null;
        Integer month = null;
        Integer day = null;
        for (String token : tokens(t.transform(TextCase::lower))) {
            if (Character.isLetter(token.charAt(0))) {
                int m = month(token);
                if (m > 0 && month == null) {
                    month = m;
                } else if (!token.equals("st") && !token.equals("nd") && !token.equals("rd") && !token.equals("th")) {
                    return null;
                }
            } else if (token.length() == 4 && year == null) {
                year = Integer.parseInt(token);
            } else if (token.length() <= 2 && day == null) {
                day = Integer.parseInt(token);
            } else {
                return null;
            }
        }
        if (year == null || (day != null && month == null)) {
            return null;
        }
        if (month == null) {
            return new PartialDate(String.format("%04d", year), Precision.YEAR);
        }
        if (day == null) {
            return new PartialDate(String.format("%04d-%02d", year, month), Precision.MONTH);
        }
        try {
            return new PartialDate(LocalDate.of(year, month, day).toString(), Precision.DAY);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static PartialDate iso(String t) {
        int n = t.length();
        if (n != 4 && n != 7 && n != 10) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            boolean dash = i == 4 || i == 7;
            if (dash ? c != '-' : !Character.isDigit(c)) {
                return null;
            }
        }
        try {
            if (n == 4) {
                return new PartialDate(t, Precision.YEAR);
            }
            if (n == 7) {
                int month = Integer.parseInt(t.substring(5, 7));
                return month >= 1 && month <= 12 ? new PartialDate(t, Precision.MONTH) : null;
            }
            return new PartialDate(LocalDate.parse(t).toString(), Precision.DAY);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int kind = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int k = Character.isDigit(c) ? 2 : Character.isLetter(c) ? 1 : 0;
            if (k != kind && !cur.isEmpty()) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            if (k != 0) {
                cur.append(c);
            }
            kind = k;
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    private static int month(String word) {
        if (word.length() < 3) {
            return 0;
        }
        for (int i = 0; i < MONTHS.length; i++) {
            if (word.startsWith(MONTHS[i]) && fullMonthName(i).startsWith(word.equals("sept") ? "sep" : word)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String fullMonthName(int i) {
        return java.time.Month.of(i + 1).name().transform(TextCase::lower);
    }

    private StatedDate() {
    }
}
