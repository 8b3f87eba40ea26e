package io.trialstream.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trialstream.contracts.ContractFixtures.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden samples are exactly what ContractJson writes for the records: JSON -> record -> JSON is lossless. */
class SampleRoundTripTest {

    @ParameterizedTest
    @EnumSource(Sample.class)
    void sampleRoundTripsThroughItsRecord(Sample sample) throws Exception {
        JsonNode original = sample.json();

        Record record = ContractFixtures.mapper().treeToValue(original, sample.type);
        String written = ContractFixtures.mapper().writeValueAsString(record);

        assertThat(ContractFixtures.mapper().readTree(written)).isEqualTo(original);
        // and a second pass is stable
        assertThat(ContractFixtures.mapper().readValue(written, sample.type)).isEqualTo(record);
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void unknownFieldsAreIgnoredOnRead(Sample sample) throws Exception {
        ObjectNode json = (ObjectNode) sample.json().deepCopy();
        json.put("someFutureField", "x");

        Record withExtra = ContractFixtures.mapper().treeToValue(json, sample.type);

        assertThat(withExtra).isEqualTo(ContractFixtures.mapper().treeToValue(sample.json(), sample.type));
    }

    @Test
    void samplesDeserialiseToTheExpectedValues() throws Exception {
        ParsedTrial parsed = ContractFixtures.mapper().treeToValue(Sample.PARSED_TRIAL.json(), ParsedTrial.class);
        assertThat(parsed.schemaVersion()).isEqualTo(ParsedTrial.SCHEMA_VERSION);
        assertThat(parsed.trial().trialKey()).isEqualTo("NCT09999901");
        assertThat(parsed.trial().relatedTrials()).doesNotContain(parsed.trial().trialKey());
        assertThat(parsed.provenance().sourceFormat()).isEqualTo(Provenance.SourceFormat.CTGOV_V2_JSON);
        assertThat(parsed.provenance().parsedAt()).isEqualTo(Instant.parse("2026-11-02T08:15:30Z"));
        Eligibility eligibility = parsed.trial().eligibility();
        assertThat(eligibility.minimumAgeBound().years()).isEqualTo(18.0);
        assertThat(eligibility.maximumAgeBound().years()).isEqualTo(75.0);
        assertThat(eligibility.criteria())
                .filteredOn(c -> "total bilirubin".equals(c.parameter()))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.operator()).isEqualTo(Criterion.Operator.LE);
                    assertThat(c.ulnMultiple()).isEqualTo(1.5);
                });
        // every span points at the criterion's text inside its source item
        for (Criterion c : eligibility.criteria()) {
            String item = java.util.stream.Stream.concat(eligibility.inclusion().stream(), eligibility.exclusion().stream())
                    .filter(i -> i.id().equals(c.sourceItemId())).findFirst().orElseThrow().text();
            assertThat(item.substring(c.span().start(), c.span().end())).as(c.id()).isEqualTo(c.text());
        }

        Trial trial = ContractFixtures.mapper().treeToValue(Sample.TRIAL.json(), Trial.class);
        assertThat(trial.version()).isEqualTo(3);
        assertThat(trial.sources()).hasSize(2);

        PatientEvent patient = ContractFixtures.mapper().treeToValue(Sample.PATIENT_EVENT.json(), PatientEvent.class);
        assertThat(patient.type()).isEqualTo(PatientEvent.Type.SNAPSHOT);
        assertThat(patient.birthDate()).isEqualTo(LocalDate.of(1979, 5, 14));

        MatchEvent created = ContractFixtures.mapper().treeToValue(Sample.MATCH_CREATED.json(), MatchEvent.class);
        assertThat(created.type()).isEqualTo(MatchEvent.Type.MATCH_CREATED);
        assertThat(created.verdict()).isEqualTo(MatchEvent.Verdict.POSSIBLY_ELIGIBLE);
        assertThat(created.criteria()).extracting(MatchEvent.CriterionResult::outcome)
                .contains(MatchEvent.Outcome.UNKNOWN).doesNotContain(MatchEvent.Outcome.NOT_MET);

        MatchEvent retracted = ContractFixtures.mapper().treeToValue(Sample.MATCH_RETRACTED.json(), MatchEvent.class);
        assertThat(retracted.type()).isEqualTo(MatchEvent.Type.MATCH_RETRACTED);
        assertThat(retracted.verdict()).isNull();
        assertThat(retracted.retractionReason()).isNotBlank();
    }
}
