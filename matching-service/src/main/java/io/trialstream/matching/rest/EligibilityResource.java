package io.trialstream.matching.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.domain.IndexedTrial;
import io.trialstream.matching.evaluation.Evaluation;
import io.trialstream.matching.facts.PatientEventReader;
import io.trialstream.matching.facts.PatientUpdate;
import io.trialstream.matching.repository.IndexedTrialRepository;
import io.trialstream.matching.rest.ProblemMappers.BadRequestProblem;
import io.trialstream.matching.service.MatchService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.time.Instant;
import java.util.List;

/**
 * Stateless evaluation: a patient (FHIR R4 Bundle/resource or native PatientEvent) and a trial (a {@code Trial}
 * snapshot, a {@code TrialRecord}, or the key of a trial in the matching index) in, the full explanation out.
 * Nothing is stored and no event is published.
 */
@Path("/api/v1/eligibility/evaluate")
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EligibilityResource {
    /** The patient id used for a FHIR patient submitted here: the document's own ids are never used. */
    static final String SUBMITTED = "submitted-patient";

    private final PatientEventReader reader;
    private final MatchService service;
    private final IndexedTrialRepository trials;

    public EligibilityResource(PatientEventReader reader, MatchService service, IndexedTrialRepository trials) {
        this.reader = reader;
        this.service = service;
        this.trials = trials;
    }

    /** Request body: {@code patient} plus one of {@code trial} (Trial or TrialRecord JSON) and {@code trialKey}. */
    public record EvaluationRequest(JsonNode patient, JsonNode trial, String trialKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EvaluationResponse(String trialKey, Long trialVersion, MatchEvent.Verdict verdict, double score,
                                     List<MatchEvent.CriterionResult> criteria, List<String> neededInfo,
                                     Instant evaluatedAt) {
    }

    @POST
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Evaluate one patient against one trial without storing anything")
    @APIResponse(responseCode = "200", description = "The verdict, score, every criterion's outcome with evidence, and the needed info")
    @APIResponse(responseCode = "400", description = "Missing or malformed patient/trial (problem+json naming the parameter)")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "The token has neither the clinician nor the admin role")
    @APIResponse(responseCode = "404", description = "trialKey not in the matching index")
    @APIResponse(responseCode = "413", description = "Body larger than quarkus.http.limits.max-body-size (1M)")
    @APIResponse(responseCode = "422", description = "The patient document cannot be read (problem+json with a reason code)")
    public EvaluationResponse evaluate(EvaluationRequest request) {
        if (request == null || request.patient() == null || !request.patient().isObject()) {
            throw new BadRequestProblem("MISSING_PATIENT", "patient must be a FHIR R4 resource or a PatientEvent object", "patient");
        }
        boolean hasTrial = request.trial() != null && request.trial().isObject();
        boolean hasKey = request.trialKey() != null && !request.trialKey().isBlank();
        if (!hasTrial && !hasKey) {
            throw new BadRequestProblem("MISSING_TRIAL", "trial (Trial or TrialRecord) or trialKey is required", "trial", "trialKey");
        }
        if (hasKey) {
            Ranking.checkId(request.trialKey().trim(), "trialKey");
        }
        PatientUpdate update = reader.read(request.patient().has("resourceType") ? SUBMITTED : null, request.patient().toString());
        TrialRecord record;
        Long version = null;
        if (hasTrial) {
            JsonNode t = request.trial();
            try {
                if (t.has("trial") && t.get("trial").isObject()) {
                    Trial snapshot = ContractJson.mapper().treeToValue(t, Trial.class);
                    record = snapshot.trial();
                    version = snapshot.version();
                } else {
                    record = ContractJson.mapper().treeToValue(t, TrialRecord.class);
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new BadRequestProblem("INVALID_TRIAL", "trial is neither a Trial nor a TrialRecord", "trial");
            }
        } else {
            IndexedTrial indexed = trials.findById(request.trialKey().trim());
            if (indexed == null) {
                throw new NotFoundException("no trial with this key in the matching index");
            }
            try {
                record = ContractJson.mapper().readValue(indexed.record, TrialRecord.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored trial unreadable", e);
            }
            version = indexed.version;
        }
        Evaluation ev = service.evaluate(update.facts(), record);
        return new EvaluationResponse(record.trialKey() != null ? record.trialKey() : request.trialKey(), version,
                ev.verdict(), ev.score(), ev.criteria(), ev.neededInfo().isEmpty() ? null : ev.neededInfo(), Instant.now());
    }
}
