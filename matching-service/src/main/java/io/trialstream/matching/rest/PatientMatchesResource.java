package io.trialstream.matching.rest;

import io.trialstream.contracts.MatchEvent;
import io.trialstream.matching.repository.MatchRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.List;

@Path("/api/v1/patients/{patientId}/matches")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class PatientMatchesResource {
    private final MatchRepository matches;

    public PatientMatchesResource(MatchRepository matches) {
        this.matches = matches;
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Current matches of a patient, ranked (ELIGIBLE before POSSIBLY_ELIGIBLE, then by score), "
            + "each with per-criterion explanations and the information still needed")
    public List<MatchEvent> matches(@PathParam("patientId") String patientId,
                                    @Parameter(description = "ELIGIBLE or POSSIBLY_ELIGIBLE") @QueryParam("verdict") String verdict,
                                    @Parameter(description = "1–1000, default 100") @QueryParam("limit") @DefaultValue("100") String limit) {
        Ranking.checkId(patientId, "patientId");
        MatchEvent.Verdict wanted = Ranking.verdict(verdict);
        int max = Ranking.limit(limit);
        return Ranking.ranked(matches.activeForPatient(patientId), wanted, max);
    }
}
