package io.trialstream.ingest.parsing;

import io.trialstream.contracts.Eligibility;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps the values ClinicalTrials.gov shows to people (legacy XML, its web pages and the pages that mirror them:
 * "Active, not recruiting", "Phase 1/Phase 2", "None (Open Label)") to the API v2 enum names the trial record uses.
 * API v2 names are accepted too, so a page that already shows {@code PHASE1/PHASE2} maps the same way. Every method
 * returns null for a value it does not know: an unmapped value is not stated, never guessed.
 */
public final class CtgovVocabulary {

    /** API v2 phases, in the order the registry lists them. */
    public enum Phase { EARLY_PHASE1, PHASE1, PHASE2, PHASE3, PHASE4, NA }

    private static final Set<String> STATUSES = Set.of("ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION",
            "NOT_YET_RECRUITING", "RECRUITING", "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE", "NO_LONGER_AVAILABLE",
            "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN");
    private static final Map<String, String> STATUS_ALIASES = Map.of("UNKNOWN_STATUS", "UNKNOWN");

    private static final Set<String> STUDY_TYPES = Set.of("INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS");
    private static final Set<String> ALLOCATIONS = Set.of("RANDOMIZED", "NON_RANDOMIZED", "NA");
    private static final Set<String> MODELS = Set.of("SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL");
    private static final Set<String> PURPOSES = Set.of("TREATMENT", "PREVENTION", "DIAGNOSTIC", "ECT", "SUPPORTIVE_CARE",
            "SCREENING", "HEALTH_SERVICES_RESEARCH", "BASIC_SCIENCE", "DEVICE_FEASIBILITY", "OTHER");
    private static final List<String> MASKINGS = List.of("NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE");
    private static final Set<String> MASKED_ROLES = Set.of("PARTICIPANT", "SUBJECT", "CARE_PROVIDER", "CAREGIVER",
            "INVESTIGATOR", "OUTCOMES_ASSESSOR");
    private static final Set<String> ARM_TYPES = Set.of("EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR",
            "SHAM_COMPARATOR", "NO_INTERVENTION", "OTHER");
    // Patient-facing sites rename the arm types; these are the names they use for the same v2 values.
    private static final Map<String, String> ARM_TYPE_ALIASES = Map.of("EXPERIMENTAL_TREATMENT", "EXPERIMENTAL",
            "ACTIVE_CONTROL", "ACTIVE_COMPARATOR", "PLACEBO_GROUP", "PLACEBO_COMPARATOR", "PLACEBO", "PLACEBO_COMPARATOR",
            "NO_TREATMENT", "NO_INTERVENTION", "SHAM", "SHAM_COMPARATOR");
    private static final Set<String> INTERVENTION_TYPES = Set.of("DRUG", "DEVICE", "BIOLOGICAL", "PROCEDURE", "RADIATION",
            "BEHAVIORAL", "GENETIC", "DIETARY_SUPPLEMENT", "COMBINATION_PRODUCT", "DIAGNOSTIC_TEST", "OTHER");
    private static final Map<String, String> INTERVENTION_TYPE_ALIASES = Map.of("PROCEDURE_SURGERY", "PROCEDURE",
            "BIOLOGIC", "BIOLOGICAL", "BEHAVIOURAL", "BEHAVIORAL", "RADIATION_THERAPY", "RADIATION");
    private static final Set<String> SPONSOR_CLASSES = Set.of("NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK",
            "AMBIG", "OTHER", "UNKNOWN");

    public static String overallStatus(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        key = STATUS_ALIASES.getOrDefault(key, key);
        return STATUSES.contains(key) ? key : null;
    }

    public static String studyType(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        if (key != null && key.startsWith("OBSERVATIONAL")) {
            // "Observational [Patient Registry]": v2 keeps the registry flag elsewhere; the type is OBSERVATIONAL
            return "OBSERVATIONAL";
        }
        return STUDY_TYPES.contains(key) ? key : null;
    }

    public static String allocation(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        if ("N_A".equals(key)) {
            return "NA";
        }
        return ALLOCATIONS.contains(key) ? key : null;
    }

    public static String interventionModel(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        if (key != null && key.endsWith("_ASSIGNMENT")) {
            key = key.substring(0, key.length() - "_ASSIGNMENT".length());
        }
        return MODELS.contains(key) ? key : null;
    }

    public static String primaryPurpose(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        if ("EDUCATIONAL_COUNSELING_TRAINING".equals(key)) {
            return "ECT";
        }
        return PURPOSES.contains(key) ? key : null;
    }

    /**
     * "None (Open Label)", "Open Label", "No masking" → NONE; "Double Blind (Participant, Investigator)",
     * "Double-Blind" → DOUBLE; a bare list of masked roles is counted ("Participant, Investigator, Outcomes
     * Assessor" → TRIPLE), which is how the registry derives the level from the roles.
     */
    public static String masking(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        if (key.startsWith("NONE") || key.startsWith("OPEN_LABEL") || key.equals("NO_MASKING") || key.equals("OPEN")) {
            return "NONE";
        }
        for (String level : MASKINGS) {
            if (key.equals(level) || key.startsWith(level + "_")) {
                return level;
            }
        }
        // only a text made of role names counts ("16 participants in 3 groups" mentions a role but lists none)
        int roles = 0;
        for (String part : label.split("[,;&()]|\\band\\b")) {
            String role = enumKey(part);
            if (role == null) {
                continue;
            }
            if (!MASKED_ROLES.contains(role)) {
                return null;
            }
            roles++;
        }
        return roles >= 1 && roles <= 4 ? MASKINGS.get(roles) : null;
    }

    public static String armType(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        key = ARM_TYPE_ALIASES.getOrDefault(key, key);
        return ARM_TYPES.contains(key) ? key : null;
    }

    public static String interventionType(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        key = INTERVENTION_TYPE_ALIASES.getOrDefault(key, key);
        return INTERVENTION_TYPES.contains(key) ? key : null;
    }

    /** "Anticipated" is what the legacy format called the v2 "ESTIMATED". */
    public static String enrollmentType(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        if ("ANTICIPATED".equals(key) || "ESTIMATED".equals(key) || "ESTIMATE".equals(key)) {
            return "ESTIMATED";
        }
        return "ACTUAL".equals(key) ? "ACTUAL" : null;
    }

    /** Gender "Both" in old legacy records is v2's ALL. */
    public static String sex(String label) {
        String key = enumKey(label);
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "ALL", "BOTH", "ALL_SEXES", "MALE_AND_FEMALE", "FEMALE_AND_MALE", "ALL_GENDERS" -> Eligibility.SEX_ALL;
            case "FEMALE", "FEMALES", "WOMEN", "FEMALE_ONLY" -> Eligibility.SEX_FEMALE;
            case "MALE", "MALES", "MEN", "MALE_ONLY" -> Eligibility.SEX_MALE;
            default -> null;
        };
    }

    public static boolean isSponsorClass(String label) {
        String key = enumKey(label);
        return key != null && SPONSOR_CLASSES.contains(key);
    }

    /**
     * Phases of a phase statement: "Phase 1 & 2", "PHASE1/PHASE2", "Phase 1/Phase 2", "Phase I/II" → [PHASE1, PHASE2];
     * "Early Phase 1" and "Phase 0" → [EARLY_PHASE1]; "N/A" → [NA]. Returns null when the text is not only a phase
     * statement, so that a sentence that mentions a phase ("From 2023 Phase 1 &amp; 2 trial • 1 Patients") is not
     * read as this trial's phase.
     */
    public static List<String> phases(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<String> tokens = phaseTokens(text.toUpperCase(Locale.ROOT));
        if (tokens.equals(List.of("N", "A")) || tokens.equals(List.of("NA")) || tokens.equals(List.of("NOT", "APPLICABLE"))) {
            return List.of(Phase.NA.name());
        }
        EnumSet<Phase> found = EnumSet.noneOf(Phase.class);
        boolean inPhase = false;
        boolean early = false;
        for (String t : tokens) {
            switch (t) {
                case "EARLY" -> early = true;
                case "PHASE" -> inPhase = true;
                case "AND", "A", "B", "C" -> {
                    if (!inPhase) {
                        return null;
                    }
                }
                default -> {
                    int n = phaseNumber(t);
                    if (!inPhase || n < 0) {
                        return null;
                    }
                    found.add(n == 0 || (early && n == 1) ? Phase.EARLY_PHASE1 : Phase.values()[n]);
                    early = false;
                }
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        return found.stream().map(Enum::name).toList();
    }

    private static List<String> phaseTokens(String upper) {
        // split "PHASE1" into "PHASE", "1" and "1B" into "1", "B": the registry writes both joined and apart
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int kind = 0; // 1 letters, 2 digits
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            int k = Character.isDigit(c) ? 2 : Character.isLetter(c) ? 1 : 0;
            if (k != kind && !cur.isEmpty()) {
                tokens.add(cur.toString());
                cur.setLength(0);
            }
            if (k != 0) {
                cur.append(c);
            }
            kind = k;
        }
        if (!cur.isEmpty()) {
            tokens.add(cur.toString());
        }
        return tokens;
    }

    private static int phaseNumber(String token) {
        return switch (token) {
            case "0" -> 0;
            case "1", "I" -> 1;
            case "2", "II" -> 2;
            case "3", "III" -> 3;
            case "4", "IV" -> 4;
            default -> -1;
        };
    }

    /** "Active, not recruiting" → ACTIVE_NOT_RECRUITING; null for blank text. */
    static String enumKey(String label) {
        if (label == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(label.length());
        boolean gap = false;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (gap && !b.isEmpty()) {
                    b.append('_');
                }
                b.append(Character.toUpperCase(c));
                gap = false;
            } else {
                gap = true;
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    private CtgovVocabulary() {
    }
}
