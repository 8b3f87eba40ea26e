package io.trialstream.ingest.criteria;

import io.trialstream.contracts.vocab.Analyte;

import java.util.EnumMap;
import java.util.Map;

/**
 * How eligibility texts name each {@link Analyte}, which limits are plausible for it (in its UCUM unit), whether a
 * multiple of the upper limit of normal makes sense for it, and what a number written without a unit means. The
 * plausibility ranges are wide on purpose: they only reject what cannot be a limit of that analyte ("platelets ≥
 * 1.5" in a sentence about something else, a year read as a value), which is what keeps LAB precise.
 */
final class AnalyteTerms {

    record Profile(double min, double max, boolean ulnAllowed) {
    }

    /** A unit inferred for a number written bare, with the confidence the inference deserves. */
    record Inferred(String ucum, double confidence) {
    }

    static final PhraseLexicon<Analyte[]> LEXICON = new PhraseLexicon<>();
    private static final Map<Analyte, Profile> PROFILES = new EnumMap<>(Analyte.class);

    static {
        terms(of(Analyte.ALT), "alt", "sgpt", "alat", "alanine aminotransferase", "alanine amino transferase",
                "alanine transaminase", "alanine aminotransferase alt", "serum glutamic pyruvic transaminase",
                "serum alt", "gpt");
        terms(of(Analyte.AST), "ast", "sgot", "asat", "aspartate aminotransferase", "aspartate amino transferase",
                "aspartate transaminase", "serum glutamic oxaloacetic transaminase", "serum ast");
        terms(of(Analyte.AST, Analyte.ALT), "transaminases", "transaminase", "aminotransferases",
                "serum transaminases", "liver transaminases", "transaminase levels", "sgot sgpt", "ast alt",
                "alt ast", "sgpt sgot", "aspartate and alanine aminotransferase", "ast and alt", "alt and ast");
        terms(of(Analyte.ALKALINE_PHOSPHATASE), "alkaline phosphatase", "alp", "alk phos", "serum alkaline phosphatase");
        terms(of(Analyte.BILIRUBIN_TOTAL), "bilirubin", "total bilirubin", "serum bilirubin", "total serum bilirubin",
                "serum total bilirubin", "bilirubin total", "tbili", "t bili", "tbil", "total bili", "bili");
        terms(of(Analyte.BILIRUBIN_DIRECT), "direct bilirubin", "conjugated bilirubin", "bilirubin direct",
                "dbil", "serum direct bilirubin");
        terms(of(Analyte.CREATININE), "creatinine", "serum creatinine", "creatinine level", "plasma creatinine",
                "s creatinine", "scr", "serum cr");
        terms(of(Analyte.CREATININE_CLEARANCE), "creatinine clearance", "crcl", "ccr", "clcr", "cr cl",
                "calculated creatinine clearance", "measured creatinine clearance", "estimated creatinine clearance",
                "calculated crcl", "creatinine clearance rate", "serum creatinine clearance");
        terms(of(Analyte.EGFR), "estimated glomerular filtration rate", "glomerular filtration rate", "gfr",
                "egfr", "estimated gfr", "calculated gfr", "estimated glomerular filtration", "e gfr");
        terms(of(Analyte.ANC), "absolute neutrophil count", "anc", "neutrophils", "neutrophil count",
                "absolute neutrophils", "neutrophil", "absolute neutrophil", "absolute granulocyte count", "agc",
                "granulocytes", "granulocyte count", "absolute neutrophil counts", "neutrophil granulocytes");
        terms(of(Analyte.PLATELETS), "platelets", "platelet count", "platelet", "plt", "plts", "thrombocytes",
                "thrombocyte count", "platelet counts", "blood platelets");
        terms(of(Analyte.HEMOGLOBIN), "hemoglobin", "haemoglobin", "hgb", "hb", "hemoglobin level",
                "haemoglobin level", "serum hemoglobin", "hemoglobin concentration", "haemoglobin concentration");
        terms(of(Analyte.WBC), "white blood cell count", "white blood cells", "white blood cell", "wbc", "wbc count",
                "leukocytes", "leukocyte count", "white cell count", "white blood count", "total leukocyte count",
                "wbcs", "white blood cell wbc count", "leucocytes", "leucocyte count");
        terms(of(Analyte.LYMPHOCYTES), "absolute lymphocyte count", "lymphocytes", "lymphocyte count", "alc",
                "absolute lymphocytes");
        terms(of(Analyte.INR), "inr", "international normalized ratio", "international normalised ratio", "pt inr",
                "inr pt");
        terms(of(Analyte.ALBUMIN), "albumin", "serum albumin", "albumin level");
        terms(of(Analyte.POTASSIUM), "potassium", "serum potassium", "potassium level");
        terms(of(Analyte.SODIUM), "sodium", "serum sodium", "sodium level");
        terms(of(Analyte.CALCIUM), "calcium", "serum calcium", "corrected calcium", "corrected serum calcium");
        terms(of(Analyte.MAGNESIUM), "magnesium", "serum magnesium");
        terms(of(Analyte.GLUCOSE), "fasting glucose", "fasting plasma glucose", "fasting blood glucose", "glucose",
                "blood glucose", "plasma glucose", "fpg", "fbg", "fasting serum glucose", "blood sugar",
                "fasting blood sugar");
        terms(of(Analyte.HBA1C), "hba1c", "hb a1c", "hemoglobin a1c", "haemoglobin a1c", "glycated hemoglobin",
                "glycosylated hemoglobin", "glycated haemoglobin", "glycosylated haemoglobin", "a1c", "hgba1c",
                "hga1c", "hgb a1c", "glycated hemoglobin a1c", "glycosylated hemoglobin a1c", "hemoglobin a1c hba1c");
        terms(of(Analyte.LDH), "ldh", "lactate dehydrogenase", "lactic dehydrogenase");
        terms(of(Analyte.LIPASE), "lipase", "serum lipase");
        terms(of(Analyte.AMYLASE), "amylase", "serum amylase");
        terms(of(Analyte.TESTOSTERONE), "testosterone", "serum testosterone");
        terms(of(Analyte.PSA), "psa", "prostate specific antigen", "serum psa");
        terms(of(Analyte.APTT), "aptt", "ptt", "activated partial thromboplastin time", "partial thromboplastin time");
        terms(of(Analyte.PT), "prothrombin time");
        terms(of(Analyte.LVEF), "left ventricular ejection fraction", "lvef", "ejection fraction",
                "lv ejection fraction", "cardiac ejection fraction", "left ventricle ejection fraction",
                "lv ef", "left ventricular ef", "ejection fraction ef", "ejection fraction lvef");
        terms(of(Analyte.SPO2), "spo2", "sao2", "oxygen saturation", "o2 saturation", "blood oxygen saturation",
                "pulse oximetry", "oxygen saturation spo2", "peripheral oxygen saturation", "o2 sat", "o2 sats");
        terms(of(Analyte.QTC), "qtc", "qtcf", "qtcb", "qtc interval", "qtcf interval", "corrected qt interval",
                "corrected qt", "qt corrected", "qt interval corrected", "qtc f", "qtc b", "qtcf qtc",
                "corrected qt interval qtc", "fridericia corrected qt interval", "qtc fridericia");
        terms(of(Analyte.DLCO), "dlco", "diffusing capacity", "diffusion capacity", "carbon monoxide diffusing capacity",
                "diffusing capacity for carbon monoxide", "dlco corrected");
        terms(of(Analyte.FEV1), "fev1", "forced expiratory volume in 1 second", "fev 1",
                "forced expiratory volume in one second");

        profile(Analyte.ALT, 5, 3000, true);
        profile(Analyte.AST, 5, 3000, true);
        profile(Analyte.ALKALINE_PHOSPHATASE, 10, 3000, true);
        profile(Analyte.BILIRUBIN_TOTAL, 0.1, 30, true);
        profile(Analyte.BILIRUBIN_DIRECT, 0.05, 20, true);
        profile(Analyte.CREATININE, 0.2, 15, true);
        profile(Analyte.CREATININE_CLEARANCE, 5, 250, false);
        profile(Analyte.EGFR, 5, 250, false);
        profile(Analyte.ANC, 0.05, 30, false);
        profile(Analyte.PLATELETS, 5, 2000, false);
        profile(Analyte.HEMOGLOBIN, 3, 25, false);
        profile(Analyte.WBC, 0.3, 300, false);
        profile(Analyte.LYMPHOCYTES, 0.05, 100, false);
        profile(Analyte.INR, 0.5, 10, true);
        profile(Analyte.ALBUMIN, 1, 7, false);
        profile(Analyte.POTASSIUM, 1.5, 9, false);
        profile(Analyte.SODIUM, 100, 180, false);
        profile(Analyte.CALCIUM, 4, 20, true);
        profile(Analyte.MAGNESIUM, 0.5, 10, false);
        profile(Analyte.GLUCOSE, 20, 1500, false);
        profile(Analyte.HBA1C, 3, 20, false);
        profile(Analyte.LDH, 10, 20000, true);
        profile(Analyte.LIPASE, 5, 10000, true);
        profile(Analyte.AMYLASE, 5, 10000, true);
        profile(Analyte.TESTOSTERONE, 1, 3000, false);
        profile(Analyte.PSA, 0.01, 10000, false);
        profile(Analyte.APTT, 10, 200, true);
        profile(Analyte.PT, 5, 100, true);
        profile(Analyte.LVEF, 10, 90, false);
        profile(Analyte.SPO2, 50, 100, false);
        profile(Analyte.QTC, 300, 700, false);
        profile(Analyte.DLCO, 10, 150, false);
        profile(Analyte.FEV1, 10, 150, false);
    }

    private static Analyte[] of(Analyte... a) {
        return a;
    }

    private static void terms(Analyte[] analytes, String... phrases) {
        for (String p : phrases) {
            LEXICON.add(p, analytes, true);
        }
    }

    private static void profile(Analyte a, double min, double max, boolean uln) {
        PROFILES.put(a, new Profile(min, max, uln));
    }

    static Profile profile(Analyte a) {
        return PROFILES.get(a);
    }

    static boolean plausible(Analyte a, double value) {
        Profile p = PROFILES.get(a);
        return p != null && value >= p.min && value <= p.max;
    }

    /** The unit a bare number most likely has for this analyte, or null when it cannot be told. */
    static Inferred inferUnit(Analyte a, double v) {
        return switch (a) {
            case ALT, AST, ALKALINE_PHOSPHATASE, LDH, LIPASE, AMYLASE -> new Inferred("U/L", 0.85);
            case BILIRUBIN_TOTAL, BILIRUBIN_DIRECT -> v <= 10 ? new Inferred("mg/dL", 0.8)
                    : v >= 15 ? new Inferred("umol/L", 0.7) : null;
            case CREATININE -> v <= 10 ? new Inferred("mg/dL", 0.8) : v >= 30 ? new Inferred("umol/L", 0.7) : null;
            case CREATININE_CLEARANCE -> new Inferred("mL/min", 0.85);
            case EGFR -> new Inferred("mL/min/{1.73_m2}", 0.85);
            case ANC, WBC, LYMPHOCYTES -> v >= 100 ? new Inferred("/uL", 0.8) : new Inferred("10*9/L", 0.8);
            case PLATELETS -> v >= 1000 ? new Inferred("/uL", 0.8) : new Inferred("10*9/L", 0.8);
            case HEMOGLOBIN -> v <= 25 ? new Inferred("g/dL", 0.8) : v >= 50 && v <= 200 ? new Inferred("g/L", 0.7) : null;
            case INR -> new Inferred("{INR}", 0.95);
            case ALBUMIN -> v <= 7 ? new Inferred("g/dL", 0.8) : v >= 15 && v <= 70 ? new Inferred("g/L", 0.7) : null;
            case POTASSIUM, SODIUM -> new Inferred("mmol/L", 0.8);
            case CALCIUM -> v >= 4 ? new Inferred("mg/dL", 0.7) : null;
            case GLUCOSE -> v >= 40 ? new Inferred("mg/dL", 0.75) : v <= 30 ? new Inferred("mmol/L", 0.7) : null;
            case HBA1C -> v <= 20 ? new Inferred("%", 0.8) : null;
            case PSA -> new Inferred("ng/mL", 0.8);
            case LVEF, SPO2, DLCO, FEV1 -> new Inferred("%", 0.85);
            case QTC -> new Inferred("ms", 0.9);
            default -> null;
        };
    }

    private AnalyteTerms() {
    }
}
