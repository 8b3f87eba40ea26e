package io.trialstream.matching.seeds;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The five seed pages of {@code shared/seeds} as the extractor is to type them under docs/criteria.md, written by
 * hand: what each page states, nothing more. Items the vocabulary cannot type (disjunctions, CTCAE organ
 * dysfunction, MRD kinetics) are UNPARSED, as the contract requires. Seed 001's page lists no criteria text; only its
 * title's population ("sepsis patients") is typed.
 */
public final class SeedTrials {
    private SeedTrials() {
    }

    public static List<Trial> all() {
        return List.of(seed000(), seed001(), seed002(), seed003(), seed004());
    }

    static Criterion c(String id, Kind kind, Polarity polarity, String parameter, Operator op, Double value, Double high,
                       String unit, Double uln, Criterion.TimeWindow window, List<Concept> concepts, String text) {
        String item = id.contains("#") ? id.substring(0, id.indexOf('#')) : id;
        return new Criterion(id, kind, polarity, parameter, op, value, high, unit, uln, window, concepts, item, null, text,
                id.equals("age") || id.equals("sex") ? 1.0 : 0.9);
    }

    static Criterion present(String id, Kind kind, Polarity polarity, String parameter, String text) {
        return c(id, kind, polarity, parameter, Operator.PRESENT, null, null, null, null, null, null, text);
    }

    static Criterion unparsed(String id, Polarity polarity, String text) {
        return c(id, Kind.UNPARSED, polarity, null, null, null, null, null, null, null, null, text);
    }

    static Criterion uln(String id, String analyte, double multiple, String text) {
        return c(id, Kind.LAB, Polarity.REQUIRED, analyte, Operator.LE, null, null, null, multiple, null, null, text);
    }

    static Concept snomed(String code, String display) {
        return new Concept(Concept.SNOMED, code, display);
    }

    static Trial trial(String key, String title, String status, Double minAge, Double maxAge, List<Criterion> criteria) {
        Eligibility e = new Eligibility("ALL", minAge == null ? null : minAge.intValue() + " Years",
                maxAge == null ? null : maxAge.intValue() + " Years",
                minAge == null ? null : new Eligibility.AgeBound(minAge, true),
                maxAge == null ? null : new Eligibility.AgeBound(maxAge, true), false, null, null, new ArrayList<>(criteria));
        TrialRecord r = new TrialRecord(key, new TrialRecord.Ids(key.startsWith("NCT") ? key : null, null, null), title, null,
                null, null, status, null, "INTERVENTIONAL", null, null, null, null, null, null, null, null, null, null, e,
                null, null, null, null, null);
        return new Trial(Trial.SCHEMA_VERSION, key, 1, Instant.parse("2026-11-01T00:00:00Z"), "seed-" + key, r, null);
    }

    /** 000: Recombinant Interleukin-7 after cord blood transplant (MDS, MPN, AML, CML). */
    public static Trial seed000() {
        return trial("TS-SEED-000", "Recombinant Interleukin-7 for Myelodysplastic Syndrome", "RECRUITING", null, null, List.of(
                c("age", Kind.AGE, Polarity.REQUIRED, "age", Operator.GT, 18.0, null, "a", null, null, null, "Be older than 18 years old"),
                c("cond-1#1", Kind.CONDITION, Polarity.REQUIRED, "myeloid malignancy", Operator.PRESENT, null, null, null, null, null,
                        List.of(snomed("109995007", "Myelodysplastic syndrome"), snomed("91861009", "Acute myeloid leukemia"),
                                snomed("92818009", "Chronic myeloid leukemia")),
                        "Myelodysplastic Syndrome; Myeloproliferative Neoplasms; Acute Myeloid Leukemia; Chronic Myelogenous Leukemia"),
                present("cond-2#1", Kind.PROCEDURE, Polarity.REQUIRED, "cord blood transplant", "Cord Blood Transplant Recipient")));
    }

    /** 001: IL-7 (CYT107) in septic patients; the page lists no criteria text. */
    public static Trial seed001() {
        return trial("TS-SEED-001", "IRIS-7A: recombinant Interleukin-7 to restore absolute lymphocyte counts in sepsis patients",
                "RECRUITING", null, null, List.of(
                        c("title#1", Kind.CONDITION, Polarity.REQUIRED, "sepsis", Operator.PRESENT, null, null, null, null, null,
                                List.of(snomed("91302008", "Sepsis")), "sepsis patients")));
    }

    /** 002: NCT06802718, interferon-alpha maintenance for favourable-risk AML. */
    public static Trial seed002() {
        return trial("NCT06802718", "Interferon-alpha As Maintenance Therapy for Favorable-risk Acute Myeloid Leukemia", "RECRUITING",
                18.0, 70.0, List.of(
                        c("age", Kind.AGE, Polarity.REQUIRED, "age", Operator.BETWEEN, 18.0, 70.0, "a", null, null, null, "18 Years – 70 Years"),
                        c("title#1", Kind.CONDITION, Polarity.REQUIRED, "acute myeloid leukemia", Operator.PRESENT, null, null, null, null, null,
                                List.of(snomed("91861009", "Acute myeloid leukemia")), "Favorable-risk Acute Myeloid Leukemia"),
                        present("inc-1#1", Kind.DISEASE_STATUS, Polarity.REQUIRED, "remission", "Achieved CR1 after 1-2 cycles of standard chemotherapy."),
                        unparsed("inc-2", Polarity.REQUIRED, "Completed 4-6 cycles of consolidation chemotherapy (including at least 2 cycles of high-dose Cytarabine HDAC regimem)."),
                        unparsed("inc-3", Polarity.REQUIRED, "At the end of consolidation treatment, bone marrow examination confirmed in CR1, flow cytometry MRD negative, but molecular MRD genes decreased by > 3 log, but still detectable."),
                        c("inc-4#1", Kind.PERFORMANCE_STATUS, Polarity.REQUIRED, "ECOG", Operator.BETWEEN, 0.0, 2.0, null, null, null, null, "Performance status score of 0-2 (ECOG)."),
                        uln("inc-5#1", "ALT", 2.5, "ALT and AST ≤ 2.5 times the upper limit of normal"),
                        uln("inc-5#2", "AST", 2.5, "ALT and AST ≤ 2.5 times the upper limit of normal"),
                        uln("inc-5#3", "BILIRUBIN_TOTAL", 2.0, "bilirubin ≤ 2 times the upper limit of normal"),
                        uln("inc-6#1", "CREATININE", 1.5, "Kidney function: Creatinine ≤ 1.5 times the upper limit of normal."),
                        unparsed("exc-1", Polarity.EXCLUDED, "AML with normal karyotype and bZIP intramolecular mutations in CEBPA."),
                        unparsed("exc-2", Polarity.EXCLUDED, "≥ CR2 status."),
                        unparsed("exc-3", Polarity.EXCLUDED, "Patients strongly demanding transplantation, and with indications for transplantation but not eligible for transplantation."),
                        present("exc-4#1", Kind.INFECTION, Polarity.EXCLUDED, "active_infection", "Uncontrolled active infection."),
                        unparsed("exc-5", Polarity.EXCLUDED, "Severe organ dysfunction."),
                        present("exc-6#1", Kind.PREGNANCY, Polarity.EXCLUDED, "pregnancy", "Pregnancy."),
                        unparsed("exc-7", Polarity.EXCLUDED, "Unwillingness to undergo interferon treatment."),
                        c("exc-8#1", Kind.CONDITION, Polarity.EXCLUDED, "hyperthyroidism", Operator.PRESENT, null, null, null, null, null,
                                List.of(snomed("34486009", "Hyperthyroidism")), "Previous hyperthyroidism or hypothyroidism."),
                        c("exc-8#2", Kind.CONDITION, Polarity.EXCLUDED, "hypothyroidism", Operator.PRESENT, null, null, null, null, null,
                                List.of(snomed("40930008", "Hypothyroidism")), "Previous hyperthyroidism or hypothyroidism."),
                        c("exc-9#1", Kind.THERAPY, Polarity.EXCLUDED, "investigational agent", Operator.PRESENT, null, null, null, null,
                                new Criterion.TimeWindow(1.0, "mo", "WITHIN"), null, "Participation in other clinical trials within one month.")));
    }

    /** 003: EudraCT 2019-001929-27, UCB-NK cells with IL-2 in AML. */
    public static Trial seed003() {
        return trial("EUDRACT:2019-001929-27", "UCB-NK cells and IL-2 in AML", "RECRUITING", 18.0, null, List.of(
                c("age", Kind.AGE, Polarity.REQUIRED, "age", Operator.GE, 18.0, null, "a", null, null, null, "Age ≥ 18 years"),
                c("title#1", Kind.CONDITION, Polarity.REQUIRED, "acute myeloid leukemia", Operator.PRESENT, null, null, null, null, null,
                        List.of(snomed("91861009", "Acute myeloid leukemia")), "patients with AML"),
                unparsed("inc-1", Polarity.REQUIRED, "Patients may belong to any of the following categories: Relapsed/refractory disease after treatment with intensive chemotherapy, hypomethylating agents, targeted agents, autologous or allo-SCT (at least 6 months ago) and DLI; Newly diagnosed, untreated patients ineligible for allo-SCT"),
                c("inc-5#1", Kind.PERFORMANCE_STATUS, Polarity.REQUIRED, "WHO", Operator.BETWEEN, 0.0, 2.0, null, null, null, null, "WHO performance 0-2"),
                c("inc-6#1", Kind.LIFE_EXPECTANCY, Polarity.REQUIRED, "life_expectancy", Operator.GT, 4.0, null, "mo", null, null, null, "Life expectancy of > 4 months"),
                present("inc-7#1", Kind.CONSENT, Polarity.REQUIRED, "consent", "Written informed consent"),
                c("exc-1#1", Kind.THERAPY, Polarity.EXCLUDED, "immunosuppressive drugs", Operator.PRESENT, null, null, null, null, null, null,
                        "Patients on immunosuppressive drugs or active GvHD"),
                present("exc-1#2", Kind.GVHD, Polarity.EXCLUDED, "gvhd", "Patients on immunosuppressive drugs or active GvHD"),
                present("exc-2#1", Kind.INFECTION, Polarity.EXCLUDED, "active_infection", "Patients with active infections (viral, bacterial or fungal)"),
                unparsed("exc-3", Polarity.EXCLUDED, "Severe cardiovascular disease (CTCAE III-IV)"),
                unparsed("exc-4", Polarity.EXCLUDED, "Severe pulmonary dysfunction (CTCAE III-IV)"),
                c("exc-8#1", Kind.THERAPY, Polarity.EXCLUDED, "chemotherapy", Operator.PRESENT, null, null, null, null, null, null,
                        "Patients on concurrent chemotherapy or interferon-alpha treatment"),
                c("exc-8#2", Kind.THERAPY, Polarity.EXCLUDED, "interferon-alpha", Operator.PRESENT, null, null, null, null, null, null,
                        "Patients on concurrent chemotherapy or interferon-alpha treatment"),
                present("exc-9#1", Kind.PREGNANCY, Polarity.EXCLUDED, "pregnancy", "Pregnancy or breastfeeding"),
                present("exc-9#2", Kind.BREASTFEEDING, Polarity.EXCLUDED, "breastfeeding", "Pregnancy or breastfeeding")));
    }

    /** 004: CD7 CAR-T in relapsed/refractory acute leukaemia (no registry id on the page). */
    public static Trial seed004() {
        return trial("TS-SEED-004", "CD7 CAR-T in relapsed/refractory acute leukemia", "RECRUITING", 14.0, 65.0, List.of(
                c("age", Kind.AGE, Polarity.REQUIRED, "age", Operator.BETWEEN, 14.0, 65.0, "a", null, null, null, "Over 14 years old, under 65 years old."),
                c("inc-1#1", Kind.CONDITION, Polarity.REQUIRED, "acute leukemia", Operator.PRESENT, null, null, null, null, null,
                        List.of(snomed("91855006", "Acute leukemia")), "Patients diagnosed with acute leukemia."),
                unparsed("inc-2", Polarity.REQUIRED, "Acute leukemia complex/refractory cases with poor response to conventional chemotherapy: …"),
                c("inc-3#1", Kind.THERAPY, Polarity.EXCLUDED, "systemic treatment", Operator.PRESENT, null, null, null, null,
                        new Criterion.TimeWindow(2.0, "wk", "WITHIN"), null,
                        "At least 2 weeks or 5 half-lives (whichever is shorter) from the start of preconditioning chemotherapy after prior systemic treatment, except for immune checkpoint inhibitors/agonists"),
                unparsed("inc-4", Polarity.REQUIRED, "Toxic reactions caused by previous antitumor therapy must be stabilized and returned to ≤ grade 1"),
                c("inc-6#1", Kind.PERFORMANCE_STATUS, Polarity.REQUIRED, "ECOG", Operator.BETWEEN, 0.0, 3.0, null, null, null, null, "Physical Strength score 0-3 (ECOG standard)"),
                present("inc-7#1", Kind.INFECTION, Polarity.EXCLUDED, "active_infection", "No obvious active infection or graft-versus-host disease"),
                present("inc-7#2", Kind.GVHD, Polarity.EXCLUDED, "gvhd", "No obvious active infection or graft-versus-host disease"),
                c("inc-8#1", Kind.LIFE_EXPECTANCY, Polarity.REQUIRED, "life_expectancy", Operator.GE, 3.0, null, "mo", null, null, null, "Expected survival ≥3 months"),
                c("inc-9#1", Kind.LAB, Polarity.REQUIRED, "CREATININE_CLEARANCE", Operator.GT, 60.0, null, "mL/min", null, null, null,
                        "Creatinine clearance (estimated by Cockcroft Gault formula) > 60 mL/min"),
                uln("inc-9#2", "ALT", 2.5, "Serum ALT/AST ≤ 2.5 ULN"),
                uln("inc-9#3", "AST", 2.5, "Serum ALT/AST ≤ 2.5 ULN"),
                uln("inc-9#4", "BILIRUBIN_TOTAL", 1.5, "Total bilirubin ≤1.5 ULN, excluding subjects with Gilbert's syndrome"),
                c("inc-9#5", Kind.ORGAN_FUNCTION, Polarity.REQUIRED, "LVEF", Operator.GE, 50.0, null, "%", null, null, null, "Cardiac ejection fraction ≥ 50%"),
                c("inc-10#1", Kind.ORGAN_FUNCTION, Polarity.REQUIRED, "SPO2", Operator.GT, 92.0, null, "%", null, null, null,
                        "Baseline blood oxygen saturation under indoor ventilation was > 92%."),
                present("inc-11#1", Kind.PREGNANCY, Polarity.EXCLUDED, "pregnancy", "The serum pregnancy test results of fertile women must be negative")));
    }
}
