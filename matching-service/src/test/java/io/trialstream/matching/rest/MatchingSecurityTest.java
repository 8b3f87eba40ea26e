package io.trialstream.matching.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.seeds.SeedTrials;
import io.trialstream.matching.service.MatchService;
import io.trialstream.testsupport.TestTokens;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static io.restassured.RestAssured.given;

/**
 * Every endpoint × (no token, a stranger's token, an expired token, a garbage token) → 401, a role without patient
 * access → 403, clinician and admin → served. Probes, metrics and the OpenAPI document stay open.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class MatchingSecurityTest {
    static final String TRIAL = "NCT09997001";

    @Inject
    MatchService service;

    @BeforeEach
    void trialInIndex() {
        Trial seed = SeedTrials.seed002();
        TrialRecord r = seed.trial();
        TrialRecord renamed = new TrialRecord(TRIAL, r.ids(), r.briefTitle(), null, null, null, r.overallStatus(), null, r.studyType(),
                null, null, null, null, null, null, null, null, null, null, r.eligibility(), null, null, null, null, null);
        service.onTrial(TRIAL, new Trial(seed.schemaVersion(), TRIAL, 1, seed.updatedAt(), seed.contentHash(), renamed, null));
    }

    /** The request of an endpoint, on top of a specification that carries (or not) a token. */
    static Response call(String endpoint, RequestSpecification spec) throws Exception {
        return switch (endpoint) {
            case "patient-matches" -> spec.when().get("/api/v1/patients/sec-patient-1/matches");
            case "trial-candidates" -> spec.when().get("/api/v1/trials/" + TRIAL + "/candidates");
            case "evaluate" -> {
                PatientEvent p = new PatientEvent(PatientEvent.SCHEMA_VERSION, "e1", PatientEvent.Type.SNAPSHOT, "sec-patient-1",
                        null, LocalDate.of(1980, 1, 1), PatientEvent.Sex.FEMALE, null, null, null, null);
                yield spec.contentType("application/json").body("{\"patient\":" + ContractJson.mapper().writeValueAsString(p)
                        + ",\"trialKey\":\"" + TRIAL + "\"}").when().post("/api/v1/eligibility/evaluate");
            }
            default -> throw new IllegalArgumentException(endpoint);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient-matches", "trial-candidates", "evaluate"})
    void noTokenIs401(String endpoint) throws Exception {
        call(endpoint, given()).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient-matches", "trial-candidates", "evaluate"})
    void tokenFromAnUntrustedIssuerKeyIs401(String endpoint) throws Exception {
        call(endpoint, given().auth().oauth2(TestTokens.signedByAStranger("clinician"))).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient-matches", "trial-candidates", "evaluate"})
    void expiredTokenIs401(String endpoint) throws Exception {
        call(endpoint, given().auth().oauth2(TestTokens.expired("clinician"))).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient-matches", "trial-candidates", "evaluate"})
    void garbageTokenIs401(String endpoint) throws Exception {
        call(endpoint, given().header("Authorization", "Bearer not.a.jwt")).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient-matches", "trial-candidates", "evaluate"})
    void rolesWithoutPatientAccessAre403(String endpoint) throws Exception {
        call(endpoint, given().auth().oauth2(TestTokens.withRoles("reader", "trial-writer"))).then().statusCode(403);
        call(endpoint, given().auth().oauth2(TestTokens.withRoles())).then().statusCode(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient-matches", "trial-candidates", "evaluate"})
    void cliniciansAndAdminsAreServed(String endpoint) throws Exception {
        call(endpoint, given().auth().oauth2(TestTokens.withRoles("clinician"))).then().statusCode(200);
        call(endpoint, given().auth().oauth2(TestTokens.withRoles("admin"))).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics", "/q/openapi"})
    void probesMetricsAndOpenApiStayOpenForThePlatform(String path) {
        given().when().get(path).then().statusCode(200);
    }
}
