package io.trialstream.ingest.rest;

import io.smallrye.mutiny.Uni;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Topics;
import io.trialstream.ingest.messaging.ParsedTrialPublisher;
import io.trialstream.ingest.metrics.IngestMetrics;
import io.trialstream.ingest.parsing.InvalidDocumentException;
import io.trialstream.ingest.service.TrialIngestService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

@Path("/api/v1/trials")
@SecurityRequirement(name = "bearer")
public class TrialIngestResource {

    public record Accepted(String topic, List<AcceptedTrial> trials) {
    }

    public record AcceptedTrial(String trialKey, String nctId, String briefTitle) {
    }

    /** Dry-run answer: the records as they would be published. */
    public record Parsed(List<ParsedTrial> trials) {
    }

    private final TrialIngestService ingest;
    private final ParsedTrialPublisher publisher;
    private final IngestMetrics metrics;

    public TrialIngestResource(TrialIngestService ingest, ParsedTrialPublisher publisher, IngestMetrics metrics) {
        this.ingest = ingest;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    // Every media type reaches the method, so that an unaccepted one gets our problem+json 415 naming the accepted
    // types (and generic types such as application/octet-stream can be read by their content).
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest a trial document",
            description = "ClinicalTrials.gov API v2 JSON (a study, an array of studies or a search-result page), "
                    + "ClinicalTrials.gov legacy clinical_study XML (one record or several under one root), or a page "
                    + "scraped from a trial-finder site as text/html or text/plain. With a generic Content-Type the "
                    + "format is recognised from the content. Answers 202 once the broker acknowledged every parsed "
                    + "trial on trials.parsed.v1.")
    @RolesAllowed({Roles.TRIAL_WRITER, Roles.ADMIN})
    @APIResponse(responseCode = "202", description = "Parsed and published")
    @APIResponse(responseCode = "400", description = "Empty, not well-formed, or forbidden XML constructs (problem+json)")
    @APIResponse(responseCode = "415", description = "Not an accepted media type, or binary content (problem+json)")
    @APIResponse(responseCode = "422", description = "Readable but not a trial document (problem+json)")
    public Uni<Response> ingest(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @QueryParam("sourceUri") String sourceUri) {
        List<ParsedTrial> parsed;
        try {
            parsed = ingest.parse(body, contentType, sourceUri);
        } catch (InvalidDocumentException e) {
            metrics.rejected(e);
            throw e;
        }
        Provenance.SourceFormat format = parsed.isEmpty() || parsed.get(0).provenance() == null ? null
                : parsed.get(0).provenance().sourceFormat();
        Accepted accepted = new Accepted(Topics.TRIALS_PARSED, parsed.stream()
                .map(p -> new AcceptedTrial(p.trial().trialKey(), p.trial().ids() == null ? null : p.trial().ids().nctId(),
                        p.trial().briefTitle()))
                .toList());
        return publisher.publish(parsed)
                .onItem().invoke(() -> metrics.published(format))
                .onFailure().invoke(failure -> metrics.publishFailed(format))
                .replaceWith(Response.accepted(accepted).build());
    }

    @POST
    @Path("/parse")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Parse a trial document without publishing it",
            description = "Accepts the same documents as POST /api/v1/trials and answers with the records that would "
                    + "be published, provenance included. Nothing is sent to Kafka.")
    @RolesAllowed({Roles.TRIAL_WRITER, Roles.ADMIN})
    @APIResponse(responseCode = "200", description = "The parsed records")
    @APIResponse(responseCode = "400", description = "Empty or not well-formed (problem+json)")
    @APIResponse(responseCode = "415", description = "Not an accepted media type, or binary content (problem+json)")
    @APIResponse(responseCode = "422", description = "Readable but not a trial document (problem+json)")
    public Parsed parse(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                        @QueryParam("sourceUri") String sourceUri) {
        return new Parsed(ingest.parse(body, contentType, sourceUri));
    }
}
