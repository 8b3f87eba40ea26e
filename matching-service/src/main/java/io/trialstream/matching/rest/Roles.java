package io.trialstream.matching.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The roles (JWT "groups" claim) of trialstream's REST APIs. */
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class Roles {
    /** May read patient matches and evaluate patients: every endpoint of this service concerns patients. */
    public static final String CLINICIAN = "clinician";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
