package io.trialstream.ingest.parsing.page;

import io.trialstream.ingest.parsing.TextCase;
import io.trialstream.ingest.parsing.AgeText;
import io.trialstream.ingest.parsing.CtgovVocabulary;
import io.trialstream.ingest.parsing.TrialKeys;
import io.trialstream.contracts.TrialRecord;

import java.util.List;
import java.util.Locale;

/** Value shapes shared by the page layouts: bullets, participant counts, yes/no, labelled values. */
final class PageValues {

    static String stripBullet(String line) {
        String t = line.strip();
        if (t.length() >= 2 && "*•-–·▪◦".indexOf(t.charAt(0)) >= 0 && Character.isWhitespace(t.charAt(1))) {
            return t.substring(2).strip();
        }
        return t;
    }

    /** "96 participants", "1,200 participants in 3 patient groups", "Enrollment: 40 (estimated)", "60". */
    static Integer participants(String line, boolean bareNumberAllowed) {
        String t = line.strip().transform(TextCase::lower);
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == ',')) {
            i++;
        }
        if (i == 0 || i > 9) {
            return null;
        }
        String rest = t.substring(i).strip();
        boolean counted = rest.startsWith("participant") || rest.startsWith("patient") || rest.startsWith("subject")
                || rest.startsWith("people") || rest.startsWith("volunteer");
        boolean bare = bareNumberAllowed && (rest.isEmpty() || rest.startsWith("("));
        if (!counted && !bare) {
            return null;
        }
        try {
            return Integer.valueOf(t.substring(0, i).replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "(estimated)", "Estimated", "Actual" next to an enrollment count. */
    static String enrollmentType(String line) {
        String t = line.transform(TextCase::lower);
        if (t.contains("estimated") || t.contains("anticipated") || t.contains("target")) {
            return "ESTIMATED";
        }
        return t.contains("actual") ? "ACTUAL" : null;
    }

    /** "Accepts healthy volunteers", "Yes" → true; "No healthy volunteers", "No" → false. */
    static Boolean healthyVolunteers(String line) {
        String t = line.strip().transform(TextCase::lower);
        if (t.equals("yes") || t.startsWith("accepts healthy") || t.equals("healthy volunteers accepted")
                || t.equals("accepts healthy volunteers")) {
            return Boolean.TRUE;
        }
        if (t.equals("no") || t.startsWith("no healthy") || t.startsWith("does not accept") || t.startsWith("not accepting")
                || t.equals("healthy volunteers not accepted")) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** An age range or bound stated under an "Ages" heading ("18 - 75 years", "18+ years", "18 Years"). */
    static void ages(String value, TrialDraft draft) {
        if (value == null || value.isBlank()) {
            return;
        }
        var registry = AgeText.toBound(value);
        if (registry != null) {
            draft.minimumAge = value.strip();
            draft.minimumAgeBound = registry;
            return;
        }
        AgeText.Statement s = AgeText.statement(value, true);
        if (s != null) {
            draft.minimumAge = s.minimumText();
            draft.minimumAgeBound = s.minimum();
            draft.maximumAge = s.maximumText();
            draft.maximumAgeBound = s.maximum();
        }
    }

    /** "Drug: Venetoclax" → (DRUG, Venetoclax); a name without a known type prefix keeps its type null. */
    static TrialRecord.Intervention intervention(String line, String description) {
        String t = stripBullet(line);
        int colon = t.indexOf(':');
        if (colon > 0) {
            String type = CtgovVocabulary.interventionType(t.substring(0, colon));
            if (type != null && colon + 1 < t.length()) {
                return new TrialRecord.Intervention(type, t.substring(colon + 1).strip(), description);
            }
        }
        return new TrialRecord.Intervention(null, t, description);
    }

    /** "Label: value" when the label is one of {@code labels} (case-insensitive); else null. */
    static String labelled(String line, String... labels) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String label = line.substring(0, colon).strip().transform(TextCase::lower);
        for (String l : labels) {
            if (label.equals(l)) {
                String v = line.substring(colon + 1).strip();
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /** Registry ids the page lists: EudraCT numbers become secondary ids of that type. */
    static TrialRecord.SecondaryId secondaryId(String id, String statedType) {
        String type = statedType == null || statedType.isBlank() || statedType.strip().equals("-") ? null : statedType.strip();
        if (type == null && TrialKeys.isEudraCt(id)) {
            type = "EUDRACT_NUMBER";
        }
        return new TrialRecord.SecondaryId(type, id);
    }

    static boolean startsWithAny(String line, List<String> prefixes) {
        String t = line.strip().transform(TextCase::lower);
        for (String p : prefixes) {
            if (t.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private PageValues() {
    }
}
