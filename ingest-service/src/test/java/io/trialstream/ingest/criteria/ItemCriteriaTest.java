package io.trialstream.ingest.criteria;

import io.trialstream.contracts.Concept;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Criterion.Kind;
import io.trialstream.contracts.Criterion.Polarity;
import io.trialstream.contracts.Eligibility.AgeBound;
import io.trialstream.contracts.Eligibility.CriterionItem;
import io.trialstream.ingest.parsing.StructuredCriteria;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How criteria of one item are assembled: ids, spans, UNPARSED parts, confidence, the structured fields. */
class ItemCriteriaTest {

    private static List<Criterion> extract(String id, String text, Polarity list) {
        return CriteriaExtractor.standard().extract(new CriterionItem(id, text), list);
    }

    @Test
    void idsAreItemIdAndPositionInTextOrderAndStableAcrossParses() {
        String text = "ECOG 0-1; ANC ≥ 1,500/µL; a sample of stool must be provided to the central laboratory";
        List<Criterion> first = extract("inc-1a2b", text, Polarity.REQUIRED);
        assertThat(first).extracting(Criterion::id).containsExactly("inc-1a2b#1", "inc-1a2b#2", "inc-1a2b#3");
        assertThat(first).extracting(Criterion::kind).containsExactly(Kind.PERFORMANCE_STATUS, Kind.LAB, Kind.UNPARSED);
        assertThat(extract("inc-1a2b", text, Polarity.REQUIRED)).isEqualTo(first);
    }

    @Test
    void everyCriterionNamesItsItemAndTheExactTextItCameFrom() {
        String text = "Total bilirubin ≤ 1.5 × ULN and creatinine clearance ≥ 60 mL/min";
        for (Criterion c : extract("inc-9", text, Polarity.REQUIRED)) {
            assertThat(c.sourceItemId()).isEqualTo("inc-9");
            assertThat(c.text()).isEqualTo(text.substring(c.span().start(), c.span().end()));
        }
        assertThat(extract("inc-9", text, Polarity.REQUIRED)).extracting(Criterion::text)
                .containsExactly("Total bilirubin ≤ 1.5 × ULN", "creatinine clearance ≥ 60 mL/min");
    }

    @Test
    void requiredAlternativesAreOneUnparsedCriterionWithTheTypedAlternativesInside() {
        String text = "Adequate renal function: creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min";
        List<Criterion> criteria = extract("inc-4", text, Polarity.REQUIRED);
        Criterion group = criteria.stream().filter(c -> c.anyOf() != null).findFirst().orElseThrow();
        assertThat(group.kind()).isEqualTo(Kind.UNPARSED);
        assertThat(group.polarity()).isEqualTo(Polarity.REQUIRED);
        assertThat(group.text()).isEqualTo("creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min");
        assertThat(group.anyOf()).extracting(Criterion::id).containsExactly(group.id() + ".1", group.id() + ".2");
        assertThat(group.anyOf()).extracting(Criterion::text)
                .containsExactly("creatinine ≤ 1.5 mg/dL", "creatinine clearance ≥ 60 mL/min");
        assertThat(group.anyOf()).allSatisfy(m -> assertThat(m.sourceItemId()).isEqualTo("inc-4"));
        // under exclusion the same "or" is two independent exclusions, not alternatives
        assertThat(extract("exc-4", "Creatinine > 1.5 mg/dL or creatinine clearance < 60 mL/min", Polarity.EXCLUDED))
                .allSatisfy(c -> assertThat(c.anyOf()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Able to swallow tablets", "Adequate organ function as defined below",
            "Patients must be able to comply with study visits", "Any condition that in the opinion of the investigator "
            + "would make participation unsafe"})
    void anItemNothingCanTypeIsOneUnparsedCriterionWithItsText(String text) {
        for (Polarity list : Polarity.values()) {
            assertThat(extract("x", text, list)).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(Kind.UNPARSED);
                assertThat(c.polarity()).isEqualTo(list);
                assertThat(c.text()).isEqualTo(text);
                assertThat(c.confidence()).isZero();
                assertThat(c.id()).isEqualTo("x#1");
            });
        }
    }

    @Test
    void theUntypedPartOfAnItemIsKeptAsUnparsed() {
        String text = "Life expectancy ≥ 12 weeks. Able to swallow oral medication and comply with scheduled visits";
        List<Criterion> criteria = extract("i", text, Polarity.REQUIRED);
        assertThat(criteria).extracting(Criterion::kind).containsExactly(Kind.LIFE_EXPECTANCY, Kind.UNPARSED);
        assertThat(criteria.get(1).text()).isEqualTo("Able to swallow oral medication and comply with scheduled visits");
    }

    @Test
    void aTypedItemWithNothingElseLeavesNoUnparsed() {
        assertThat(extract("i", "Written informed consent", Polarity.REQUIRED)).extracting(Criterion::kind)
                .containsExactly(Kind.CONSENT);
    }

    @Test
    void blankItemsGiveNoCriteria() {
        assertThat(extract("i", "   ", Polarity.REQUIRED)).isEmpty();
    }

    @Test
    void anExceptionKeepsTheLimitButLowersItsConfidenceAndStaysInItsText() {
        Criterion plain = extract("i", "Total bilirubin ≤ 1.5 × ULN", Polarity.REQUIRED).get(0);
        Criterion excepted = extract("i", "Total bilirubin ≤ 1.5 × ULN unless due to Gilbert's syndrome", Polarity.REQUIRED).get(0);
        assertThat(excepted.ulnMultiple()).isEqualTo(plain.ulnMultiple());
        assertThat(excepted.confidence()).isLessThan(plain.confidence());
        assertThat(excepted.text()).endsWith("Gilbert's syndrome");
    }

    @Test
    void conditionsCarryTheirCuratedCodesAndUnknownOnesNone() {
        Criterion aml = extract("i", "Diagnosis of acute myeloid leukemia", Polarity.REQUIRED).get(0);
        assertThat(aml.concepts()).contains(new Concept(Concept.SNOMED, "91861009", "acute myeloid leukemia"),
                new Concept(Concept.ICD10CM, "C92.0", "acute myeloid leukemia"));
        Criterion other = extract("i", "History of another malignancy", Polarity.EXCLUDED).get(0);
        assertThat(other.parameter()).isEqualTo("other malignancy");
        assertThat(other.concepts()).isNull();
    }

    @Test
    void windowsAreTheVocabularysUnitsAndRelation() {
        Criterion c = extract("i", "Chemotherapy within 4 weeks prior to study entry", Polarity.EXCLUDED).get(0);
        assertThat(c.window()).isEqualTo(new Criterion.TimeWindow(4.0, "wk", "WITHIN"));
    }

    @Test
    void structuredCriteriaKeepAgeAndSexAndAddTheTypedItems() {
        List<Criterion> criteria = StructuredCriteria.of("FEMALE", new AgeBound(18, true), new AgeBound(75, true),
                List.of(new CriterionItem("inc-1", "ECOG 0-1")), List.of(new CriterionItem("exc-1", "Known HIV infection")));
        assertThat(criteria).extracting(Criterion::id).containsExactly("age", "sex", "inc-1#1", "exc-1#1");
        assertThat(criteria.get(0).operator()).isEqualTo(Criterion.Operator.BETWEEN);
        assertThat(criteria.get(1).concepts()).containsExactly(new Concept(Concept.ADMINISTRATIVE_GENDER, "female", null));
        assertThat(criteria.get(2).kind()).isEqualTo(Kind.PERFORMANCE_STATUS);
        assertThat(criteria.get(3)).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.INFECTION);
            assertThat(c.polarity()).isEqualTo(Polarity.EXCLUDED);
        });
        assertThat(StructuredCriteria.of("ALL", null, null, null, null)).isEmpty();
    }
}
