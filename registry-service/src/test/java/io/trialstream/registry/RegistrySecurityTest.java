package io.trialstream.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.trialstream.testsupport.TestTokens;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint × (no token, a stranger's token, an expired token, a garbage token) → 401; a token without a role
 * the endpoint accepts → 403; each accepted role gets through. Health, metrics and OpenAPI stay open.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class RegistrySecurityTest {
    static final String KEY = "NCT09990901";

    static Stream<Arguments> readEndpoints() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/trials/" + KEY),
                Arguments.of("GET", "/api/v1/trials/" + KEY + "/versions"),
                Arguments.of("GET", "/api/v1/trials/" + KEY + "/versions/1"),
                Arguments.of("GET", "/api/v1/trials/" + KEY + "/provenance"),
                Arguments.of("GET", "/api/v1/trials?q=leukemia"));
    }

    static Stream<Arguments> adminEndpoints() {
        return Stream.of(
                Arguments.of("POST", "/api/v1/admin/republish"),
                Arguments.of("GET", "/api/v1/admin/republish/" + UUID.randomUUID()));
    }

    static Stream<Arguments> endpoints() {
        return Stream.concat(readEndpoints(), adminEndpoints());
    }

    static Response call(RequestSpecification request, String method, String path) {
        return request.urlEncodingEnabled(false).request(method, path);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void noTokenIs401(String method, String path) {
        call(given(), method, path).then().statusCode(401);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void tokenFromAnUntrustedIssuerKeyIs401(String method, String path) {
        call(given().auth().oauth2(TestTokens.signedByAStranger("admin")), method, path).then().statusCode(401);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void expiredTokenIs401(String method, String path) {
        call(given().auth().oauth2(TestTokens.expired("admin")), method, path).then().statusCode(401);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void garbageTokenIs401(String method, String path) {
        call(given().header("Authorization", "Bearer not.a.jwt"), method, path).then().statusCode(401);
    }

    @ParameterizedTest
    @MethodSource("readEndpoints")
    void readingNeedsAReadingRole(String method, String path) {
        call(given().auth().oauth2(TestTokens.withRoles("patient", "nobody")), method, path).then().statusCode(403);
        for (String role : new String[]{"reader", "clinician", "trial-writer", "admin"}) {
            int status = call(given().auth().oauth2(TestTokens.withRoles(role)), method, path).statusCode();
            assertThat(status).as("%s %s as %s", method, path, role).isNotIn(401, 403, 500);
        }
    }

    @ParameterizedTest
    @MethodSource("adminEndpoints")
    void theAdminApiNeedsTheAdminRole(String method, String path) {
        call(given().auth().oauth2(TestTokens.withRoles("reader", "clinician", "trial-writer")), method, path)
                .then().statusCode(403);
    }

    @Test
    void anAdminMayStartARepublishAndFollowIt() {
        String location = RegistryApi.asAdmin().post("/api/v1/admin/republish").then().statusCode(202)
                .extract().header("Location");
        RegistryApi.asAdmin().get("/api/v1/admin/republish/" + UUID.randomUUID()).then().statusCode(404);
        // the job re-emits every trial of the shared database: let it finish so it cannot overlap another test's
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(
                RegistryApi.asAdmin().get(location).then().statusCode(200).extract().path("status")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics", "/q/openapi"})
    void probesMetricsAndOpenApiStayOpenForThePlatform(String path) {
        given().when().get(path).then().statusCode(200);
    }
}
