package io.trialstream.contracts;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.ValidationMessage;
import io.trialstream.contracts.ContractFixtures.Sample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The schemas constrain: a golden sample broken in one place fails validation for that reason. */
class SchemaNegativeTest {

    private static final JsonNode REMOVE = null;

    static Stream<Arguments> brokenSamples() {
        return Stream.of(
                // required fields removed
                arguments(Sample.PARSED_TRIAL, "/schemaVersion", REMOVE, "required"),
                arguments(Sample.PARSED_TRIAL, "/trial/trialKey", REMOVE, "required"),
                arguments(Sample.PARSED_TRIAL, "/provenance/sourceFormat", REMOVE, "required"),
                arguments(Sample.PARSED_TRIAL, "/trial/eligibility/criteria/0/kind", REMOVE, "required"),
                arguments(Sample.TRIAL, "/trialKey", REMOVE, "required"),
                arguments(Sample.TRIAL, "/version", REMOVE, "required"),
                arguments(Sample.PATIENT_EVENT, "/patientId", REMOVE, "required"),
                arguments(Sample.PATIENT_EVENT, "/type", REMOVE, "required"),
                arguments(Sample.MATCH_CREATED, "/matchId", REMOVE, "required"),
                arguments(Sample.MATCH_CREATED, "/verdict", REMOVE, "required"),
                arguments(Sample.MATCH_RETRACTED, "/version", REMOVE, "required"),
                arguments(Sample.MATCH_RETRACTED, "/patientId", REMOVE, "required"),
                // wrong enum values
                arguments(Sample.PARSED_TRIAL, "/provenance/sourceFormat", text("PDF"), "enum"),
                arguments(Sample.PARSED_TRIAL, "/trial/eligibility/criteria/0/kind", text("AGES"), "enum"),
                arguments(Sample.PARSED_TRIAL, "/trial/eligibility/criteria/0/polarity", text("INCLUDED"), "enum"),
                arguments(Sample.PARSED_TRIAL, "/trial/eligibility/criteria/0/operator", text("<="), "enum"),
                arguments(Sample.PARSED_TRIAL, "/trial/startDate/precision", text("WEEK"), "enum"),
                arguments(Sample.TRIAL, "/trial/eligibility/sex", text("BOTH"), "enum"),
                arguments(Sample.PATIENT_EVENT, "/type", text("UPDATE"), "enum"),
                arguments(Sample.PATIENT_EVENT, "/sex", text("F"), "enum"),
                arguments(Sample.MATCH_CREATED, "/type", text("MATCH_DELETED"), "enum"),
                arguments(Sample.MATCH_CREATED, "/verdict", text("MAYBE"), "enum"),
                arguments(Sample.MATCH_CREATED, "/criteria/0/outcome", text("PASS"), "enum"),
                arguments(Sample.MATCH_RETRACTED, "/type", text("match_retracted"), "enum"),
                // wrong constants, types, formats and ranges
                arguments(Sample.PARSED_TRIAL, "/schemaVersion", text("2"), "const"),
                arguments(Sample.PARSED_TRIAL, "/provenance/parsedAt", text("2026-11-02 08:15"), "format"),
                arguments(Sample.PARSED_TRIAL, "/trial/ids/nctId", text("NCT123"), "pattern"),
                arguments(Sample.PARSED_TRIAL, "/trial/startDate/value", text("March 2026"), "pattern"),
                arguments(Sample.PARSED_TRIAL, "/trial/eligibility/criteria/0/confidence", number(1.2), "maximum"),
                arguments(Sample.TRIAL, "/version", number(0), "minimum"),
                arguments(Sample.TRIAL, "/updatedAt", number(1762071331), "type"),
                arguments(Sample.PATIENT_EVENT, "/birthDate", text("14/05/1979"), "format"),
                arguments(Sample.MATCH_RETRACTED, "/version", text("2"), "type"),
                arguments(Sample.MATCH_RETRACTED, "/evaluatedAt", text("yesterday"), "format"));
    }

    @ParameterizedTest(name = "{0}: {1} <- {2} fails with {3}")
    @MethodSource("brokenSamples")
    void brokenSampleFailsValidation(Sample sample, String pointer, JsonNode newValue, String expectedKeyword) {
        JsonNode json = sample.json().deepCopy();
        JsonPointer at = JsonPointer.compile(pointer);
        assertThat(json.at(at).isMissingNode()).as("%s exists in %s", pointer, sample.file).isFalse();
        JsonNode parent = json.at(at.head());
        String last = at.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            if (newValue == REMOVE) {
                object.remove(last);
            } else {
                object.set(last, newValue);
            }
        } else {
            ((ArrayNode) parent).set(at.last().getMatchingIndex(), newValue);
        }

        Set<ValidationMessage> errors = ContractFixtures.validate(sample.schema(), json);

        assertThat(errors).as("errors of %s with %s broken", sample.file, pointer).isNotEmpty();
        assertThat(errors).extracting(ValidationMessage::getType).contains(expectedKeyword);
    }

    private static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }

    private static JsonNode number(double value) {
        return ContractFixtures.mapper().getNodeFactory().numberNode(value);
    }

    private static JsonNode number(long value) {
        return ContractFixtures.mapper().getNodeFactory().numberNode(value);
    }
}
