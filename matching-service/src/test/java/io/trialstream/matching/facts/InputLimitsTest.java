package io.trialstream.matching.facts;

import io.trialstream.matching.config.JsonLimits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader's bounds on untrusted input: nesting depth, and FHIR XML (with its entity tricks) never parsed. */
class InputLimitsTest {
    static PatientEventReader reader;

    @BeforeAll
    static void context() {
        reader = new PatientEventReader(new FhirPatientReader(FhirPatientReader.newContext()));
    }

    static String nested(String prefix, int depth) {
        return prefix + "{\"extension\":[".repeat(depth) + "]}".repeat(depth) + "}";
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRejectedBeforeAnyReaderWalksIt() {
        String fhir = nested("{\"resourceType\":\"Patient\",\"x\":", JsonLimits.MAX_NESTING_DEPTH);
        assertThatThrownBy(() -> reader.read("p-deep", fhir)).isInstanceOf(UnreadableEventException.class)
                .extracting(e -> ((UnreadableEventException) e).reasonCode()).isEqualTo("JSON_LIMIT_EXCEEDED");
        String nativeEvent = nested("{\"schemaVersion\":1,\"type\":\"FACTS\",\"patientId\":\"p-deep\",\"x\":", 5000);
        assertThatThrownBy(() -> reader.read("p-deep", nativeEvent)).isInstanceOf(UnreadableEventException.class)
                .extracting(e -> ((UnreadableEventException) e).reasonCode()).isEqualTo("JSON_LIMIT_EXCEEDED");
    }

    @Test
    void ordinaryNestingIsRead() {
        String fhir = "{\"resourceType\":\"Patient\",\"gender\":\"female\",\"extension\":[{\"url\":\"http://x\",\"extension\":"
                + "[{\"url\":\"http://y\",\"valueString\":\"z\"}]}]}";
        assertThat(reader.read("p-ok", fhir).facts().sex()).isNotNull();
    }

    @Test
    void fhirXmlIsNeverParsedSoItsEntitiesAreNeverExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
                + "<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
                + "<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"female\"/><name><family value=\"&xxe;&lol2;\"/></name></Patient>";
        assertThatThrownBy(() -> reader.read("p-xml", xxe)).isInstanceOf(UnreadableEventException.class)
                .extracting(e -> ((UnreadableEventException) e).reasonCode()).isEqualTo("UNREADABLE_JSON");
        // the FHIR reader itself only has a JSON parser: XML handed to it directly is not FHIR to it
        assertThatThrownBy(() -> new FhirPatientReader(FhirPatientReader.newContext()).read("p-xml", xxe))
                .isInstanceOf(UnreadableEventException.class)
                .extracting(e -> ((UnreadableEventException) e).reasonCode()).isEqualTo("INVALID_FHIR");
    }
}
