package io.trialstream.registry;

import io.restassured.specification.RequestSpecification;
import io.trialstream.registry.rest.Roles;
import io.trialstream.testsupport.TestTokens;

import static io.restassured.RestAssured.given;

/** REST calls as the registry's users: a bearer token from test-support's trusted key with the role they need. */
final class RegistryApi {
    private RegistryApi() {
    }

    /** May read trials (GET /api/v1/trials/**). */
    static RequestSpecification asReader() {
        return given().auth().oauth2(TestTokens.withRoles(Roles.READER));
    }

    /** May also use /api/v1/admin/**. */
    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.withRoles(Roles.ADMIN));
    }
}
