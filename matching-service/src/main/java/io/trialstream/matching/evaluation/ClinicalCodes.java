package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The codes the evaluator recognises in patient facts: LOINC codes of performance status, pregnancy, disease status
 * and variants, and the answer codes that say positive/negative. Two small code systems of our own carry facts that
 * no standard code covers (life expectancy, stated contraception, stated disease status); hospitals and the native
 * event may use them. Everything else is looked up through {@code Analyte} (labs) and the concept vocabularies.
 */
public final class ClinicalCodes {
    /** trialstream facts without a standard code: {@code life-expectancy}, {@code contraception}, {@code measurable-disease}. */
    public static final String FACT_SYSTEM = "http://trialstream.io/fhir/CodeSystem/fact";
    /** Stated disease status; codes are the DISEASE_STATUS parameters of docs/criteria.md (relapsed, remission, …). */
    public static final String DISEASE_STATUS_SYSTEM = "http://trialstream.io/fhir/CodeSystem/disease-status";

    public static final String ECOG = "89247-1";
    public static final String KARNOFSKY = "89243-0";
    public static final String LANSKY = "89245-5";
    public static final Set<String> PREGNANCY_STATUS = Set.of("82810-3", "11449-6");
    /** hCG, qualitative (urine, serum): a positive test is a pregnancy fact. */
    public static final Set<String> HCG_QUALITATIVE = Set.of("2106-3", "2118-8", "2112-1");
    public static final Set<String> BREASTFEEDING_STATUS = Set.of("63895-7");
    /** mCODE cancer disease status (current and retired code). */
    public static final Set<String> CANCER_DISEASE_STATUS = Set.of("97509-4", "88040-1");
    public static final String GENETIC_VARIANT = "69548-6";
    public static final String GENE_STUDIED = "48018-6";
    /** TNM distant metastasis (M) category, clinical and pathological. */
    public static final Set<String> M_CATEGORY = Set.of("21907-1", "21901-4");
    public static final String LIFE_EXPECTANCY = "life-expectancy";
    public static final String CONTRACEPTION = "contraception";
    public static final String MEASURABLE_DISEASE = "measurable-disease";

    /** Serology whose positive result is a known infection (HIV Ag/Ab, HBsAg, HCV Ab/RNA, IGRA for TB). */
    public static final Map<String, String> INFECTION_TESTS = Map.ofEntries(
            Map.entry("7917-8", "HIV"), Map.entry("56888-1", "HIV"), Map.entry("75622-1", "HIV"),
            Map.entry("5196-1", "HBV"), Map.entry("5195-3", "HBV"),
            Map.entry("16128-1", "HCV"), Map.entry("11259-9", "HCV"),
            Map.entry("71773-6", "TB"), Map.entry("45323-1", "TB"));

    /** Tumour-marker LOINC codes and the marker (HGNC symbol, or the name trials use) they report on. */
    public static final Map<String, String> MARKER_TESTS = Map.ofEntries(
            Map.entry("40556-3", "ESR1"), Map.entry("16112-5", "ESR1"), Map.entry("85337-4", "ESR1"),
            Map.entry("40557-1", "PGR"), Map.entry("16113-3", "PGR"), Map.entry("85339-0", "PGR"),
            Map.entry("18474-7", "ERBB2"), Map.entry("48676-1", "ERBB2"), Map.entry("85319-2", "ERBB2"),
            Map.entry("85318-4", "ERBB2"), Map.entry("62862-8", "MSI"), Map.entry("94077-5", "TMB"),
            Map.entry("83052-1", "CD274"), Map.entry("85147-7", "CD274"));

    private static final Set<String> POSITIVE = Set.of("10828004", "52101004", "77386006", "260373001",
            "LA9633-4", "LA33-6", "LA6576-8", "POS", "DET", "Y", "y", "yes", "true", "positive", "present", "pregnant",
            "169750002", "413712001");
    private static final Set<String> NEGATIVE = Set.of("260385009", "2667000", "60001007", "260415000",
            "LA9634-2", "LA32-8", "LA6577-6", "NEG", "ND", "N", "n", "no", "false", "negative", "absent",
            "not-pregnant", "169751003");

    /** ECOG answer list LL529-9 and Karnofsky answer list LL4986-7 (LOINC): the score each answer stands for. */
    private static final Map<String, Integer> PERFORMANCE_ANSWERS = Map.ofEntries(
            Map.entry("LA9622-7", 0), Map.entry("LA9623-5", 1), Map.entry("LA9624-3", 2), Map.entry("LA9625-0", 3),
            Map.entry("LA9626-8", 4), Map.entry("LA9627-6", 5),
            Map.entry("LA29175-9", 100), Map.entry("LA29176-7", 90), Map.entry("LA29177-5", 80),
            Map.entry("LA29178-3", 70), Map.entry("LA29179-1", 60), Map.entry("LA29180-9", 50),
            Map.entry("LA29181-7", 40), Map.entry("LA29182-5", 30), Map.entry("LA29183-3", 20),
            Map.entry("LA29184-1", 10));

    private ClinicalCodes() {
    }

    public static boolean has(Collection<Concept> codes, String system, String code) {
        for (Concept c : codes) {
            if (code.equals(c.code()) && (system == null || system.equals(c.system()))) {
                return true;
            }
        }
        return false;
    }

    public static boolean hasAny(Collection<Concept> codes, String system, Set<String> wanted) {
        for (Concept c : codes) {
            if (c.code() != null && wanted.contains(c.code()) && (system == null || system.equals(c.system()))) {
                return true;
            }
        }
        return false;
    }

    /** TRUE for a positive/present/yes answer, FALSE for negative/absent/no, null when the answer says neither. */
    public static Boolean polarityOf(Concept answer) {
        if (answer == null) {
            return null;
        }
        if (answer.code() != null) {
            if (POSITIVE.contains(answer.code())) {
                return Boolean.TRUE;
            }
            if (NEGATIVE.contains(answer.code())) {
                return Boolean.FALSE;
            }
        }
        String d = answer.display() == null ? "" : answer.display().toLowerCase(Locale.ROOT);
        if (d.startsWith("not ") || d.startsWith("negative") || d.startsWith("absent") || d.contains("not detected")) {
            return Boolean.FALSE;
        }
        if (d.startsWith("positive") || d.startsWith("present") || d.startsWith("detected") || d.startsWith("pregnant")) {
            return Boolean.TRUE;
        }
        return null;
    }

    public static Integer performanceAnswer(Concept answer) {
        return answer == null || answer.code() == null ? null : PERFORMANCE_ANSWERS.get(answer.code());
    }

    public static boolean isHgnc(Concept c) {
        return c.system() != null && c.system().startsWith("http://www.genenames.org");
    }
}
