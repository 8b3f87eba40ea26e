package io.trialstream.ingest.rest;

import io.smallrye.mutiny.Uni;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Topics;
import io.trialstream.ingest.messaging.ParsedTrialPublisher;
import io.trialstream.ingest.service.TrialIngestService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

@Path("/api/v1/trials")
public class TrialIngestResource {

    public record Accepted(String topic, List<AcceptedTrial> trials) {
    }

    public record AcceptedTrial(String trialKey, String nctId, String briefTitle) {
    }

    private final TrialIngestService ingest;
    private final ParsedTrialPublisher publisher;

    public TrialIngestResource(TrialIngestService ingest, ParsedTrialPublisher publisher) {
        this.ingest = ingest;
        this.publisher = publisher;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest a trial document",
            description = "A ClinicalTrials.gov API v2 study, an array of studies, or a search-result page. Answers "
                    + "202 once the broker acknowledged every parsed trial on trials.parsed.v1.")
    @APIResponse(responseCode = "202", description = "Parsed and published")
    @APIResponse(responseCode = "400", description = "Not well-formed (problem+json)")
    @APIResponse(responseCode = "415", description = "Unsupported media type")
    @APIResponse(responseCode = "422", description = "Readable but not a trial document (problem+json)")
    public Uni<Response> ingest(String body, @QueryParam("sourceUri") String sourceUri) {
        List<ParsedTrial> parsed = ingest.parse(body == null ? "" : body, sourceUri);
        Accepted accepted = new Accepted(Topics.TRIALS_PARSED, parsed.stream()
                .map(p -> new AcceptedTrial(p.trial().trialKey(), p.trial().ids().nctId(), p.trial().briefTitle()))
                .toList());
        return publisher.publish(parsed).replaceWith(Response.accepted(accepted).build());
    }
}
