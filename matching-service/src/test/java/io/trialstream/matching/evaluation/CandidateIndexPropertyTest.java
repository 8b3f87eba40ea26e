package io.trialstream.matching.evaluation;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Operator;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.MatchEvent.Verdict;
import io.trialstream.contracts.PatientEvent.Sex;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.trialstream.matching.evaluation.Facts.NOW;
import static io.trialstream.matching.evaluation.Facts.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The candidate index returns exactly the matches of a naive scan: for random trials (age, sex, condition criteria of
 * both polarities, codes, synonyms, unknown codes) and random patients (known/unknown sex and birth date, diagnoses
 * coded in SNOMED or ICD-10-CM, text-only, unknown, refuted, resolved, or none), every trial the evaluator does not
 * find INELIGIBLE is admitted by the index, so evaluating only the admitted trials gives the same match set.
 * jqwik 1.9.3 runs on this project's JUnit Platform 6.0.3.
 */
class CandidateIndexPropertyTest {
    final EligibilityEvaluator evaluator = new EligibilityEvaluator();
    final CandidateIndex index = new CandidateIndex();

    static final List<Concept> CRITERION_CONCEPTS = List.of(
            new Concept(Concept.SNOMED, "91861009", "Acute myeloid leukemia"), new Concept(Concept.SNOMED, "91855006", "Acute leukemia"),
            new Concept(Concept.SNOMED, "91857003", "Acute lymphoid leukemia"), new Concept(Concept.SNOMED, "254837009", "Breast cancer"),
            new Concept(Concept.ICD10CM, "C92.0", null), new Concept(Concept.SNOMED, "91302008", "Sepsis"),
            new Concept(Concept.SNOMED, "999999999", "Something unknown"), new Concept(Concept.SNOMED, "234646005", "GVHD"));
    static final List<String> CRITERION_NAMES = List.of("myeloid malignancy", "acute leukemia", "cancer", "AML",
            "hematologic malignancy", "lung cancer", "rare disease nobody coded");

    static final List<Concept> PATIENT_CODES = List.of(
            new Concept(Concept.SNOMED, "91861009", "Acute myeloid leukemia (disorder)"), new Concept(Concept.ICD10CM, "C92.01", null),
            new Concept(Concept.SNOMED, "92818009", "Chronic myeloid leukemia"), new Concept(Concept.SNOMED, "91857003", null),
            new Concept(Concept.SNOMED, "254837009", null), new Concept(Concept.SNOMED, "424132000", "Non-small cell carcinoma of lung"),
            new Concept(Concept.SNOMED, "38341003", "Hypertension"), new Concept(null, null, "Acute myeloid leukaemia"),
            new Concept(Concept.SNOMED, "12345", "Unlisted disorder"), new Concept(Concept.SNOMED, "999999999", null),
            new Concept(Concept.SNOMED, "162573006", "Suspected lung cancer (situation)"));

    @Provide
    Arbitrary<Criterion> criterion() {
        Arbitrary<Polarity> polarity = Arbitraries.of(Polarity.class);
        Arbitrary<Criterion> age = Combinators.combine(polarity, Arbitraries.of(Operator.GE, Operator.GT, Operator.LE, Operator.LT, Operator.BETWEEN),
                Arbitraries.integers().between(0, 90), Arbitraries.integers().between(0, 40), Arbitraries.of(0.0, 0.5))
                .as((p, op, v, w, frac) -> new Criterion("age", Kind.AGE, p, "age", op, v + frac, op == Operator.BETWEEN ? v + w + frac : null,
                        "a", null, null, null, null, null, "age", 1.0));
        Arbitrary<Criterion> sex = Combinators.combine(polarity, Arbitraries.of("female", "male", "other"))
                .as((p, s) -> new Criterion("sex", Kind.SEX, p, "sex", Operator.EQ, null, null, null, null, null,
                        List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, s, null)), null, null, "sex", 1.0));
        Arbitrary<Criterion> condition = Combinators.combine(polarity, Arbitraries.of(CRITERION_CONCEPTS).list().ofMaxSize(2),
                        Arbitraries.of(CRITERION_NAMES).injectNull(0.3), Arbitraries.of("diagnosis of", "history of", "prior"))
                .as((p, concepts, name, text) -> new Criterion("inc-1#1", Kind.CONDITION, p, name, Operator.PRESENT, null, null, null, null,
                        null, concepts.isEmpty() ? null : concepts, "inc-1", null, text + " " + (name == null ? "acute leukemia" : name), 0.9));
        Arbitrary<Criterion> lab = polarity.map(p -> new Criterion("inc-2#1", Kind.LAB, p, "ANC", Operator.GE, 1.5, null, "10*9/L",
                null, null, null, "inc-2", null, "ANC >= 1.5", 0.9));
        return Arbitraries.oneOf(age, sex, condition, condition, lab);
    }

    @Provide
    Arbitrary<PatientFacts> patient() {
        Arbitrary<PatientFacts.Condition> condition = Combinators.combine(Arbitraries.of(PATIENT_CODES),
                        Arbitraries.of("active", "resolved", "remission", "relapse").injectNull(0.2),
                        Arbitraries.of("confirmed", "refuted").injectNull(0.5), Arbitraries.integers().between(0, 4000))
                .as((code, status, verification, days) -> new PatientFacts.Condition(List.of(code), status, verification,
                        TODAY.minusDays(days), null, null, null, null, null));
        Arbitrary<LocalDate> birth = Arbitraries.integers().between(0, 95 * 366).map(TODAY::minusDays).injectNull(0.15);
        Arbitrary<Sex> sex = Arbitraries.of(Sex.class).injectNull(0.1);
        return Combinators.combine(birth, sex, condition.list().ofMaxSize(3))
                .as((b, s, conditions) -> new PatientFacts("p", b, s, conditions, List.of(), List.of(), List.of()));
    }

    @Property(tries = 2000)
    void theIndexAdmitsEveryTrialTheNaiveScanWouldMatch(@ForAll("patient") PatientFacts patient,
                                                        @ForAll("trials") List<List<Criterion>> trials) {
        CandidateIndex.PatientKeys pk = index.patientKeys(patient);
        List<Integer> naive = new ArrayList<>();
        List<Integer> indexed = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            boolean matches = evaluator.evaluate(trials.get(i), patient, NOW).verdict() != Verdict.INELIGIBLE;
            boolean admitted = index.admits(index.trialKeys(trials.get(i)), pk, TODAY);
            if (matches) {
                naive.add(i);
            }
            if (admitted && matches) {
                indexed.add(i);
            }
            Statistics.label("pruned by the index").collect(admitted ? "admitted" : "pruned");
        }
        assertThat(indexed).isEqualTo(naive);
    }

    @Provide
    Arbitrary<List<List<Criterion>>> trials() {
        return criterion().list().ofMinSize(1).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(8);
    }

    /** Not vacuous: the index does prune, e.g. a breast-cancer trial for an AML patient. */
    @Property(tries = 1)
    void theIndexPrunesTrialsThatCannotMatch() {
        PatientFacts aml = new PatientFacts("p", TODAY.minusYears(40), Sex.MALE,
                List.of(new PatientFacts.Condition(List.of(PATIENT_CODES.get(0)), "active", null, TODAY, null, null, null, null, null)),
                List.of(), List.of(), List.of());
        Criterion breast = new Criterion("inc-1#1", Kind.CONDITION, Polarity.REQUIRED, "breast cancer", Operator.PRESENT, null, null, null,
                null, null, List.of(CRITERION_CONCEPTS.get(3)), null, null, "breast cancer", 0.9);
        Criterion women = new Criterion("sex", Kind.SEX, Polarity.REQUIRED, "sex", Operator.EQ, null, null, null, null, null,
                List.of(new Concept(Concept.ADMINISTRATIVE_GENDER, "female", null)), null, null, "sex", 1.0);
        Criterion acuteLeukemia = new Criterion("inc-1#1", Kind.CONDITION, Polarity.REQUIRED, "acute leukemia", Operator.PRESENT, null, null, null,
                null, null, null, null, null, "acute leukemia", 0.9);
        CandidateIndex.PatientKeys pk = index.patientKeys(aml);
        assertThat(index.admits(index.trialKeys(List.of(breast)), pk, TODAY)).isFalse();
        assertThat(index.admits(index.trialKeys(List.of(women)), pk, TODAY)).isFalse();
        assertThat(index.admits(index.trialKeys(List.of(acuteLeukemia)), pk, TODAY)).isTrue();
        assertThat(Optional.of(index.trialKeys(List.of(acuteLeukemia)).conditionKeys())).get().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.COLLECTION).contains("ACUTE_LEUKEMIA");
    }
}
