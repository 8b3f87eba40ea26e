package io.trialstream.ingest.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The roles (JWT "groups" claim) of trialstream's REST APIs. */
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class Roles {
    /** May submit trial documents. */
    public static final String TRIAL_WRITER = "trial-writer";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
