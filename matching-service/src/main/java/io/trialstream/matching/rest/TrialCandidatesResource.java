package io.trialstream.matching.rest;

import io.trialstream.contracts.MatchEvent;
import io.trialstream.matching.repository.IndexedTrialRepository;
import io.trialstream.matching.repository.MatchRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.List;

@Path("/api/v1/trials/{trialKey}/candidates")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class TrialCandidatesResource {
    private final MatchRepository matches;
    private final IndexedTrialRepository trials;

    public TrialCandidatesResource(MatchRepository matches, IndexedTrialRepository trials) {
        this.matches = matches;
        this.trials = trials;
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Patients currently matched to a trial, ranked, with per-criterion explanations; 404 if the trial is unknown")
    public List<MatchEvent> candidates(@PathParam("trialKey") String trialKey,
                                       @Parameter(description = "ELIGIBLE or POSSIBLY_ELIGIBLE") @QueryParam("verdict") String verdict,
                                       @Parameter(description = "1–1000, default 100") @QueryParam("limit") @DefaultValue("100") String limit) {
        Ranking.checkId(trialKey, "trialKey");
        MatchEvent.Verdict wanted = Ranking.verdict(verdict);
        int max = Ranking.limit(limit);
        if (trials.findById(trialKey) == null) {
            throw new NotFoundException("no trial with this key in the matching index");
        }
        return Ranking.ranked(matches.activeForTrialRanked(trialKey, wanted == null ? null : wanted.name(), max), wanted, max);
    }
}
