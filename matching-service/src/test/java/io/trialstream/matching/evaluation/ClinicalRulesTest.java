package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.MatchEvent.Outcome;
import io.trialstream.matching.vocabulary.UnitConversion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.trialstream.matching.evaluation.Facts.NOW;
import static io.trialstream.matching.evaluation.Facts.TODAY;
import static io.trialstream.matching.evaluation.Facts.criterion;
import static io.trialstream.matching.evaluation.Facts.days;
import static io.trialstream.matching.evaluation.Facts.patient;
import static org.assertj.core.api.Assertions.assertThat;

/** The clinical rules a coordinator would check by hand: units, ULN, freshness, scales, hierarchy, exceptions. */
class ClinicalRulesTest {
    final CriterionEvaluator evaluator = new CriterionEvaluator();

    CriterionEvaluator.Judgement judge(Criterion c, PatientFacts p) {
        return evaluator.judge(c, p, NOW);
    }

    static Criterion lab(String analyte, Operator op, Double value, String unit, Double uln, String text) {
        return criterion("inc-lab", Kind.LAB, Polarity.REQUIRED, analyte, op, value, null, unit, uln, null, null, text);
    }

    @ParameterizedTest(name = "bilirubin {0} {1} vs ≤ 1.5 mg/dL → {2}")
    @CsvSource({
            "20, umol/L, MET",      // 1.17 mg/dL
            "30, µmol/L, NOT_MET",  // 1.75 mg/dL: molar conversion with 584.66 g/mol
            "1.4, mg/dl, MET",      // lab spelling of mg/dL
            "16, mg/L, NOT_MET",    // 1.6 mg/dL
    })
    void labLimitsCompareInConvertedUnits(double value, String unit, Outcome expected) {
        var p = patient("p").lab("1975-2", value, unit, null, days(2)).build();
        assertThat(judge(lab("BILIRUBIN_TOTAL", Operator.LE, 1.5, "mg/dL", null, "bilirubin <= 1.5 mg/dL"), p).outcome()).isEqualTo(expected);
    }

    @Test
    void countsConvertBetweenPerMicrolitreAndGigaPerLitre() {
        var p = patient("p").lab("777-3", 90_000, "/uL", null, days(1)).build();
        var j = judge(lab("PLATELETS", Operator.GE, 100.0, "10*9/L", null, "platelets >= 100,000/uL"), p);
        assertThat(j.outcome()).isEqualTo(Outcome.NOT_MET);
        assertThat(j.result().explanation()).contains("= 90 10*9/L");
        assertThat(new UnitConversion().convert(1.0, "mg/dL", "umol/L", io.trialstream.contracts.vocab.Analyte.CREATININE).getAsDouble())
                .isCloseTo(88.4, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void uLnMultiplesUseThePatientsOwnReferenceRange() {
        Criterion alt = lab("ALT", Operator.LE, null, null, 2.5, "ALT <= 2.5 x ULN");
        // 100 U/L is 2.0 × this lab's ULN of 50 but 2.9 × a lab whose ULN is 35
        assertThat(judge(alt, patient("a").lab("1742-6", 100, "U/L", 50.0, days(3)).build()).outcome()).isEqualTo(Outcome.MET);
        assertThat(judge(alt, patient("b").lab("1742-6", 100, "U/L", 35.0, days(3)).build()).outcome()).isEqualTo(Outcome.NOT_MET);
        var noRange = judge(alt, patient("c").lab("1742-6", 30, "U/L", null, days(3)).build());
        assertThat(noRange.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(noRange.neededInfo()).isEqualTo("ALT reference range (ULN)");
    }

    @Test
    void aStaleLabIsUnknownAndTheLatestFreshValueWins() {
        Criterion anc = lab("ANC", Operator.GE, 1.5, "10*9/L", null, "ANC >= 1.5");
        var stale = judge(anc, patient("a").lab("751-8", 3.0, "10*9/L", null, days(45)).build());
        assertThat(stale.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(stale.neededInfo()).isEqualTo("lab ANC (LOINC 751-8) within 30 days");
        assertThat(stale.result().evidence()).singleElement().satisfies(e -> assertThat(e.observedAt()).isEqualTo(NOW.minus(days(45))));
        var latest = judge(anc, patient("b").lab("751-8", 3.0, "10*9/L", null, days(20)).lab("751-8", 0.9, "10*9/L", null, days(2)).build());
        assertThat(latest.outcome()).isEqualTo(Outcome.NOT_MET);
        // a configured window of 60 days makes the 45-day-old value count
        var lenient = new CriterionEvaluator(FreshnessPolicy.defaults().with(FactKind.LAB, Duration.ofDays(60)), new UnitConversion());
        assertThat(lenient.judge(anc, patient("a").lab("751-8", 3.0, "10*9/L", null, days(45)).build(), NOW).outcome()).isEqualTo(Outcome.MET);
    }

    @Test
    void ecogAndKarnofskyConvert() {
        Criterion ecog02 = criterion("ps", Kind.PERFORMANCE_STATUS, Polarity.REQUIRED, "ECOG", Operator.BETWEEN, 0.0, 2.0, null, null, null, null, "ECOG 0-2");
        Criterion kps70 = criterion("ps", Kind.PERFORMANCE_STATUS, Polarity.REQUIRED, "KARNOFSKY", Operator.GE, 70.0, null, null, null, null, null, "KPS >= 70");
        Criterion kps80 = criterion("ps", Kind.PERFORMANCE_STATUS, Polarity.REQUIRED, "KARNOFSKY", Operator.GE, 80.0, null, null, null, null, null, "KPS >= 80");
        var kps60 = patient("a").lab("89243-0", 60, null, null, days(5)).build();   // ECOG 2
        var kps40 = patient("b").lab("89243-0", 40, null, null, days(5)).build();   // ECOG 3
        var ecog1 = patient("c").lab("89247-1", 1, null, null, days(5)).build();    // KPS 70–80
        assertThat(judge(ecog02, kps60).outcome()).isEqualTo(Outcome.MET);
        assertThat(judge(ecog02, kps40).outcome()).isEqualTo(Outcome.NOT_MET);
        assertThat(judge(kps70, ecog1).outcome()).isEqualTo(Outcome.MET);
        var undecided = judge(kps80, ecog1);
        assertThat(undecided.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(undecided.result().explanation()).contains("Karnofsky 70–80");
        // the LOINC answer code alone is enough
        var answered = patient("d").coded(Concept.LOINC, "89247-1", new Concept(Concept.LOINC, "LA9624-3", null), days(5)).build();
        assertThat(judge(ecog02, answered).outcome()).isEqualTo(Outcome.MET);
    }

    @ParameterizedTest(name = "patient {1} matches a trial asking for \"{0}\": {2}")
    @CsvSource({
            "acute leukemia, 91861009, true",
            "myeloid malignancy, 91861009, true",
            "hematologic malignancy, 91861009, true",
            "cancer, 91861009, true",
            "acute lymphoblastic leukemia, 91861009, false",
            "Acute Myeloid Leukemia, 17788007, true",
            "myeloid malignancy, 92818009, true",
            "acute leukemia, 92818009, false",
            "non-small cell lung cancer, 424132000, true",
            "prostate cancer, 126906006, false",
    })
    void conditionsMatchDescendantsAndSynonyms(String asked, String patientSnomed, boolean matches) {
        Criterion c = criterion("inc-1#1", Kind.CONDITION, Polarity.REQUIRED, asked, Operator.PRESENT, null, null, null, null, null, null, "diagnosis of " + asked);
        var p = patient("p").snomed(patientSnomed, null).snomed("38341003", "Hypertension").build();
        assertThat(judge(c, p).outcome()).isEqualTo(matches ? Outcome.MET : Outcome.NOT_MET);
    }

    @Test
    void icd10CodesMatchByPrefixAndAcronymsOnlyInUpperCase() {
        Criterion aml = criterion("inc-1#1", Kind.CONDITION, Polarity.REQUIRED, "AML", Operator.PRESENT, null, null, null, null, null, null, "AML");
        var icd = patient("p").condition(Concept.ICD10CM, "C92.00", null, "active", TODAY.minusMonths(1)).build();
        assertThat(judge(aml, icd).outcome()).isEqualTo(Outcome.MET);
        Criterion all = criterion("inc-1#2", Kind.CONDITION, Polarity.REQUIRED, "all", Operator.PRESENT, null, null, null, null, null, null, "all");
        assertThat(judge(all, icd).outcome()).as("'all' is not a leukaemia").isEqualTo(Outcome.UNKNOWN);
        var text = patient("q").condition(null, null, "Suspected acute myeloid leukemia", "active", TODAY).snomed("38341003", "Hypertension").build();
        assertThat(judge(aml, text).outcome()).as("a suspicion is not a diagnosis").isEqualTo(Outcome.NOT_MET);
    }

    @Test
    void exceptionsInTheCriterionTextAreHonoured() {
        Criterion bilirubin = lab("BILIRUBIN_TOTAL", Operator.LE, null, null, 1.5, "Total bilirubin ≤1.5 ULN, excluding subjects with Gilbert's syndrome");
        var gilbert = patient("g").lab("1975-2", 3.0, "mg/dL", 1.2, days(2)).snomed("27503000", "Gilbert syndrome").build();
        var other = patient("o").lab("1975-2", 3.0, "mg/dL", 1.2, days(2)).snomed("38341003", "Hypertension").build();
        assertThat(judge(bilirubin, gilbert).outcome()).isEqualTo(Outcome.MET);
        assertThat(judge(bilirubin, gilbert).result().explanation()).contains("exempt");
        assertThat(judge(bilirubin, other).outcome()).isEqualTo(Outcome.NOT_MET);

        Criterion systemic = criterion("inc-3#1", Kind.THERAPY, Polarity.EXCLUDED, "systemic treatment", Operator.PRESENT, null, null, null, null,
                new Criterion.TimeWindow(2.0, "wk", "WITHIN"), null,
                "At least 2 weeks from prior systemic treatment, except for immune checkpoint inhibitors/agonists");
        var nivolumab = patient("n").medication("1597876", "nivolumab 100 MG Injection", "completed", TODAY.minusDays(10), TODAY.minusDays(5)).build();
        var cytarabine = patient("c").medication("1234", "Cytarabine 100 MG Injection", "completed", TODAY.minusDays(10), TODAY.minusDays(5)).build();
        assertThat(judge(systemic, nivolumab).outcome()).isEqualTo(Outcome.MET);
        assertThat(judge(systemic, cytarabine).outcome()).isEqualTo(Outcome.NOT_MET);

        Criterion priorCancer = criterion("exc-4#1", Kind.CONDITION, Polarity.EXCLUDED, "malignancy", Operator.PRESENT, null, null, null, null,
                new Criterion.TimeWindow(5.0, "a", "WITHIN"), null, "Other malignancy within 5 years except carcinoma in situ of the cervix");
        var cis = patient("s").condition(Concept.ICD10CM, "D06.9", "Carcinoma in situ of the cervix", "resolved", TODAY.minusYears(2)).build();
        var melanoma = patient("m").condition(Concept.SNOMED, "372244006", "Malignant melanoma", "resolved", TODAY.minusYears(2)).build();
        assertThat(judge(priorCancer, cis).outcome()).isEqualTo(Outcome.MET);
        assertThat(judge(priorCancer, melanoma).outcome()).isEqualTo(Outcome.NOT_MET);
        var longAgo = patient("l").condition(Concept.SNOMED, "372244006", "Malignant melanoma", "resolved", TODAY.minusYears(9)).build();
        assertThat(judge(priorCancer, longAgo).outcome()).as("outside the 5-year window").isEqualTo(Outcome.MET);
    }

    @Test
    void requiredAlternativesHoldWhenAnyAlternativeHolds() {
        Criterion creatinine = lab("CREATININE", Operator.LE, 1.5, "mg/dL", null, "creatinine <= 1.5 mg/dL");
        Criterion anc = lab("ANC", Operator.GE, 1.5, "10*9/L", null, "ANC >= 1.5 x 10^9/L");
        Criterion group = new Criterion("inc-4#1", Kind.UNPARSED, Polarity.REQUIRED, null, null, null, null, null, null, null,
                null, "inc-4", null, "creatinine <= 1.5 mg/dL or ANC >= 1.5 x 10^9/L", 0.9, List.of(creatinine, anc));
        var secondHolds = patient("a").lab("2160-0", 2.0, "mg/dL", null, days(3)).lab("751-8", 2.0, "10*9/L", null, days(3)).build();
        var firstHolds = patient("b").lab("2160-0", 1.0, "mg/dL", null, days(3)).build();
        var neither = patient("c").lab("2160-0", 2.0, "mg/dL", null, days(3)).lab("751-8", 1.0, "10*9/L", null, days(3)).build();
        var undecided = patient("d").lab("2160-0", 2.0, "mg/dL", null, days(3)).build();

        assertThat(judge(group, secondHolds).outcome()).isEqualTo(Outcome.MET);
        assertThat(judge(group, secondHolds).result().evidence()).extracting("value").containsExactly("2");
        assertThat(judge(group, firstHolds).outcome()).as("one alternative decides; the other is not needed").isEqualTo(Outcome.MET);
        assertThat(judge(group, neither).outcome()).isEqualTo(Outcome.NOT_MET);
        assertThat(judge(group, neither).result().evidence()).hasSize(2);
        var open = judge(group, undecided);
        assertThat(open.outcome()).as("NOT_MET and UNKNOWN: the unknown alternative could still hold").isEqualTo(Outcome.UNKNOWN);
        assertThat(open.neededInfo()).contains("ANC");
        assertThat(new EligibilityEvaluator().evaluate(List.of(group), neither, NOW).verdict()).isEqualTo(io.trialstream.contracts.MatchEvent.Verdict.INELIGIBLE);
        assertThat(new EligibilityEvaluator().evaluate(List.of(group), undecided, NOW).verdict())
                .isEqualTo(io.trialstream.contracts.MatchEvent.Verdict.POSSIBLY_ELIGIBLE);
        // a reader that ignores anyOf sees an UNPARSED criterion: UNKNOWN, never a wrong exclusion
        Criterion withoutMembers = new Criterion("inc-4#1", Kind.UNPARSED, Polarity.REQUIRED, null, null, null, null, null, null,
                null, null, "inc-4", null, group.text(), 0.9);
        assertThat(judge(withoutMembers, neither).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void evidenceNamesTheFactItsValueAndTime() {
        var p = patient("p").lab("2160-0", 1.1, "mg/dL", 1.2, days(4)).build();
        var j = judge(lab("CREATININE", Operator.LE, null, null, 1.5, "creatinine <= 1.5 x ULN"), p);
        assertThat(j.result().evidence()).extracting("fact", "value", "unit", "observedAt")
                .contains(org.assertj.core.groups.Tuple.tuple("observation CREATININE", "1.1", "mg/dL", NOW.minus(days(4))));
    }

    @Test
    void aMaleIsNotPregnantAndAContraceptiveMedicationCounts() {
        Criterion pregnancy = Facts.present(Kind.PREGNANCY, Polarity.EXCLUDED, "pregnancy", "pregnancy");
        assertThat(judge(pregnancy, patient("m").sex(io.trialstream.contracts.PatientEvent.Sex.MALE).build()).outcome()).isEqualTo(Outcome.MET);
        Criterion contraception = Facts.present(Kind.CONTRACEPTION, Polarity.REQUIRED, "contraception", "effective contraception");
        var implant = patient("f").medication("389221", "Etonogestrel 68 MG Drug Implant", "active", TODAY.minusYears(1), null).build();
        assertThat(judge(contraception, implant).outcome()).isEqualTo(Outcome.MET);
        assertThat(judge(contraception, patient("g").build()).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void biomarkerExpressionComparesTheValue() {
        Criterion pdl1 = criterion("inc-5#1", Kind.BIOMARKER, Polarity.REQUIRED, "PD-L1", Operator.GE, 50.0, null, "%", null, null, null, "PD-L1 TPS >= 50%");
        var high = patient("h").observation(new PatientFacts.Observation(List.of(new Concept(Concept.LOINC, "85147-7", null)), 60.0, "%",
                null, null, null, NOW.minus(days(20)), null, null)).build();
        var low = patient("l").observation(new PatientFacts.Observation(List.of(new Concept(Concept.LOINC, "85147-7", null)), 10.0, "%",
                null, null, null, NOW.minus(days(20)), null, null)).build();
        assertThat(judge(pdl1, high).outcome()).isEqualTo(Outcome.MET);
        assertThat(judge(pdl1, low).outcome()).isEqualTo(Outcome.NOT_MET);
    }
}
