package io.trialstream.registry.rest;

import io.trialstream.contracts.Trial;
import io.trialstream.registry.mapping.TrialMapper;
import io.trialstream.registry.repository.TrialRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/trials")
@Produces(MediaType.APPLICATION_JSON)
public class TrialResource {
    private final TrialRepository trials;

    public TrialResource(TrialRepository trials) {
        this.trials = trials;
    }

    @GET
    @Path("/{key}")
    @Operation(summary = "The canonical trial by trial key or NCT id")
    public Trial get(@PathParam("key") String key) {
        return trials.findByKeyOrNctId(key).map(TrialMapper::toContract)
                .orElseThrow(() -> new NotFoundException("no trial with key or NCT id " + key));
    }
}
