package io.trialstream.contracts;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The schemas describe exactly the Java records: same property names, same enum values, same schema versions. */
class SchemaMatchesRecordsTest {

    private static final String COMMON = ContractFixtures.COMMON_SCHEMA;

    /** Where each record is described: schema file and JSON pointer of its object schema. */
    static Stream<Arguments> recordDefinitions() {
        return Stream.of(
                arguments(ParsedTrial.class, "parsed-trial.v1.schema.json", ""),
                arguments(Trial.class, "trial.v1.schema.json", ""),
                arguments(PatientEvent.class, "patient-event.v1.schema.json", ""),
                arguments(PatientEvent.ConditionFact.class, "patient-event.v1.schema.json", "/$defs/ConditionFact"),
                arguments(PatientEvent.ObservationFact.class, "patient-event.v1.schema.json", "/$defs/ObservationFact"),
                arguments(PatientEvent.MedicationFact.class, "patient-event.v1.schema.json", "/$defs/MedicationFact"),
                arguments(PatientEvent.ProcedureFact.class, "patient-event.v1.schema.json", "/$defs/ProcedureFact"),
                arguments(MatchEvent.class, "match-event.v1.schema.json", ""),
                arguments(MatchEvent.CriterionResult.class, "match-event.v1.schema.json", "/$defs/CriterionResult"),
                arguments(MatchEvent.Evidence.class, "match-event.v1.schema.json", "/$defs/Evidence"),
                arguments(TrialRecord.class, COMMON, "/$defs/TrialRecord"),
                arguments(TrialRecord.Ids.class, COMMON, "/$defs/Ids"),
                arguments(TrialRecord.SecondaryId.class, COMMON, "/$defs/SecondaryId"),
                arguments(TrialRecord.Enrollment.class, COMMON, "/$defs/Enrollment"),
                arguments(TrialRecord.PartialDate.class, COMMON, "/$defs/PartialDate"),
                arguments(TrialRecord.Intervention.class, COMMON, "/$defs/Intervention"),
                arguments(TrialRecord.Arm.class, COMMON, "/$defs/Arm"),
                arguments(TrialRecord.Design.class, COMMON, "/$defs/Design"),
                arguments(TrialRecord.Outcomes.class, COMMON, "/$defs/Outcomes"),
                arguments(TrialRecord.Sponsors.class, COMMON, "/$defs/Sponsors"),
                arguments(TrialRecord.Location.class, COMMON, "/$defs/Location"),
                arguments(Eligibility.class, COMMON, "/$defs/Eligibility"),
                arguments(Eligibility.CriterionItem.class, COMMON, "/$defs/CriterionItem"),
                arguments(Eligibility.AgeBound.class, COMMON, "/$defs/AgeBound"),
                arguments(Criterion.class, COMMON, "/$defs/Criterion"),
                arguments(Criterion.TimeWindow.class, COMMON, "/$defs/TimeWindow"),
                arguments(Criterion.Span.class, COMMON, "/$defs/Span"),
                arguments(Concept.class, COMMON, "/$defs/Concept"),
                arguments(Provenance.class, COMMON, "/$defs/Provenance"));
    }

    /** Where each enum is described. */
    static Stream<Arguments> enumDefinitions() {
        return Stream.of(
                arguments(names(Criterion.Kind.values()), COMMON, "/$defs/CriterionKind"),
                arguments(names(Criterion.Polarity.values()), COMMON, "/$defs/Polarity"),
                arguments(names(Criterion.Operator.values()), COMMON, "/$defs/Operator"),
                arguments(names(Provenance.SourceFormat.values()), COMMON, "/$defs/SourceFormat"),
                arguments(names(TrialRecord.PartialDate.Precision.values()), COMMON, "/$defs/Precision"),
                arguments(List.of(Eligibility.SEX_ALL, Eligibility.SEX_FEMALE, Eligibility.SEX_MALE), COMMON, "/$defs/Sex"),
                arguments(names(PatientEvent.Type.values()), "patient-event.v1.schema.json", "/$defs/Type"),
                arguments(names(PatientEvent.Sex.values()), "patient-event.v1.schema.json", "/$defs/Sex"),
                arguments(names(MatchEvent.Type.values()), "match-event.v1.schema.json", "/$defs/Type"),
                arguments(names(MatchEvent.Verdict.values()), "match-event.v1.schema.json", "/$defs/Verdict"),
                arguments(names(MatchEvent.Outcome.values()), "match-event.v1.schema.json", "/$defs/Outcome"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordDefinitions")
    void schemaPropertiesAreTheRecordComponents(Class<? extends Record> type, String file, String pointer) {
        JsonNode definition = ContractFixtures.schemaJson(file).at(pointer);

        List<String> properties = new ArrayList<>();
        definition.path("properties").fieldNames().forEachRemaining(properties::add);
        List<String> components = Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
        assertThat(properties).as("properties of %s#%s", file, pointer).containsExactlyElementsOf(components);

        List<String> required = new ArrayList<>();
        definition.path("required").forEach(r -> required.add(r.asText()));
        assertThat(components).as("required of %s#%s", file, pointer).containsAll(required);
        assertThat(definition.path("additionalProperties").asBoolean(true))
                .as("%s#%s stays open for additive evolution", file, pointer).isTrue();
    }

    @ParameterizedTest(name = "{1}#{2}")
    @MethodSource("enumDefinitions")
    void schemaEnumsAreTheJavaEnums(List<String> javaValues, String file, String pointer) {
        List<String> schemaValues = new ArrayList<>();
        ContractFixtures.schemaJson(file).at(pointer).path("enum").forEach(v -> schemaValues.add(v.asText()));

        assertThat(schemaValues).containsExactlyElementsOf(javaValues);
    }

    /** No nested record of the payloads is left out of the schemas (catches a record added without its schema). */
    @Test
    void everyPayloadRecordIsDescribed() {
        Set<Class<?>> described = new HashSet<>();
        recordDefinitions().forEach(a -> described.add((Class<?>) a.get()[0]));

        Set<Class<?>> reachable = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(ParsedTrial.class, Trial.class, PatientEvent.class, MatchEvent.class));
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!type.isRecord() || !reachable.add(type)) {
                continue;
            }
            for (var component : type.getRecordComponents()) {
                todo.push(component.getType());
                if (component.getGenericType() instanceof java.lang.reflect.ParameterizedType p) {
                    for (var arg : p.getActualTypeArguments()) {
                        if (arg instanceof Class<?> c) {
                            todo.push(c);
                        }
                    }
                }
            }
        }
        assertThat(described).containsAll(reachable);
    }

    @Test
    void schemaVersionConstantsMatch() {
        Map<String, String> javaVersions = Map.of(
                "parsed-trial.v1.schema.json", ParsedTrial.SCHEMA_VERSION,
                "trial.v1.schema.json", Trial.SCHEMA_VERSION,
                "patient-event.v1.schema.json", PatientEvent.SCHEMA_VERSION,
                "match-event.v1.schema.json", MatchEvent.SCHEMA_VERSION);
        javaVersions.forEach((file, version) -> {
            JsonNode schema = ContractFixtures.schemaJson(file);
            assertThat(schema.at("/properties/schemaVersion/const").asText()).as(file).isEqualTo(version);
            assertThat(schema.path("required")).as(file).contains(new com.fasterxml.jackson.databind.node.TextNode("schemaVersion"));
        });
    }

    /** Every $ref (local or into the common file) points at an existing definition. */
    @Test
    void everyRefResolves() {
        List<String> files = new ArrayList<>(List.of(ContractFixtures.PAYLOAD_SCHEMAS));
        files.add(COMMON);
        int refs = 0;
        for (String file : files) {
            List<String> found = new ArrayList<>();
            collectRefs(ContractFixtures.schemaJson(file), found);
            for (String ref : found) {
                int hash = ref.indexOf('#');
                String target = hash == 0 ? file : ref.substring(0, hash);
                String pointer = ref.substring(hash + 1);
                assertThat(ContractFixtures.schemaJson(target).at(JsonPointer.compile(pointer)).isObject())
                        .as("%s: $ref %s", file, ref).isTrue();
                refs++;
            }
        }
        assertThat(refs).isGreaterThan(30);
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject() && node.has("$ref")) {
            out.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, out));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
