package io.trialstream.ingest.criteria;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the extractor types, kind by kind, from criteria written for these tests. Each row: the list the item is in
 * (I inclusion, E exclusion), the item, and every typed criterion expected in text order (an empty list: nothing
 * typed, the item stays UNPARSED). Polarity is tested both ways for every kind, and each kind has negatives: text
 * that looks like the kind but is not.
 */
class CriteriaExtractorTest {

    private static Arguments row(String list, String text, String... expected) {
        return Arguments.of(list, text, List.of(expected));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource({"age", "sex", "performanceStatus", "labs", "labUnits", "organFunction", "lifeExpectancy",
            "reproductive", "infection", "gvhd", "condition", "therapy", "procedure", "diseaseStatus", "biomarker",
            "consent", "combinations"})
    void typesTheCriteria(String list, String text, List<String> expected) {
        assertThat(CriterionText.typed(list, text)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> age() {
        return Stream.of(
                row("I", "Age ≥ 18 years", "AGE REQUIRED age GE 18 a"),
                row("I", "18 years of age or older", "AGE REQUIRED age GE 18 a"),
                row("I", "Aged 18-75 years", "AGE REQUIRED age BETWEEN 18-75 a"),
                row("I", "Between 18 and 65 years old", "AGE REQUIRED age BETWEEN 18-65 a"),
                row("I", "Patients ≥ 18 years", "AGE REQUIRED age GE 18 a"),
                row("I", "Men and women aged 40 to 80", "AGE REQUIRED age BETWEEN 40-80 a"),
                row("I", "Over 14 years old, under 65 years old.", "AGE REQUIRED age GT 14 a", "AGE REQUIRED age LT 65 a"),
                row("I", "Children 6 to 24 months of age", "AGE REQUIRED age BETWEEN 0.5-2 a"),
                row("I", "at least 18 years old at the time of consent", "AGE REQUIRED age GE 18 a"),
                row("I", "Age 18 years or older", "AGE REQUIRED age GE 18 a"),
                row("I", "over the age of 21 years", "AGE REQUIRED age GT 21 a"),
                row("E", "Age < 18 years", "AGE EXCLUDED age LT 18 a"),
                row("E", "Age less than 10 years or greater than 55 years", "AGE EXCLUDED age LT 10 a", "AGE EXCLUDED age GT 55 a"),
                row("E", "Patients older than 75 years", "AGE EXCLUDED age GT 75 a"),
                // not the patient's age
                row("I", "Diagnosed with type 2 diabetes for at least 2 years", "CONDITION REQUIRED type 2 diabetes mellitus"),
                row("E", "Ulcers older than 1 year"),
                row("I", "Gestational age ≥ 37 weeks"),
                row("I", "Age at diagnosis ≥ 60 years"),
                row("E", "Smoking history of more than 10 years"),
                row("I", "Age = 18 years"),
                // a limit for a subgroup only: no criterion for everyone
                row("I", "Karnofsky ≥ 50 for patients > 16 years of age"));
    }

    static Stream<Arguments> sex() {
        return Stream.of(
                row("I", "Female patients aged 18 or older", "SEX REQUIRED female", "AGE REQUIRED age GE 18 a"),
                row("I", "Postmenopausal women with hormone receptor positive breast cancer", "SEX REQUIRED female",
                        "BIOMARKER REQUIRED ER", "CONDITION REQUIRED breast cancer"),
                row("I", "Men only", "SEX REQUIRED male"),
                row("E", "Males", "SEX EXCLUDED male"),
                // subgroups, not a sex criterion
                row("I", "Women of childbearing potential must use effective contraception", "CONTRACEPTION REQUIRED contraception"),
                row("I", "Men and women 18 years or older", "AGE REQUIRED age GE 18 a"),
                row("E", "Women who refuse the HBsAg test"),
                row("E", "Female sterilization less than 6 weeks before screening"));
    }

    static Stream<Arguments> performanceStatus() {
        return Stream.of(
                row("I", "ECOG performance status 0 to 2", "PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-2"),
                row("I", "ECOG PS 0-1", "PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-1"),
                row("I", "ECOG ≤ 2", "PERFORMANCE_STATUS REQUIRED ECOG LE 2"),
                row("I", "ECOG performance status of 0, 1 or 2", "PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-2"),
                row("I", "WHO performance status 0-2", "PERFORMANCE_STATUS REQUIRED WHO BETWEEN 0-2"),
                row("I", "Zubrod performance status ≤ 1", "PERFORMANCE_STATUS REQUIRED ECOG LE 1"),
                row("I", "Karnofsky performance status at least 70%", "PERFORMANCE_STATUS REQUIRED KARNOFSKY GE 70"),
                row("I", "KPS ≥ 60", "PERFORMANCE_STATUS REQUIRED KARNOFSKY GE 60"),
                row("I", "Lansky play scale ≥ 50", "PERFORMANCE_STATUS REQUIRED LANSKY GE 50"),
                row("I", "Eastern Cooperative Oncology Group (ECOG) performance status of 0 or 1",
                        "PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-1"),
                row("I", "Performance status (ECOG) 0-2", "PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-2"),
                row("I", "Physical strength score 0-3 (ECOG standard)", "PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-3"),
                row("I", "ECOG 0-1 or Karnofsky ≥ 70%", "PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-1",
                        "PERFORMANCE_STATUS REQUIRED KARNOFSKY GE 70"),
                row("E", "ECOG performance status > 2", "PERFORMANCE_STATUS EXCLUDED ECOG GT 2"),
                row("E", "Karnofsky < 60%", "PERFORMANCE_STATUS EXCLUDED KARNOFSKY LT 60"),
                // scales that disagree (ECOG 2 ≈ Karnofsky 60-70): required alternatives, either one admits
                row("I", "ECOG 0-2 or Karnofsky ≥ 80%",
                        "ANY(PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-2 | PERFORMANCE_STATUS REQUIRED KARNOFSKY GE 80)"),
                row("I", "ECOG 0 or 2"),
                row("I", "ECOG ≥ 70%"));
    }

    static Stream<Arguments> labs() {
        return Stream.of(
                row("I", "Total bilirubin ≤ 1.5 × ULN", "LAB REQUIRED BILIRUBIN_TOTAL LE 1.5 xULN"),
                row("I", "Total bilirubin <= 1.5 x ULN unless due to Gilbert's syndrome", "LAB REQUIRED BILIRUBIN_TOTAL LE 1.5 xULN"),
                row("I", "AST/ALT ≤ 2.5 × ULN (≤ 5 × ULN if liver metastases)", "LAB REQUIRED AST LE 2.5 xULN",
                        "LAB REQUIRED ALT LE 2.5 xULN"),
                row("I", "AST (SGOT) and ALT (SGPT) ≤ 3 times the institutional upper limit of normal",
                        "LAB REQUIRED AST LE 3 xULN", "LAB REQUIRED ALT LE 3 xULN"),
                row("I", "SGPT ≤ 2.5 x ULN or ≤ 5 x ULN for patients with liver metastases", "LAB REQUIRED ALT LE 2.5 xULN"),
                row("I", "Direct bilirubin ≤ ULN", "LAB REQUIRED BILIRUBIN_DIRECT LE 1 xULN"),
                row("I", "Serum creatinine ≤ 1.5 mg/dL", "LAB REQUIRED CREATININE LE 1.5 mg/dL"),
                row("I", "Calculated creatinine clearance (Cockcroft-Gault) ≥ 60 mL/min",
                        "LAB REQUIRED CREATININE_CLEARANCE GE 60 mL/min"),
                row("I", "eGFR ≥ 45 mL/min/1.73 m2", "LAB REQUIRED EGFR GE 45 mL/min/{1.73_m2}"),
                row("I", "Absolute neutrophil count (ANC) ≥ 1,500/µL", "LAB REQUIRED ANC GE 1.5 10*9/L"),
                row("I", "Platelets ≥ 100,000/mm3", "LAB REQUIRED PLATELETS GE 100 10*9/L"),
                row("I", "Hemoglobin ≥ 9 g/dL", "LAB REQUIRED HEMOGLOBIN GE 9 g/dL"),
                row("I", "WBC ≥ 3.0 x 10^9/L", "LAB REQUIRED WBC GE 3 10*9/L"),
                row("I", "Absolute lymphocyte count ≥ 500/mm3", "LAB REQUIRED LYMPHOCYTES GE 0.5 10*9/L"),
                row("I", "INR ≤ 1.5", "LAB REQUIRED INR LE 1.5 {INR}"),
                row("I", "Serum albumin ≥ 3.0 g/dL", "LAB REQUIRED ALBUMIN GE 3 g/dL"),
                row("I", "Potassium within 3.5-5.0 mmol/L", "LAB REQUIRED POTASSIUM BETWEEN 3.5-5 mmol/L"),
                row("I", "HbA1c between 7% and 10%", "LAB REQUIRED HBA1C BETWEEN 7-10 %"),
                row("I", "Adequate bone marrow function: ANC ≥ 1.5 × 10^9/L, platelets ≥ 100 × 10^9/L, hemoglobin ≥ 9 g/dL",
                        "LAB REQUIRED ANC GE 1.5 10*9/L", "LAB REQUIRED PLATELETS GE 100 10*9/L", "LAB REQUIRED HEMOGLOBIN GE 9 g/dL"),
                row("E", "Serum creatinine > 2.0 mg/dL", "LAB EXCLUDED CREATININE GT 2 mg/dL"),
                row("E", "ANC < 1000/mm3 or platelets < 75,000/mm3", "LAB EXCLUDED ANC LT 1 10*9/L",
                        "LAB EXCLUDED PLATELETS LT 75 10*9/L"),
                row("E", "Serum potassium < 3.5 or > 5.1 mEq/L", "LAB EXCLUDED POTASSIUM LT 3.5 mmol/L",
                        "LAB EXCLUDED POTASSIUM GT 5.1 mmol/L"),
                // required alternatives of limits: one any-of group
                row("I", "Serum creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min",
                        "ANY(LAB REQUIRED CREATININE LE 1.5 mg/dL | LAB REQUIRED CREATININE_CLEARANCE GE 60 mL/min)"),
                row("I", "Creatinine ≤ 1.5 mg/dL or ≤ 1.5 × ULN",
                        "ANY(LAB REQUIRED CREATININE LE 1.5 mg/dL | LAB REQUIRED CREATININE LE 1.5 xULN)"),
                row("I", "Total bilirubin ≤ 1.5 × ULN or direct bilirubin ≤ 1 mg/dL or ALT ≤ 3 × ULN",
                        "ANY(LAB REQUIRED BILIRUBIN_TOTAL LE 1.5 xULN | LAB REQUIRED BILIRUBIN_DIRECT LE 1 mg/dL | LAB REQUIRED ALT LE 3 xULN)"),
                row("I", "Creatinine ≤ 1.5 mg/dL or on dialysis"),
                // subgroups and conjunctions the contract cannot state as written
                row("E", "Hemoglobin < 11.5 g/dL for females and < 12.5 g/dL for males"),
                row("E", "ALT > 3 × ULN and total bilirubin > 2 × ULN"),
                row("I", "Isolated bilirubin > 1.5 × ULN is acceptable"),
                // numbers that are not lab limits
                row("I", "Albumin/creatinine ratio > 30 mg/g"),
                row("I", "Urinary albumin ≥ 300 mg/day"),
                row("E", "Glucose-6-phosphate dehydrogenase deficiency"),
                row("I", "Hemoglobin A1c ≥ 7.0%", "LAB REQUIRED HBA1C GE 7 %"),
                row("E", "Platelet transfusion within 7 days", "THERAPY EXCLUDED blood transfusion within 7 d"),
                row("I", "Hemoglobin 9 g/dL"));
    }

    static Stream<Arguments> labUnits() {
        return Stream.of(
                row("I", "ANC ≥ 1.5 × 10⁹/L", "LAB REQUIRED ANC GE 1.5 10*9/L"),
                row("I", "ANC ≥ 1.5 x 109/L", "LAB REQUIRED ANC GE 1.5 10*9/L"),
                row("I", "ANC ≥ 1500", "LAB REQUIRED ANC GE 1.5 10*9/L"),
                row("I", "ANC ≥ 1.5", "LAB REQUIRED ANC GE 1.5 10*9/L"),
                row("I", "Platelet count ≥ 100 x 10(9)/L", "LAB REQUIRED PLATELETS GE 100 10*9/L"),
                row("I", "Platelets ≥ 75 K/µL", "LAB REQUIRED PLATELETS GE 75 10*9/L"),
                row("I", "Platelets ≥ 150 x 10^3/µL", "LAB REQUIRED PLATELETS GE 150 10*9/L"),
                row("I", "Platelets ≥ 50,000", "LAB REQUIRED PLATELETS GE 50 10*9/L"),
                row("I", "Neutrophils ≥ 1.0 G/L", "LAB REQUIRED ANC GE 1 10*9/L"),
                row("I", "Hemoglobin ≥ 90 g/L", "LAB REQUIRED HEMOGLOBIN GE 9 g/dL"),
                row("I", "Haemoglobin ≥ 5.6 mmol/L", "LAB REQUIRED HEMOGLOBIN GE 9.024 g/dL"),
                row("I", "Hemoglobin > 8 mg/dl"),
                row("I", "Bilirubin ≤ 25 µmol/L", "LAB REQUIRED BILIRUBIN_TOTAL LE 1.462 mg/dL"),
                row("I", "Serum creatinine ≤ 133 µmol/L", "LAB REQUIRED CREATININE LE 1.504 mg/dL"),
                row("I", "Creatinine ≤ 1.5 mg/dl", "LAB REQUIRED CREATININE LE 1.5 mg/dL"),
                row("I", "Creatinine clearance ≥ 1 mL/s", "LAB REQUIRED CREATININE_CLEARANCE GE 60 mL/min"),
                row("I", "eGFR ≥ 60 ml/min", "LAB REQUIRED EGFR GE 60 mL/min/{1.73_m2}"),
                row("I", "ALT ≤ 100 IU/L", "LAB REQUIRED ALT LE 100 U/L"),
                row("I", "Glucose < 7.0 mmol/L", "LAB REQUIRED GLUCOSE LT 126.1 mg/dL"),
                row("I", "HbA1c ≤ 75 mmol/mol", "LAB REQUIRED HBA1C LE 9.013 %"),
                row("I", "Albumin ≥ 30 g/L", "LAB REQUIRED ALBUMIN GE 3 g/dL"));
    }

    static Stream<Arguments> organFunction() {
        return Stream.of(
                row("I", "LVEF ≥ 50% by echocardiogram or MUGA", "ORGAN_FUNCTION REQUIRED LVEF GE 50 %"),
                row("I", "Left ventricular ejection fraction of at least 45%", "ORGAN_FUNCTION REQUIRED LVEF GE 45 %"),
                row("I", "Oxygen saturation ≥ 92% on room air", "ORGAN_FUNCTION REQUIRED SPO2 GE 92 %"),
                row("E", "QTcF > 470 ms", "ORGAN_FUNCTION EXCLUDED QTC GT 470 ms"),
                row("E", "Mean QTc interval > 480 msec", "ORGAN_FUNCTION EXCLUDED QTC GT 480 ms"),
                row("I", "DLCO ≥ 50% predicted", "ORGAN_FUNCTION REQUIRED DLCO GE 50 %"),
                row("E", "LVEF < 40%", "ORGAN_FUNCTION EXCLUDED LVEF LT 40 %"),
                row("I", "FEV1 ≥ 1.5 L"),
                row("I", "QTc ≤ 4 ms"));
    }

    static Stream<Arguments> lifeExpectancy() {
        return Stream.of(
                row("I", "Life expectancy of at least 12 weeks", "LIFE_EXPECTANCY REQUIRED life_expectancy GE 12 wk"),
                row("I", "Life expectancy > 3 months", "LIFE_EXPECTANCY REQUIRED life_expectancy GT 3 mo"),
                row("I", "Expected survival ≥3 months", "LIFE_EXPECTANCY REQUIRED life_expectancy GE 3 mo"),
                row("I", "Life expectancy of greater than three (3) months", "LIFE_EXPECTANCY REQUIRED life_expectancy GT 3 mo"),
                row("I", "Life expectancy of 6 months", "LIFE_EXPECTANCY REQUIRED life_expectancy GE 6 mo"),
                row("E", "Life expectancy < 6 months", "LIFE_EXPECTANCY EXCLUDED life_expectancy LT 6 mo"),
                row("E", "Life expectancy of 6 months"),
                row("I", "Life expectancy is considered"));
    }

    static Stream<Arguments> reproductive() {
        return Stream.of(
                row("E", "Pregnant or breastfeeding", "PREGNANCY EXCLUDED pregnancy", "BREASTFEEDING EXCLUDED breastfeeding"),
                row("E", "Patients must not be pregnant", "PREGNANCY EXCLUDED pregnancy"),
                row("E", "Pregnancy", "PREGNANCY EXCLUDED pregnancy"),
                row("I", "Not pregnant or nursing", "PREGNANCY EXCLUDED pregnancy", "BREASTFEEDING EXCLUDED breastfeeding"),
                row("I", "Negative serum pregnancy test within 7 days", "PREGNANCY EXCLUDED pregnancy"),
                row("E", "Positive pregnancy test", "PREGNANCY EXCLUDED pregnancy"),
                row("I", "Pregnant women between 24 and 28 weeks of gestation", "PREGNANCY REQUIRED pregnancy"),
                row("E", "Lactating women", "BREASTFEEDING EXCLUDED breastfeeding"),
                row("I", "Women of childbearing potential must agree to use effective contraception",
                        "CONTRACEPTION REQUIRED contraception"),
                row("E", "Unwilling to use adequate contraception", "CONTRACEPTION REQUIRED contraception"),
                row("E", "Women of childbearing potential not using a highly effective method of contraception",
                        "CONTRACEPTION REQUIRED contraception"),
                row("E", "Use of oral contraceptives", "CONTRACEPTION EXCLUDED contraception"),
                // plans, partners, places
                row("E", "Planning to become pregnant during the study"),
                row("E", "Men whose partners are pregnant"),
                row("E", "Residents of a nursing home"),
                row("I", "Pregnancy test at screening"),
                row("I", "No contraindication to oral contraceptives"));
    }

    static Stream<Arguments> infection() {
        return Stream.of(
                row("E", "Known HIV infection", "INFECTION EXCLUDED HIV"),
                row("E", "Active hepatitis B or C", "INFECTION EXCLUDED HBV", "INFECTION EXCLUDED HCV"),
                row("E", "Active uncontrolled infection", "INFECTION EXCLUDED active_infection"),
                row("E", "Active bacterial, viral or fungal infection requiring systemic therapy",
                        "INFECTION EXCLUDED active_infection"),
                row("E", "Infection requiring intravenous antibiotics", "INFECTION EXCLUDED active_infection"),
                row("E", "Active tuberculosis", "INFECTION EXCLUDED TB"),
                row("I", "No active infection", "INFECTION EXCLUDED active_infection"),
                row("I", "HIV-negative", "INFECTION EXCLUDED HIV"),
                row("I", "Negative HIV test", "INFECTION EXCLUDED HIV"),
                row("I", "Documented HIV-1 infection", "INFECTION REQUIRED HIV"),
                row("E", "Patients without HIV infection", "INFECTION REQUIRED HIV"),
                row("I", "HIV testing is not required"),
                row("I", "Hepatitis B vaccination"),
                row("E", "HIV protease inhibitors"),
                row("I", "HBV DNA < 2000 IU/mL"),
                row("E", "History of urinary tract infections"),
                row("I", "TBS identified during surgery"));
    }

    static Stream<Arguments> gvhd() {
        return Stream.of(
                row("E", "Active grade ≥ 2 acute GVHD", "GVHD EXCLUDED gvhd GE 2"),
                row("E", "Grade II-IV acute graft-versus-host disease", "GVHD EXCLUDED gvhd GE 2"),
                row("E", "Chronic GvHD requiring systemic treatment", "GVHD EXCLUDED gvhd"),
                row("I", "No active GVHD", "GVHD EXCLUDED gvhd"),
                row("I", "Steroid-refractory acute GVHD grade III-IV", "GVHD REQUIRED gvhd GE 3"),
                row("I", "GVHD prophylaxis with tacrolimus"));
    }

    static Stream<Arguments> condition() {
        return Stream.of(
                row("I", "Diagnosis of acute myeloid leukemia", "CONDITION REQUIRED acute myeloid leukemia"),
                row("I", "Histologically confirmed non-small cell lung cancer", "CONDITION REQUIRED non-small cell lung cancer"),
                row("E", "Acute promyelocytic leukemia", "CONDITION EXCLUDED acute promyelocytic leukemia"),
                row("E", "History of myocardial infarction within the past 6 months",
                        "CONDITION EXCLUDED myocardial infarction within 6 mo"),
                row("E", "Known brain metastases", "CONDITION EXCLUDED brain metastases"),
                row("I", "No history of epilepsy", "CONDITION EXCLUDED epilepsy"),
                row("E", "Patients without a diagnosis of type 2 diabetes", "CONDITION REQUIRED type 2 diabetes mellitus"),
                row("I", "AML or MDS", "CONDITION REQUIRED acute myeloid leukemia or myelodysplastic syndrome"),
                row("E", "History of another malignancy within 5 years except curatively treated skin cancer",
                        "CONDITION EXCLUDED other malignancy within 5 a"),
                // narrowed, or not the patient's condition
                row("E", "Uncontrolled hypertension"),
                row("E", "Heart failure NYHA class III or IV"),
                row("E", "AML with normal karyotype"),
                row("E", "Family history of breast cancer"),
                row("E", "Prior chemotherapy for acute myeloid leukemia", "THERAPY EXCLUDED chemotherapy"),
                row("I", "Hamilton Depression Rating Scale score ≥ 18"),
                row("I", "Total bilirubin ≤ 1.5 × ULN except in Gilbert's syndrome", "LAB REQUIRED BILIRUBIN_TOTAL LE 1.5 xULN"),
                row("I", "Patients with ALL", "CONDITION REQUIRED acute lymphoblastic leukemia"),
                row("I", "ALL PATIENTS MUST SIGN CONSENT", "CONSENT REQUIRED consent"));
    }

    static Stream<Arguments> therapy() {
        return Stream.of(
                row("I", "No prior chemotherapy", "THERAPY EXCLUDED chemotherapy"),
                row("E", "Prior chemotherapy", "THERAPY EXCLUDED chemotherapy"),
                row("E", "No prior chemotherapy", "THERAPY EXCLUDED chemotherapy"),
                row("I", "Prior treatment with rituximab", "THERAPY REQUIRED rituximab"),
                row("E", "Patients who have not received prior chemotherapy", "THERAPY REQUIRED chemotherapy"),
                row("E", "Chemotherapy within 4 weeks prior to study entry", "THERAPY EXCLUDED chemotherapy within 4 wk"),
                row("E", "Radiotherapy in the last 6 months", "THERAPY EXCLUDED radiotherapy within 6 mo"),
                row("I", "At least 4 weeks since last chemotherapy", "THERAPY EXCLUDED chemotherapy within 4 wk"),
                row("I", "At least 2 weeks or 5 half-lives (whichever is shorter) since prior systemic therapy",
                        "THERAPY EXCLUDED systemic anticancer therapy within 2 wk"),
                row("E", "Less than 28 days since the last dose of an investigational agent",
                        "THERAPY EXCLUDED investigational agent within 28 d"),
                row("E", "Concurrent use of strong CYP3A4 inhibitors", "THERAPY EXCLUDED cyp3a4 inhibitors within 0 d"),
                row("E", "Patients on immunosuppressive drugs or active GvHD",
                        "THERAPY EXCLUDED immunosuppressive therapy within 0 d", "GVHD EXCLUDED gvhd"),
                row("E", "Received a live vaccine within 30 days", "THERAPY EXCLUDED live vaccine within 30 d"),
                row("I", "No chemotherapy, radiotherapy or immunotherapy within 4 weeks",
                        "THERAPY EXCLUDED chemotherapy within 4 wk", "THERAPY EXCLUDED radiotherapy within 4 wk",
                        "THERAPY EXCLUDED immunotherapy within 4 wk"),
                // "2 weeks" that is no window, therapies that are plans, allergies or reference points
                row("I", "Candidates for intensive chemotherapy"),
                row("I", "Able to receive chemotherapy"),
                row("E", "Known hypersensitivity to rituximab"),
                row("I", "Contraception for 2 weeks after the last dose of study treatment", "CONTRACEPTION REQUIRED contraception"),
                row("I", "Prior radiotherapy is allowed"),
                row("I", "Patients must attend visits every 2 weeks"),
                row("E", "Use of aspirin within 7 days prior to surgery", "THERAPY EXCLUDED aspirin within 7 d"),
                row("E", "AML secondary to prior chemotherapy"),
                row("I", "Prior chemotherapy or radiotherapy"));
    }

    static Stream<Arguments> procedure() {
        return Stream.of(
                row("E", "Prior allogeneic or cord blood transplant",
                        "PROCEDURE EXCLUDED allogeneic hematopoietic stem cell transplant", "PROCEDURE EXCLUDED cord blood transplant"),
                row("E", "Major surgery within 4 weeks", "PROCEDURE EXCLUDED major surgery within 4 wk"),
                row("I", "Prior autologous stem cell transplant", "PROCEDURE REQUIRED autologous hematopoietic stem cell transplant"),
                row("I", "No prior allogeneic HSCT", "PROCEDURE EXCLUDED allogeneic hematopoietic stem cell transplant"),
                row("E", "Patients currently on dialysis", "PROCEDURE EXCLUDED dialysis within 0 d"),
                row("I", "Eligible for allogeneic transplant"),
                row("I", "Scheduled for elective surgery"),
                row("E", "History of breast surgery"),
                row("I", "Age 3 to 18 years on day of surgery", "AGE REQUIRED age BETWEEN 3-18 a"));
    }

    static Stream<Arguments> diseaseStatus() {
        return Stream.of(
                row("I", "Relapsed or refractory AML", "DISEASE_STATUS REQUIRED relapsed_or_refractory",
                        "CONDITION REQUIRED acute myeloid leukemia"),
                row("I", "Achieved CR1 after induction chemotherapy", "DISEASE_STATUS REQUIRED remission EQ 1"),
                row("E", "≥ CR2 status.", "DISEASE_STATUS EXCLUDED remission GE 2"),
                row("I", "AML in CR1 or CR2", "CONDITION REQUIRED acute myeloid leukemia", "DISEASE_STATUS REQUIRED remission BETWEEN 1-2"),
                row("I", "At least one measurable lesion per RECIST 1.1", "DISEASE_STATUS REQUIRED measurable_disease"),
                row("I", "Newly diagnosed multiple myeloma", "DISEASE_STATUS REQUIRED newly_diagnosed",
                        "CONDITION REQUIRED multiple myeloma"),
                row("E", "Metastatic breast cancer", "DISEASE_STATUS EXCLUDED metastatic"),
                row("I", "Flow cytometry MRD negative", "DISEASE_STATUS REQUIRED mrd_negative"),
                row("I", "Breast cancer without distant metastases", "CONDITION REQUIRED breast cancer",
                        "DISEASE_STATUS EXCLUDED metastatic"),
                // other things called recurrent, relapse or stage IV
                row("E", "History of recurrent urinary tract infections"),
                row("E", "Chronic kidney disease stage IV"),
                row("I", "Relapse-free survival of 2 years"),
                row("E", "Bone metastases as the only site of measurable disease"));
    }

    static Stream<Arguments> biomarker() {
        return Stream.of(
                row("I", "EGFR-mutant non-small cell lung cancer", "BIOMARKER REQUIRED EGFR",
                        "CONDITION REQUIRED non-small cell lung cancer"),
                row("I", "ALK rearrangement", "BIOMARKER REQUIRED ALK"),
                row("I", "PD-L1 TPS ≥ 50%", "BIOMARKER REQUIRED PD-L1 GE 50 %"),
                row("I", "HER2-negative breast cancer", "BIOMARKER EXCLUDED HER2", "CONDITION REQUIRED breast cancer"),
                row("I", "Wild-type KRAS", "BIOMARKER EXCLUDED KRAS"),
                row("I", "FLT3-ITD mutation", "BIOMARKER REQUIRED FLT3"),
                row("E", "Known EGFR or ALK alterations", "BIOMARKER EXCLUDED EGFR", "BIOMARKER EXCLUDED ALK"),
                row("E", "Prior EGFR TKI therapy", "THERAPY EXCLUDED tyrosine kinase inhibitor"),
                row("I", "EGFR and ALK testing at screening"),
                row("I", "eGFR ≥ 60 mL/min/1.73 m2", "LAB REQUIRED EGFR GE 60 mL/min/{1.73_m2}"),
                row("I", "Anti-HER2 therapy"));
    }

    static Stream<Arguments> consent() {
        return Stream.of(
                row("I", "Written informed consent", "CONSENT REQUIRED consent"),
                row("I", "Able to understand and sign the informed consent form", "CONSENT REQUIRED consent"),
                row("E", "Unable to give informed consent", "CONSENT REQUIRED consent"),
                row("E", "Psychiatric illness that would preclude informed consent", "CONSENT REQUIRED consent"),
                row("I", "Hemoglobin ≥ 9 g/dL within 14 days prior to consent", "LAB REQUIRED HEMOGLOBIN GE 9 g/dL"));
    }

    static Stream<Arguments> combinations() {
        return Stream.of(
                row("I", "Creatinine clearance (estimated by Cockcroft Gault formula) > 60 mL/min; Serum ALT/AST ≤ 2.5 ULN; "
                                + "Total bilirubin ≤1.5 ULN, excluding subjects with Gilbert's syndrome",
                        "LAB REQUIRED CREATININE_CLEARANCE GT 60 mL/min", "LAB REQUIRED ALT LE 2.5 xULN",
                        "LAB REQUIRED AST LE 2.5 xULN", "LAB REQUIRED BILIRUBIN_TOTAL LE 1.5 xULN"),
                row("I", "ECOG 0-1 and life expectancy ≥ 12 weeks", "PERFORMANCE_STATUS REQUIRED ECOG BETWEEN 0-1",
                        "LIFE_EXPECTANCY REQUIRED life_expectancy GE 12 wk"),
                row("E", "Patients older than 70 years with heart failure"),
                row("I", "For patients with liver metastases: AST ≤ 5 × ULN"),
                row("I", "If female of childbearing potential, negative pregnancy test", "PREGNANCY EXCLUDED pregnancy"));
    }
}
