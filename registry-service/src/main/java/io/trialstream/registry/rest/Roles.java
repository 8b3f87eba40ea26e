package io.trialstream.registry.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The roles (JWT "groups" claim) of trialstream's REST APIs, as ingest-service names them. */
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class Roles {
    /** May read trials (search, history, provenance). */
    public static final String READER = "reader";
    public static final String CLINICIAN = "clinician";
    /** May submit trial documents (ingest); reading what was stored goes with it. */
    public static final String TRIAL_WRITER = "trial-writer";
    /** Everything, including the admin API (republish). */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
