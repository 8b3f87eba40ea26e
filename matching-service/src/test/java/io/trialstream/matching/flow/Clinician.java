package io.trialstream.matching.flow;

import io.restassured.specification.RequestSpecification;
import io.trialstream.testsupport.TestTokens;

import static io.restassured.RestAssured.given;

/** Requests as a clinician: every /api/v1 endpoint of matching-service needs the clinician or admin role. */
public final class Clinician {
    private static final String TOKEN = TestTokens.withRoles("clinician");

    public static RequestSpecification asClinician() {
        return given().auth().oauth2(TOKEN);
    }

    private Clinician() {
    }
}
