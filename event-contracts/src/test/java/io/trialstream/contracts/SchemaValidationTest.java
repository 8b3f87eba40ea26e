package io.trialstream.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import io.trialstream.contracts.ContractFixtures.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every golden sample satisfies its schema; every schema is a valid draft 2020-12 schema. */
class SchemaValidationTest {

    @ParameterizedTest
    @EnumSource(Sample.class)
    void sampleValidatesAgainstItsSchema(Sample sample) {
        Set<ValidationMessage> errors = ContractFixtures.validate(sample.schema(), sample.json());

        assertThat(errors).as("validation errors of %s against %s", sample.file, sample.schemaFile).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"common.v1.schema.json", "parsed-trial.v1.schema.json", "trial.v1.schema.json",
            "patient-event.v1.schema.json", "match-event.v1.schema.json"})
    void schemaIsValidDraft202012(String file) {
        JsonNode schema = ContractFixtures.schemaJson(file);

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(ContractFixtures.validate(ContractFixtures.metaSchema(), schema))
                .as("meta-schema errors of %s", file).isEmpty();
        assertThat(schema.path("description").asText())
                .as("%s must say that evolution is additive and unknown fields are allowed", file)
                .contains("additive").contains("additionalProperties is allowed");
    }

    /** Additive evolution: a v1 consumer validating with these schemas must accept fields added later. */
    @ParameterizedTest
    @EnumSource(Sample.class)
    void unknownFieldsAreAllowed(Sample sample) {
        ObjectNode json = (ObjectNode) sample.json().deepCopy();
        json.put("someFutureField", "added in a later v1 release");
        json.putObject("someFutureObject").put("nested", 1);
        for (JsonNode object : objectsBelow(json)) {
            ((ObjectNode) object).put("futureNestedField", true);
        }

        assertThat(ContractFixtures.validate(sample.schema(), json)).isEmpty();
    }

    /** Samples are written as ContractJson writes them: null fields are omitted, not written as null. */
    @ParameterizedTest
    @EnumSource(Sample.class)
    void sampleHasNoExplicitNulls(Sample sample) {
        List<String> nulls = new ArrayList<>();
        collectNulls(sample.json(), "", nulls);

        assertThat(nulls).as("explicit nulls in %s", sample.file).isEmpty();
    }

    @Test
    void samplesShareOneTrialAndPatient() {
        JsonNode parsed = Sample.PARSED_TRIAL.json();
        JsonNode trial = Sample.TRIAL.json();
        JsonNode patient = Sample.PATIENT_EVENT.json();
        JsonNode created = Sample.MATCH_CREATED.json();
        JsonNode retracted = Sample.MATCH_RETRACTED.json();

        assertThat(trial.path("trialKey")).isEqualTo(parsed.path("trial").path("trialKey"));
        assertThat(trial.path("trial").path("trialKey")).isEqualTo(trial.path("trialKey"));
        assertThat(created.path("trialKey")).isEqualTo(trial.path("trialKey"));
        assertThat(created.path("patientId")).isEqualTo(patient.path("patientId"));
        assertThat(retracted.path("matchId")).isEqualTo(created.path("matchId"));
        assertThat(retracted.path("version").asLong()).isGreaterThan(created.path("version").asLong());
        // every criterion result refers to a criterion of the trial
        List<String> criterionIds = new ArrayList<>();
        trial.path("trial").path("eligibility").path("criteria").forEach(c -> criterionIds.add(c.path("id").asText()));
        created.path("criteria").forEach(r -> assertThat(criterionIds).contains(r.path("criterionId").asText()));
    }

    private static List<JsonNode> objectsBelow(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        node.forEach(child -> {
            if (child.isObject()) {
                out.add(child);
            }
            out.addAll(objectsBelow(child));
        });
        return out;
    }

    private static void collectNulls(JsonNode node, String path, List<String> out) {
        if (node.isNull()) {
            out.add(path);
        } else if (node.isObject()) {
            node.properties().forEach(e -> collectNulls(e.getValue(), path + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNulls(node.get(i), path + "/" + i, out);
            }
        }
    }
}
