package io.trialstream.ingest.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.trialstream.testsupport.TestTokens;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;

/** Every protected endpoint × (no token, a stranger's token, an expired token, a wrong role) → 401 or 403. */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class IngestSecurityTest {
    private static final String STUDY = "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT09990999\"}}}";

    private static RequestSpecification post() {
        return given().contentType("application/json").body(STUDY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/trials", "/api/v1/trials/parse"})
    void noTokenIs401(String path) {
        post().when().post(path).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/trials", "/api/v1/trials/parse"})
    void tokenFromAnUntrustedIssuerKeyIs401(String path) {
        post().auth().oauth2(TestTokens.signedByAStranger("trial-writer")).when().post(path).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/trials", "/api/v1/trials/parse"})
    void expiredTokenIs401(String path) {
        post().auth().oauth2(TestTokens.expired("trial-writer")).when().post(path).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/trials", "/api/v1/trials/parse"})
    void garbageTokenIs401(String path) {
        post().header("Authorization", "Bearer not.a.jwt").when().post(path).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/trials", "/api/v1/trials/parse"})
    void wrongRoleIs403(String path) {
        post().auth().oauth2(TestTokens.withRoles("clinician", "reader")).when().post(path).then().statusCode(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics", "/q/openapi"})
    void probesMetricsAndOpenApiStayOpenForThePlatform(String path) {
        given().when().get(path).then().statusCode(200);
    }
}
