package io.trialstream.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Trial;
import io.trialstream.registry.domain.TrialEntity;
import io.trialstream.registry.domain.TrialVersionEntity;
import io.trialstream.registry.mapping.Json;
import io.trialstream.registry.mapping.TrialMapper;
import io.trialstream.registry.repository.TrialRepository;
import io.trialstream.registry.repository.TrialVersionRepository;
import io.trialstream.registry.service.TrialLookup;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Canonical trials: by any of their names, their history and field provenance, and search. */
@Path("/api/v1/trials")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trials")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.READER, Roles.CLINICIAN, Roles.TRIAL_WRITER, Roles.ADMIN})
public class TrialResource {
    /** Longer than any trial key, NCT id or registry id; a longer path segment is refused before any lookup. */
    static final int MAX_KEY_LENGTH = 200;

    private final TrialRepository trials;
    private final TrialVersionRepository versions;
    private final TrialLookup lookup;

    public TrialResource(TrialRepository trials, TrialVersionRepository versions, TrialLookup lookup) {
        this.trials = trials;
        this.versions = versions;
        this.lookup = lookup;
    }

    @GET
    @Path("/{key}")
    @Transactional
    @Operation(summary = "The canonical trial", description = "By trial key, NCT id, a former key (a scraped page's "
            + "TS-… or EUDRACT:… key that joined this trial) or a secondary id (e.g. a EudraCT number). The same "
            + "document as the trial's latest record on trials.v1. A withdrawn trial is still returned here.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Trial.class)))
    @APIResponse(responseCode = "404", description = "no trial has this name",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a secondary id that several trials state",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public Trial get(@Parameter(description = "trial key, NCT id, former key or secondary id") @PathParam("key") String key) {
        return TrialMapper.toContract(find(key));
    }

    @GET
    @Path("/{key}/versions")
    @Transactional
    @Operation(summary = "Every accepted change of the trial, oldest first",
            description = "Each version names the source document that caused it and the top-level fields that changed.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TrialViews.VersionHistory.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public TrialViews.VersionHistory versions(@PathParam("key") String key) {
        TrialEntity t = find(key);
        List<TrialViews.VersionEntry> out = new ArrayList<>();
        JsonNode previous = null;
        for (TrialVersionEntity v : versions.history(t.trialKey)) {
            JsonNode record = read(v.record);
            out.add(new TrialViews.VersionEntry(v.id.version(), v.contentHash, v.createdAt,
                    v.source == null ? null : Json.read(v.source, Provenance.class),
                    previous == null ? null : changedFields(previous, record),
                    v.mergedFrom == null || v.mergedFrom.length == 0 ? null : List.of(v.mergedFrom)));
            previous = record;
        }
        return new TrialViews.VersionHistory(t.trialKey, out);
    }

    @GET
    @Path("/{key}/versions/{version}")
    @Transactional
    @Operation(summary = "The canonical record as it was at one version")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TrialViews.VersionSnapshot.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public TrialViews.VersionSnapshot version(@PathParam("key") String key, @PathParam("version") String version) {
        long v;
        try {
            v = Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new BadParameterException("version", "must be a positive integer");
        }
        if (v < 1) {
            throw new BadParameterException("version", "must be a positive integer");
        }
        TrialEntity t = find(key);
        return versions.version(t.trialKey, v).map(TrialViews.VersionSnapshot::of)
                .orElseThrow(() -> new NotFoundException("trial " + t.trialKey + " has no version " + v));
    }

    @GET
    @Path("/{key}/provenance")
    @Transactional
    @Operation(summary = "Which source stated each field of the current version",
            description = "Sources in merge priority (registry before scraped page, newer before older); fields map "
                    + "a top-level field, or object.part where the parts of an object came from different sources.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TrialViews.FieldProvenance.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public TrialViews.FieldProvenance provenance(@PathParam("key") String key) {
        return TrialViews.FieldProvenance.of(find(key));
    }

    @GET
    @Transactional
    @Operation(summary = "Search trials", description = "All given filters must match; a filter given several "
            + "times (or with comma-separated values) matches any of its values. Vocabularies are those of "
            + "ClinicalTrials.gov API v2, case-insensitive. Sorted by updatedAt, newest first, or by relevance when q "
            + "is given.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TrialViews.TrialPage.class)))
    @APIResponse(responseCode = "400", description = "a parameter is unknown, malformed or out of range; invalidParams names it",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public TrialViews.TrialPage search(
            @Parameter(description = "words of a condition, stemmed (\"lung cancers\" finds \"Non-Small Cell Lung Cancer\")")
            @QueryParam("condition") String condition,
            @Parameter(description = "a condition code (C92.0) or system|code (http://snomed.info/sct|91861009) of a "
                    + "required CONDITION criterion")
            @QueryParam("conditionCode") List<String> conditionCode,
            @Parameter(description = "overallStatus, e.g. RECRUITING") @QueryParam("status") List<String> status,
            @Parameter(description = "EARLY_PHASE1, PHASE1 … PHASE4, NA") @QueryParam("phase") List<String> phase,
            @Parameter(description = "INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS") @QueryParam("studyType") List<String> studyType,
            @Parameter(description = "trials open to this sex: FEMALE or MALE (includes ALL and unstated); ALL = open to both")
            @QueryParam("sex") String sex,
            @Parameter(description = "an age in years that must lie within the trial's age range (unstated bound = no limit)")
            @QueryParam("age") String age,
            @Parameter(description = "a site's country (case and accents ignored)") @QueryParam("country") String country,
            @Parameter(description = "a site's city; with country, one site must match both") @QueryParam("city") String city,
            @Parameter(description = "words of the lead sponsor or a collaborator") @QueryParam("sponsor") String sponsor,
            @Parameter(description = "free text over titles, acronym and summary (web-search syntax: \"quoted phrase\", or, -not)")
            @QueryParam("q") String q,
            @Parameter(description = "changed in the registry at or after this time (2026-11-01T00:00:00Z or 2026-11-01)")
            @QueryParam("updatedSince") String updatedSince,
            @Parameter(description = "0-based page, default 0") @QueryParam("page") String page,
            @Parameter(description = "page size 1–100, default 20") @QueryParam("size") String size,
            @Parameter(description = "updatedAt, lastUpdateDate, trialKey, briefTitle or relevance; prefix - for descending")
            @QueryParam("sort") String sort,
            @Context UriInfo uri) {
        // the declared parameters document the API; the raw map also catches misspelt parameter names
        var query = TrialSearchParameters.parse(uri.getQueryParameters());
        TrialRepository.Page result = trials.search(query);
        return new TrialViews.TrialPage(query.page(), query.size(), result.total(),
                result.hits().stream().map(TrialViews.TrialSummary::of).toList());
    }

    private TrialEntity find(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw new BadParameterException("key", "is longer than " + MAX_KEY_LENGTH + " characters");
        }
        return lookup.find(key).orElseThrow(() -> new NotFoundException("no trial with key, NCT id or secondary id " + key));
    }

    private static JsonNode read(String json) {
        try {
            return ContractJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("stored version record unreadable", e);
        }
    }

    static List<String> changedFields(JsonNode before, JsonNode after) {
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names.stream().filter(n -> !Objects.equals(before.get(n), after.get(n))).sorted().toList();
    }
}
