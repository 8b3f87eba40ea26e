package io.trialstream.registry.rest;

import io.trialstream.registry.service.RepublishService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Re-emitting the current state of every trial to trials.v1. Operators only (role admin). */
@Path("/api/v1/admin/republish")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.ADMIN)
public class RepublishResource {
    private final RepublishService republish;

    public RepublishResource(RepublishService republish) {
        this.republish = republish;
    }

    @POST
    @Operation(summary = "Re-emit every trial's current state to trials.v1",
            description = "For a new consumer or to repair one: every canonical trial is sent again with its current "
                    + "version (a withdrawn trial as a tombstone), in bounded batches through the outbox. Returns a "
                    + "job; follow its progress at the Location. Versions do not change, so consumers that hold the "
                    + "trial ignore the repeat.")
    @APIResponse(responseCode = "202", description = "job started; Location is its progress",
            content = @Content(schema = @Schema(implementation = RepublishService.Progress.class)))
    public Response start(@Context UriInfo uri) {
        RepublishService.Progress job = republish.start();
        return Response.accepted(job).location(uri.getAbsolutePathBuilder().path(job.jobId().toString()).build()).build();
    }

    @GET
    @Path("/{jobId}")
    @Operation(summary = "Progress of a republish job",
            description = "status RUNNING (enqueueing), ENQUEUED (all enqueued, sending) or COMPLETED (all sent); "
                    + "published counts records the broker acknowledged.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RepublishService.Progress.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public RepublishService.Progress progress(@PathParam("jobId") String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("jobId", "must be a job id as returned by POST /api/v1/admin/republish");
        }
        return republish.progress(id).orElseThrow(() -> new NotFoundException("no republish job " + jobId));
    }
}
