package io.trialstream.matching.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.matching.domain.MatchEntity;
import io.trialstream.matching.repository.MatchRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

@Path("/api/v1/patients/{patientId}/matches")
@Produces(MediaType.APPLICATION_JSON)
public class PatientMatchesResource {
    private final MatchRepository matches;

    public PatientMatchesResource(MatchRepository matches) {
        this.matches = matches;
    }

    @GET
    @Operation(summary = "Current matches of a patient, best first, with per-criterion explanations")
    public List<MatchEvent> matches(@PathParam("patientId") String patientId) {
        return matches.activeForPatient(patientId).stream().map(PatientMatchesResource::read).toList();
    }

    private static MatchEvent read(MatchEntity m) {
        try {
            return ContractJson.mapper().readValue(m.payload, MatchEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored match unreadable", e);
        }
    }
}
