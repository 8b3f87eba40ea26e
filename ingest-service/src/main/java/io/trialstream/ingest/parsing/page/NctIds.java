package io.trialstream.ingest.parsing.page;

import io.trialstream.ingest.parsing.TextCase;
import io.trialstream.ingest.parsing.TrialKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * NCT ids on a page. A page mentions many: related trials, the trial whose side-effect data it shows, search
 * results. Only a labelled line ("NCT ID: NCT06802718", "ClinicalTrials.gov Identifier: …") says which one is this
 * trial's; every other id is a related trial.
 */
final class NctIds {
    private static final Set<String> OWN_ID_LABELS = Set.of("nct id", "nct number", "nct no", "nct no.", "nct",
            "clinicaltrials.gov id", "clinicaltrials.gov identifier", "clinicaltrials.gov identifier (nct number)",
            "clinicaltrials.gov number", "trial id", "study id", "trial identifier", "study identifier");

    /** Ids in a line, upper-cased, in order; "NCT0123456789" (too many digits) is no id. */
    static List<String> in(String line) {
        List<String> out = new ArrayList<>();
        String upper = line.toUpperCase(Locale.ROOT);
        int at = upper.indexOf("NCT");
        while (at >= 0) {
            int end = at + 11;
            boolean boundaryBefore = at == 0 || !Character.isLetterOrDigit(upper.charAt(at - 1));
            boolean boundaryAfter = end == upper.length() || end < upper.length() && !Character.isDigit(upper.charAt(end));
            if (end <= upper.length() && boundaryBefore && boundaryAfter && TrialKeys.isNctId(upper.substring(at, end))) {
                out.add(upper.substring(at, end));
            }
            at = upper.indexOf("NCT", at + 3);
        }
        return out;
    }

    /** The id a line states as this trial's: "NCT ID: NCT…", or a label line followed by a line holding only the id. */
    static String own(String line, String next) {
        int colon = line.indexOf(':');
        if (colon > 0) {
            String label = line.substring(0, colon).strip().transform(TextCase::lower);
            String value = line.substring(colon + 1).strip().toUpperCase(Locale.ROOT);
            if (OWN_ID_LABELS.contains(label) && TrialKeys.isNctId(value)) {
                return value;
            }
            return null;
        }
        String label = line.strip().transform(TextCase::lower);
        if (OWN_ID_LABELS.contains(label) && next != null && TrialKeys.isNctId(next.strip().toUpperCase(Locale.ROOT))) {
            return next.strip().toUpperCase(Locale.ROOT);
        }
        return null;
    }

    static String ownIn(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String id = own(lines.get(i), i + 1 < lines.size() ? lines.get(i + 1) : null);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private NctIds() {
    }
}
