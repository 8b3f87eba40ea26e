package io.trialstream.matching.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.junit.jupiter.api.Test;

import static io.trialstream.matching.flow.Clinician.asClinician;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Bounds on what a caller can send: body size, JSON nesting, parameter lengths, media type. */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class RestInputLimitsTest {
    static final String EVALUATE = "/api/v1/eligibility/evaluate";

    @Test
    void aBodyOverOneMegabyteIs413() {
        String body = "{\"patient\":{\"resourceType\":\"Patient\",\"text\":\"" + "x".repeat(1024 * 1024 + 10) + "\"},\"trialKey\":\"NCT1\"}";
        asClinician().contentType("application/json").body(body).when().post(EVALUATE).then().statusCode(413);
    }

    @Test
    void aBodyNestedTooDeeplyIs400WithItsCode() {
        String patient = "{\"resourceType\":\"Patient\",\"extension\":" + "[".repeat(100) + "]".repeat(100) + "}";
        asClinician().contentType("application/json").body("{\"patient\":" + patient + ",\"trialKey\":\"NCT1\"}")
                .when().post(EVALUATE).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("JSON_LIMIT_EXCEEDED"));
    }

    @Test
    void aBodyThatIsNotJsonIs400WithoutEchoingIt() {
        asClinician().contentType("application/json").body("{\"patient\": {\"name\": \"Unquoted-Marker-77 }")
                .when().post(EVALUATE).then().statusCode(400)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Unquoted-Marker-77")));
    }

    @Test
    void overlongPathAndBodyIdentifiersAre400NamingTheParameter() {
        String longId = "p".repeat(201);
        asClinician().when().get("/api/v1/patients/" + longId + "/matches").then().statusCode(400)
                .contentType("application/problem+json").body("invalidParams[0].name", equalTo("patientId"));
        asClinician().when().get("/api/v1/trials/" + longId + "/candidates").then().statusCode(400)
                .body("invalidParams[0].name", equalTo("trialKey"));
        asClinician().contentType("application/json").body("{\"patient\":{\"resourceType\":\"Patient\"},\"trialKey\":\"" + longId + "\"}")
                .when().post(EVALUATE).then().statusCode(400).body("invalidParams.name", hasItem("trialKey"));
        asClinician().when().get("/api/v1/patients/" + "p".repeat(200) + "/matches").then().statusCode(200);
    }

    @Test
    void fhirXmlIsNotAcceptedSoNoEntityIsEverExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&xxe;\"/></name></Patient>";
        asClinician().contentType("application/fhir+xml").body(xxe).when().post(EVALUATE).then().statusCode(415)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("root:")));
        asClinician().contentType("application/xml").body(xxe).when().post(EVALUATE).then().statusCode(415);
    }
}
