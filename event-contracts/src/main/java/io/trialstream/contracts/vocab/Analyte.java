package io.trialstream.contracts.vocab;

import java.util.List;
import java.util.Optional;

/**
 * Measured quantities that criteria of kind LAB and ORGAN_FUNCTION name in {@code Criterion.parameter}, with the
 * LOINC codes the matcher accepts as the patient's value and the UCUM unit values are compared in. The ingest side
 * writes {@link #name()}; the matching side looks observations up by {@link #loinc()} and converts units.
 */
public enum Analyte {
    ALT(Group.LAB, "U/L", "1742-6", "1743-4", "1744-2", "76625-3"),
    AST(Group.LAB, "U/L", "1920-8", "30239-8"),
    ALKALINE_PHOSPHATASE(Group.LAB, "U/L", "6768-6"),
    BILIRUBIN_TOTAL(Group.LAB, "mg/dL", "1975-2", "14631-6", "42719-5"),
    BILIRUBIN_DIRECT(Group.LAB, "mg/dL", "1968-7", "14629-0", "15152-2"),
    CREATININE(Group.LAB, "mg/dL", "2160-0", "14682-9", "38483-4"),
    CREATININE_CLEARANCE(Group.LAB, "mL/min", "2164-2", "13449-4", "35591-7"),
    EGFR(Group.LAB, "mL/min/{1.73_m2}", "33914-3", "48642-3", "48643-1", "62238-1", "98979-8", "88293-6", "88294-4"),
    ANC(Group.LAB, "10*9/L", "751-8", "26499-4", "753-4"),
    PLATELETS(Group.LAB, "10*9/L", "777-3", "26515-7", "778-1"),
    HEMOGLOBIN(Group.LAB, "g/dL", "718-7", "20509-6", "59260-0"),
    WBC(Group.LAB, "10*9/L", "6690-2", "26464-8", "804-5"),
    LYMPHOCYTES(Group.LAB, "10*9/L", "731-0", "26474-7"),
    INR(Group.LAB, "{INR}", "6301-6", "34714-6", "46418-0"),
    ALBUMIN(Group.LAB, "g/dL", "1751-7", "2862-1"),
    POTASSIUM(Group.LAB, "mmol/L", "2823-3", "6298-4"),
    SODIUM(Group.LAB, "mmol/L", "2951-2", "2947-0"),
    CALCIUM(Group.LAB, "mg/dL", "17861-6", "2000-8"),
    MAGNESIUM(Group.LAB, "mg/dL", "19123-9", "2601-3"),
    GLUCOSE(Group.LAB, "mg/dL", "2345-7", "2339-0"),
    HBA1C(Group.LAB, "%", "4548-4", "17856-6"),
    LDH(Group.LAB, "U/L", "2532-0", "14804-9"),
    LIPASE(Group.LAB, "U/L", "3040-3"),
    AMYLASE(Group.LAB, "U/L", "1798-8"),
    TESTOSTERONE(Group.LAB, "ng/dL", "2986-8"),
    PSA(Group.LAB, "ng/mL", "2857-1", "35741-8"),
    APTT(Group.LAB, "s", "14979-9", "3173-2"),
    PT(Group.LAB, "s", "5902-2", "5964-2"),
    LVEF(Group.ORGAN_FUNCTION, "%", "10230-1", "8806-2", "18043-0", "18044-8"),
    SPO2(Group.ORGAN_FUNCTION, "%", "59408-5", "2708-6", "20564-1"),
    QTC(Group.ORGAN_FUNCTION, "ms", "8636-3", "8601-7"),
    DLCO(Group.ORGAN_FUNCTION, "%", "19911-7"),
    FEV1(Group.ORGAN_FUNCTION, "%", "20150-9");

    public enum Group { LAB, ORGAN_FUNCTION }

    private final Group group;
    private final String ucumUnit;
    private final List<String> loinc;

    Analyte(Group group, String ucumUnit, String... loinc) {
        this.group = group;
        this.ucumUnit = ucumUnit;
        this.loinc = List.of(loinc);
    }

    public Group group() {
        return group;
    }

    /** The UCUM unit limits of this analyte are normalised to. */
    public String ucumUnit() {
        return ucumUnit;
    }

    /** LOINC codes whose observations measure this analyte; the first is the preferred one. */
    public List<String> loinc() {
        return loinc;
    }

    public static Optional<Analyte> byLoinc(String code) {
        for (Analyte a : values()) {
            if (a.loinc.contains(code)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
