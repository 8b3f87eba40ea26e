package io.trialstream.ingest.rest;

import io.smallrye.common.annotation.Blocking;
import io.trialstream.ingest.ctgov.CtgovSync;
import io.trialstream.ingest.ctgov.CtgovSyncStatus;
import io.trialstream.ingest.errors.RequestProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

@Path("/api/v1/ctgov-sync")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.TRIAL_WRITER, Roles.ADMIN})
@Blocking
public class CtgovSyncResource {
    private final CtgovSync sync;

    public CtgovSyncResource(CtgovSync sync) {
        this.sync = sync;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a ClinicalTrials.gov sync",
            description = "Pulls from the API v2 (trialstream.ingest.ctgov.base-url) every study last updated on or "
                    + "after `since` (default: where the last successful sync left off), page by page, within the "
                    + "configured request rate, and publishes each to trials.parsed.v1.")
    @APIResponse(responseCode = "202", description = "Sync started")
    @APIResponse(responseCode = "400", description = "`since` is not a date (problem+json)")
    @APIResponse(responseCode = "409", description = "A sync is running (problem+json)")
    public Response start(@QueryParam("since") String since) {
        LocalDate from = null;
        if (since != null && !since.isBlank()) {
            try {
                from = LocalDate.parse(since.trim());
            } catch (DateTimeParseException e) {
                throw new RequestProblem(400, "INVALID_SINCE", "since must be a date such as 2026-11-01");
            }
        }
        return Response.accepted(sync.start(from)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The current or last sync (pages, studies, published, failed with reasons, retries) and the next start")
    public CtgovSyncStatus status() {
        return sync.status();
    }
}
