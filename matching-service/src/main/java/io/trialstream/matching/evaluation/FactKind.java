package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.vocab.Analyte;

/** Kinds of time-bound facts, each with its own freshness window (see {@link FreshnessPolicy}). */
public enum FactKind {
    LAB, ORGAN_FUNCTION, PERFORMANCE_STATUS, PREGNANCY, BREASTFEEDING, INFECTION_TEST, DISEASE_STATUS, BIOMARKER,
    LIFE_EXPECTANCY, CONTRACEPTION;

    /** The kind of an observation, null when it is not time-bound for the evaluator. */
    public static FactKind of(PatientFacts.Observation o) {
        for (Concept c : o.codes()) {
            String code = c.code();
            if (code == null) {
                continue;
            }
            if (ClinicalCodes.FACT_SYSTEM.equals(c.system())) {
                return switch (code) {
                    case ClinicalCodes.LIFE_EXPECTANCY -> LIFE_EXPECTANCY;
                    case ClinicalCodes.CONTRACEPTION -> CONTRACEPTION;
                    default -> DISEASE_STATUS;
                };
            }
            if (ClinicalCodes.DISEASE_STATUS_SYSTEM.equals(c.system())) {
                return DISEASE_STATUS;
            }
            var analyte = Analyte.byLoinc(code);
            if (analyte.isPresent()) {
                return analyte.get().group() == Analyte.Group.LAB ? LAB : ORGAN_FUNCTION;
            }
            if (code.equals(ClinicalCodes.ECOG) || code.equals(ClinicalCodes.KARNOFSKY) || code.equals(ClinicalCodes.LANSKY)) {
                return PERFORMANCE_STATUS;
            }
            if (ClinicalCodes.PREGNANCY_STATUS.contains(code) || ClinicalCodes.HCG_QUALITATIVE.contains(code)) {
                return PREGNANCY;
            }
            if (ClinicalCodes.BREASTFEEDING_STATUS.contains(code)) {
                return BREASTFEEDING;
            }
            if (ClinicalCodes.INFECTION_TESTS.containsKey(code)) {
                return INFECTION_TEST;
            }
            if (ClinicalCodes.CANCER_DISEASE_STATUS.contains(code) || ClinicalCodes.M_CATEGORY.contains(code)) {
                return DISEASE_STATUS;
            }
            if (code.equals(ClinicalCodes.GENETIC_VARIANT) || ClinicalCodes.MARKER_TESTS.containsKey(code) || ClinicalCodes.isHgnc(c)) {
                return BIOMARKER;
            }
        }
        return null;
    }
}
