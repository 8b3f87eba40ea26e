package io.trialstream.matching.facts;

import com.fasterxml.jackson.databind.JsonNode;
import io.trialstream.contracts.Concept;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.matching.evaluation.PatientFacts;
import io.trialstream.testsupport.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class FhirPatientReaderTest {
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    static FhirPatientReader fhir;
    static PatientEventReader reader;

    @BeforeAll
    static void context() {
        fhir = new FhirPatientReader(FhirPatientReader.newContext());
        reader = new PatientEventReader(fhir);
    }

    @Test
    void aBundleYieldsDemographicsDiagnosesLabsMedicationsAndProcedures() {
        PatientUpdate u = reader.read("pseudo-17", FhirFixtures.load("aml-patient-bundle.json", NOW));
        PatientFacts f = u.facts();
        assertThat(u.mode()).isEqualTo(PatientUpdate.Mode.MERGE);
        assertThat(f.patientId()).isEqualTo("pseudo-17");
        assertThat(f.birthDate()).isEqualTo(LocalDate.of(1975, 3, 2));
        assertThat(f.sex()).isEqualTo(PatientEvent.Sex.FEMALE);
        assertThat(f.conditions()).hasSize(2);
        PatientFacts.Condition aml = f.conditions().get(0);
        assertThat(aml.codes()).extracting(Concept::code).containsExactly("91861009", "C92.01");
        assertThat(aml.clinicalStatus()).isEqualTo("remission");
        assertThat(aml.onset()).isEqualTo(LocalDate.of(2026, 11, 21).minusDays(240));
        assertThat(f.observations()).extracting(o -> o.codes().get(0).code())
                .containsExactlyInAnyOrder("1742-6", "1920-8", "1975-2", "2160-0", "89247-1", "82810-3", "8480-6");
        PatientFacts.Observation bilirubin = f.observations().stream().filter(o -> o.hasCode(null, "1975-2")).findFirst().orElseThrow();
        assertThat(bilirubin.unit()).isEqualTo("umol/L");
        assertThat(bilirubin.referenceHigh()).as("ULN stated in mg/dL, converted to the value's unit").isBetween(20.4, 20.6);
        assertThat(bilirubin.effectiveAt()).isEqualTo(NOW.minusSeconds(3 * 86400));
        assertThat(f.medications()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("completed");
            assertThat(m.end()).isEqualTo(LocalDate.of(2026, 11, 21).minusDays(200));
        });
        assertThat(f.procedures()).singleElement().satisfies(p ->
                assertThat(p.codes()).extracting(Concept::display).contains("Umbilical cord blood transplant"));
    }

    @Test
    void noIdentifierNameOrResourceIdIsKept() throws Exception {
        PatientFacts f = reader.read("pseudo-17", FhirFixtures.load("aml-patient-bundle.json", NOW)).facts();
        String stored = ContractJson.mapper().writeValueAsString(f);
        assertThat(stored).doesNotContain("MRN-SECRET").doesNotContain("Marker-Doe").doesNotContain("Janet")
                .doesNotContain("cond-aml").doesNotContain("pt-1").doesNotContain("obs-alt");
        assertThat(f.conditions().get(0).source()).hasSize(24); // a hash of the resource identity
    }

    @Test
    void aSingleResourceIsReadOnItsOwn() {
        PatientUpdate u = reader.read("pseudo-17", FhirFixtures.load("alt-high-observation.json", NOW));
        assertThat(u.facts().observations()).singleElement().satisfies(o -> {
            assertThat(o.value()).isEqualTo(150.0);
            assertThat(o.referenceHigh()).isEqualTo(40.0);
        });
        assertThat(u.facts().birthDate()).isNull();
    }

    @Test
    void unreadableInputIsRejectedWithAReasonCodeAndNoContent() {
        String marker = "Jane-Doe-1970-01-01";
        assertThatThrownBy(() -> reader.read("k", "{\"resourceType\":\"NoSuchResource\",\"name\":\"" + marker + "\"}"))
                .isInstanceOf(UnreadableEventException.class).hasMessageStartingWith("INVALID_FHIR").hasMessageNotContaining(marker);
        assertThatThrownBy(() -> reader.read("k", "{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"id\":\"" + marker + "\"}"))
                .hasMessageStartingWith("UNSUPPORTED_RESOURCE_TYPE").hasMessageNotContaining(marker);
        assertThatThrownBy(() -> reader.read("k", "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Encounter\",\"status\":\"finished\"}}]}")).hasMessageStartingWith("NO_PATIENT_FACTS");
        assertThatThrownBy(() -> reader.read(null, "{\"resourceType\":\"Patient\",\"gender\":\"male\"}")).hasMessageStartingWith("MISSING_KEY");
        assertThatThrownBy(() -> reader.read("k", "[1,2]")).hasMessageStartingWith("UNREADABLE_JSON");
        assertThatThrownBy(() -> reader.read("k", "{\"resourceType\": \"Patient\", \"birthDate\": " + marker)).hasMessageStartingWith("UNREADABLE_JSON");
    }

    @Test
    void aMalformedElementIsDroppedNotFatal() {
        PatientUpdate u = reader.read("k", "{\"resourceType\":\"Patient\",\"gender\":\"female\",\"birthDate\":\"not-a-date\"}");
        assertThat(u.facts().sex()).isEqualTo(PatientEvent.Sex.FEMALE);
        assertThat(u.facts().birthDate()).isNull();
    }

    @Test
    void mergingIsIdempotentOrderIndependentAndANewerResourceVersionWins() {
        PatientUpdate bundle = reader.read("p", FhirFixtures.load("aml-patient-bundle.json", NOW));
        PatientUpdate lab = reader.read("p", FhirFixtures.load("alt-high-observation.json", NOW));
        PatientFacts ab = FactMerger.apply(FactMerger.apply(null, bundle), lab);
        PatientFacts ba = FactMerger.apply(FactMerger.apply(null, lab), bundle);
        assertThat(ab).isEqualTo(ba);
        assertThat(FactMerger.apply(FactMerger.apply(ab, bundle), lab)).isEqualTo(ab);

        String relapsed = FhirFixtures.load("aml-patient-bundle.json", NOW).replace("\"code\": \"remission\"", "\"code\": \"relapse\"")
                .replace(FhirFixtures.load("aml-patient-bundle.json", NOW).substring(0, 0), "");
        String newer = relapsed.replaceFirst("\"lastUpdated\": \"[^\"]+\"", "\"lastUpdated\": \"" + NOW + "\"");
        PatientFacts afterRelapse = FactMerger.apply(ab, reader.read("p", newer));
        assertThat(afterRelapse.conditions()).filteredOn(c -> c.codes().get(0).code().equals("91861009"))
                .singleElement().satisfies(c -> assertThat(c.clinicalStatus()).isEqualTo("relapse"));
        // the older version arriving late does not undo it
        assertThat(FactMerger.apply(afterRelapse, bundle)).isEqualTo(afterRelapse);
    }

    /** Done-means: every Synthea and mCODE patient bundle of ../shared/data is read without error and yields facts. */
    @Test
    void everySharedSyntheaAndMcodeBundleIsReadAndYieldsFacts() throws IOException {
        List<Path> files = new ArrayList<>();
        SharedData.resolve("fhir-synthea-r4-patient-bundles").ifPresent(d -> files.addAll(jsonFiles(d)));
        SharedData.resolve("fhir-mcode-and-researchstudy-examples").ifPresent(d -> files.addAll(jsonFiles(d)));
        assumeThat(files).as("shared/data with FHIR bundles").isNotEmpty();
        Set<String> patientTypes = Set.of("Patient", "Condition", "Observation", "MedicationStatement", "MedicationRequest",
                "MedicationAdministration", "Procedure");
        int withFacts = 0;
        for (Path file : files) {
            String json = Files.readString(file);
            boolean aboutAPatient = resourceTypes(ContractJson.mapper().readTree(json)).stream().anyMatch(patientTypes::contains);
            if (aboutAPatient) {
                PatientUpdate u = reader.read("shared-" + withFacts, json);
                if (json.contains("data-absent-reason") && file.getFileName().toString().startsWith("masked-patient")) {
                    // a Patient whose gender and birth date are masked: read, but there is nothing to know
                    assertThat(u.carriesFacts()).as(file.toString()).isFalse();
                    continue;
                }
                assertThat(u.carriesFacts()).as(file.toString()).isTrue();
                withFacts++;
            } else {
                // ResearchStudy / AdverseEvent documents: recognised as carrying no patient facts, never a crash
                assertThatThrownBy(() -> reader.read("k", json)).as(file.toString()).isInstanceOf(UnreadableEventException.class)
                        .satisfies(e -> assertThat(((UnreadableEventException) e).reasonCode()).isIn("UNSUPPORTED_RESOURCE_TYPE", "NO_PATIENT_FACTS"));
            }
        }
        assertThat(withFacts).isGreaterThanOrEqualTo(40);
    }

    @Test
    void syntheaCancerPatientsCarryTheirDiagnosesAndLabs() throws IOException {
        Path dir = SharedData.resolve("fhir-synthea-r4-patient-bundles").orElse(null);
        assumeThat(dir).isNotNull();
        Path file = jsonFiles(dir).stream().filter(p -> p.getFileName().toString().startsWith("Adán_Pulido")).findFirst().orElse(null);
        assumeThat(file).isNotNull();
        PatientFacts f = reader.read("synthea-1", Files.readString(file)).facts();
        assertThat(f.birthDate()).isEqualTo(LocalDate.of(1936, 8, 18));
        assertThat(f.sex()).isEqualTo(PatientEvent.Sex.MALE);
        assertThat(f.conditions()).anyMatch(c -> c.codes().stream().anyMatch(k -> "314994000".equals(k.code())));
        assertThat(f.observations()).anyMatch(o -> o.hasCode(Concept.LOINC, "1742-6"));
        assertThat(f.medications()).isNotEmpty();
    }

    static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> resourceTypes(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.has("resourceType")) {
            out.add(node.get("resourceType").asText());
        }
        if (node.has("entry")) {
            for (JsonNode e : node.get("entry")) {
                if (e.has("resource") && e.get("resource").has("resourceType")) {
                    out.add(e.get("resource").get("resourceType").asText());
                }
            }
        }
        return out;
    }
}
