package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.MatchEvent.Outcome;
import io.trialstream.contracts.PatientEvent.Sex;
import io.trialstream.matching.evaluation.PatientFacts.Condition;
import io.trialstream.matching.evaluation.PatientFacts.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.trialstream.matching.evaluation.Facts.NOW;
import static io.trialstream.matching.evaluation.Facts.TODAY;
import static io.trialstream.matching.evaluation.Facts.criterion;
import static io.trialstream.matching.evaluation.Facts.days;
import static io.trialstream.matching.evaluation.Facts.patient;
import static io.trialstream.matching.evaluation.Facts.present;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of docs/criteria.md, both polarities: a patient who has the fact, one who is known not to, and one for
 * whom it is missing. REQUIRED: MET / NOT_MET / UNKNOWN; EXCLUDED: NOT_MET / MET / UNKNOWN. Missing never gives MET.
 */
class CriterionPolarityTest {
    final CriterionEvaluator evaluator = new CriterionEvaluator();

    record Case(Function<Polarity, Criterion> criterion, PatientFacts has, PatientFacts hasNot, PatientFacts missing) {
    }

    static Condition active(String system, String code, String display, String status) {
        return new Condition(List.of(new Concept(system, code, display)), status, "confirmed", TODAY.minusMonths(3), null, null, null, null, null);
    }

    static Observation fact(String system, String code, Double value, String unit, Concept answer, int daysAgo) {
        return new Observation(List.of(new Concept(system, code, null)), value, unit, answer, null, null, NOW.minus(days(daysAgo)), null, null);
    }

    static final Concept YES = new Concept(Concept.LOINC, "LA33-6", "Yes");
    static final Concept NO = new Concept(Concept.LOINC, "LA32-8", "No");
    static final PatientFacts HYPERTENSIVE = patient("other").snomed("38341003", "Hypertension").build();

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(Kind.AGE, new Case(p -> criterion("age", Kind.AGE, p, "age", Operator.BETWEEN, 18.0, 75.0, "a", null, null, null, "18-75 years"),
                        patient("a").born(TODAY.minusYears(45)).build(), patient("b").born(TODAY.minusYears(80)).build(),
                        patient("c").born(null).build())),
                Arguments.of(Kind.SEX, new Case(p -> criterion("sex", Kind.SEX, p, "sex", Operator.EQ, null, null, null, null, null,
                        List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, "female", null)), "women"),
                        patient("a").sex(Sex.FEMALE).build(), patient("b").sex(Sex.MALE).build(), patient("c").sex(Sex.UNKNOWN).build())),
                Arguments.of(Kind.CONDITION, new Case(p -> criterion("inc-1#1", Kind.CONDITION, p, "acute myeloid leukemia", Operator.PRESENT,
                        null, null, null, null, null, List.of(new Concept(Concept.SNOMED, "91861009", "Acute myeloid leukemia")), "diagnosis of AML"),
                        patient("a").snomed("91861009", "Acute myeloid leukemia (disorder)").build(), HYPERTENSIVE, patient("c").build())),
                Arguments.of(Kind.PERFORMANCE_STATUS, new Case(p -> criterion("inc-2#1", Kind.PERFORMANCE_STATUS, p, "ECOG", Operator.BETWEEN, 0.0, 2.0,
                        null, null, null, null, "ECOG 0-2"),
                        patient("a").lab("89247-1", 1, null, null, days(10)).build(), patient("b").lab("89247-1", 3, null, null, days(10)).build(),
                        patient("c").build())),
                Arguments.of(Kind.LAB, new Case(p -> criterion("inc-3#1", Kind.LAB, p, "ANC", Operator.GE, 1.5, null, "10*9/L", null, null, null, "ANC >= 1500/uL"),
                        patient("a").lab("751-8", 2.0, "10*9/L", null, days(3)).build(), patient("b").lab("751-8", 800, "/uL", null, days(3)).build(),
                        patient("c").build())),
                Arguments.of(Kind.ORGAN_FUNCTION, new Case(p -> criterion("exc-1#1", Kind.ORGAN_FUNCTION, p, "QTC", Operator.GT, 470.0, null, "ms", null, null, null, "QTcF > 470 ms"),
                        patient("a").lab("8636-3", 480, "ms", null, days(5)).build(), patient("b").lab("8636-3", 0.42, "s", null, days(5)).build(),
                        patient("c").build())),
                Arguments.of(Kind.PREGNANCY, new Case(p -> present(Kind.PREGNANCY, p, "pregnancy", "pregnant"),
                        patient("a").observation(fact(Concept.LOINC, "82810-3", null, null, new Concept(Concept.SNOMED, "77386006", "Pregnant"), 3)).build(),
                        patient("b").observation(fact(Concept.LOINC, "82810-3", null, null, new Concept(Concept.SNOMED, "60001007", "Not pregnant"), 3)).build(),
                        patient("c").sex(Sex.FEMALE).build())),
                Arguments.of(Kind.BREASTFEEDING, new Case(p -> present(Kind.BREASTFEEDING, p, "breastfeeding", "breastfeeding"),
                        patient("a").observation(fact(Concept.LOINC, "63895-7", null, null, YES, 3)).build(),
                        patient("b").observation(fact(Concept.LOINC, "63895-7", null, null, NO, 3)).build(), patient("c").build())),
                Arguments.of(Kind.CONTRACEPTION, new Case(p -> present(Kind.CONTRACEPTION, p, "contraception", "effective contraception"),
                        patient("a").observation(fact(ClinicalCodes.FACT_SYSTEM, "contraception", null, null, YES, 3)).build(),
                        patient("b").observation(fact(ClinicalCodes.FACT_SYSTEM, "contraception", null, null, NO, 3)).build(), patient("c").build())),
                Arguments.of(Kind.INFECTION, new Case(p -> present(Kind.INFECTION, p, "HIV", "known HIV infection"),
                        patient("a").condition(active(Concept.SNOMED, "86406008", "Human immunodeficiency virus infection", "active")).build(),
                        HYPERTENSIVE, patient("c").build())),
                Arguments.of(Kind.GVHD, new Case(p -> present(Kind.GVHD, p, "gvhd", "active acute GVHD"),
                        patient("a").condition(active(Concept.SNOMED, "402355000", "Acute graft-versus-host disease", "active")).build(),
                        patient("b").condition(active(Concept.SNOMED, "402355000", "Acute graft-versus-host disease", "resolved"))
                                .snomed("38341003", "Hypertension").build(), patient("c").build())),
                Arguments.of(Kind.THERAPY, new Case(p -> criterion("exc-2#1", Kind.THERAPY, p, "chemotherapy", Operator.PRESENT, null, null, null, null,
                        new Criterion.TimeWindow(4.0, "wk", "WITHIN"), null, "chemotherapy within 4 weeks"),
                        patient("a").medication("1234", "Cytarabine 100 MG Injection", "completed", TODAY.minusDays(20), TODAY.minusDays(7)).build(),
                        patient("b").medication("1234", "Cytarabine 100 MG Injection", "completed", TODAY.minusMonths(8), TODAY.minusMonths(7)).build(),
                        patient("c").build())),
                Arguments.of(Kind.PROCEDURE, new Case(p -> present(Kind.PROCEDURE, p, "allogeneic stem cell transplant", "prior allogeneic transplant"),
                        patient("a").procedure("234336002", "Umbilical cord blood transplantation", TODAY.minusYears(1)).build(),
                        patient("b").procedure("80146002", "Appendectomy", TODAY.minusYears(3)).build(), patient("c").build())),
                Arguments.of(Kind.LIFE_EXPECTANCY, new Case(p -> criterion("inc-4#1", Kind.LIFE_EXPECTANCY, p, "life_expectancy", Operator.GE, 12.0, null, "wk",
                        null, null, null, "life expectancy >= 12 weeks"),
                        patient("a").observation(fact(ClinicalCodes.FACT_SYSTEM, "life-expectancy", 6.0, "mo", null, 5)).build(),
                        patient("b").observation(fact(ClinicalCodes.FACT_SYSTEM, "life-expectancy", 1.0, "mo", null, 5)).build(), patient("c").build())),
                Arguments.of(Kind.DISEASE_STATUS, new Case(p -> present(Kind.DISEASE_STATUS, p, "relapsed", "relapsed AML"),
                        patient("a").condition(active(Concept.SNOMED, "91861009", "Acute myeloid leukemia", "relapse")).build(),
                        patient("b").condition(active(Concept.SNOMED, "91861009", "Acute myeloid leukemia", "remission")).build(),
                        patient("c").condition(active(Concept.SNOMED, "91861009", "Acute myeloid leukemia", "active")).build())),
                Arguments.of(Kind.BIOMARKER, new Case(p -> present(Kind.BIOMARKER, p, "FLT3", "FLT3-ITD"),
                        patient("a").observation(variant("HGNC:3765", "LA9633-4")).build(),
                        patient("b").observation(variant("HGNC:3765", "LA9634-2")).build(), patient("c").build())));
    }

    static Observation variant(String hgnc, String answer) {
        return new Observation(List.of(new Concept(Concept.LOINC, "69548-6", null), new Concept("http://www.genenames.org/geneId", hgnc, null)),
                null, null, new Concept(Concept.LOINC, answer, null), null, null, NOW.minus(days(30)), null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void requiredIsMetOnlyWhenTheFactHolds(Kind kind, Case c) {
        Criterion required = c.criterion().apply(Polarity.REQUIRED);
        assertThat(outcome(required, c.has())).as("has the fact").isEqualTo(Outcome.MET);
        assertThat(outcome(required, c.hasNot())).as("known not to have it").isEqualTo(Outcome.NOT_MET);
        assertThat(outcome(required, c.missing())).as("fact missing").isEqualTo(Outcome.UNKNOWN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void excludedIsMetOnlyWhenTheFactIsKnownAbsent(Kind kind, Case c) {
        Criterion excluded = c.criterion().apply(Polarity.EXCLUDED);
        assertThat(outcome(excluded, c.has())).as("has the excluding fact").isEqualTo(Outcome.NOT_MET);
        assertThat(outcome(excluded, c.hasNot())).as("known not to have it").isEqualTo(Outcome.MET);
        assertThat(outcome(excluded, c.missing())).as("fact missing").isEqualTo(Outcome.UNKNOWN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anUnknownOutcomeNamesTheFactThatWouldDecideIt(Kind kind, Case c) {
        CriterionEvaluator.Judgement j = evaluator.judge(c.criterion().apply(Polarity.REQUIRED), c.missing(), NOW);
        assertThat(j.neededInfo()).isNotBlank();
    }

    @Test
    void consentIsAlwaysMetAndUnparsedTextAlwaysUnknownWhateverThePolarity() {
        for (Polarity p : Polarity.values()) {
            assertThat(outcome(present(Kind.CONSENT, p, "consent", "written informed consent"), HYPERTENSIVE)).isEqualTo(Outcome.MET);
            Criterion unparsed = criterion("inc-9", Kind.UNPARSED, p, null, null, null, null, null, null, null, null, "Severe organ dysfunction");
            CriterionEvaluator.Judgement j = evaluator.judge(unparsed, HYPERTENSIVE, NOW);
            assertThat(j.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(j.neededInfo()).isEqualTo("review: Severe organ dysfunction");
        }
    }

    Outcome outcome(Criterion c, PatientFacts p) {
        return evaluator.judge(c, p, NOW).outcome();
    }
}
