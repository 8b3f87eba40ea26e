package io.trialstream.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.trialstream.ingest.bulk.BulkImportStatus;
import io.trialstream.ingest.bulk.BulkImports;
import io.trialstream.ingest.errors.RequestProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

@Path("/api/v1/bulk-imports")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.TRIAL_WRITER, Roles.ADMIN})
@Blocking
public class BulkImportResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BulkImports imports;

    public BulkImportResource(BulkImports imports) {
        this.imports = imports;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a bulk import",
            description = "Either a JSON body {\"path\": \"/data/ctgov\"} naming a directory or zip archive on the "
                    + "server under trialstream.ingest.bulk.allowed-roots, or a zip archive uploaded as application/zip "
                    + "(up to the request size limit). Every document is read as POST /api/v1/trials reads it (format "
                    + "from the file extension, else from the content) and published to trials.parsed.v1. Answers 202 "
                    + "with the import's status; follow it at the Location.")
    @APIResponse(responseCode = "202", description = "Import started")
    @APIResponse(responseCode = "400", description = "No path, or not a valid path (problem+json)")
    @APIResponse(responseCode = "403", description = "Path outside the allowed roots, or path imports disabled (problem+json)")
    @APIResponse(responseCode = "415", description = "Neither JSON nor a zip archive (problem+json)")
    @APIResponse(responseCode = "422", description = "Nothing readable at that path (problem+json)")
    @APIResponse(responseCode = "429", description = "Too many imports running (problem+json)")
    public Response start(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        BulkImportStatus status;
        if (type.startsWith("application/json")) {
            status = imports.importPath(path(body));
        } else if (type.startsWith("application/zip") || type.startsWith("application/x-zip-compressed")
                || type.startsWith("application/octet-stream")) {
            status = imports.importUpload(body);
        } else {
            throw new RequestProblem(415, "UNSUPPORTED_MEDIA_TYPE", "send application/json {\"path\": …} or a zip "
                    + "archive as application/zip");
        }
        return Response.accepted(status).location(URI.create("/api/v1/bulk-imports/" + status.id())).build();
    }

    private static String path(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body == null ? new byte[0] : body);
            if (node == null || !node.path("path").isTextual()) {
                throw new RequestProblem(400, "PATH_REQUIRED", "expected {\"path\": \"/a/directory/or/archive.zip\"}");
            }
            return node.get("path").asText();
        } catch (IOException e) {
            throw new RequestProblem(400, "MALFORMED_JSON", "the body is not JSON; expected {\"path\": …}");
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Bulk imports known to this instance, newest first")
    public List<BulkImportStatus> list() {
        return imports.list();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress (count, percentage, rate) and summary (parsed, failed with reasons) of an import")
    @APIResponse(responseCode = "404", description = "Unknown import (problem+json)")
    public BulkImportStatus status(@PathParam("id") String id) {
        return imports.status(id).orElseThrow(() -> new RequestProblem(404, "IMPORT_NOT_FOUND", "no bulk import with that id"));
    }

    @POST
    @Path("/{id}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resume an interrupted import where its journal ends")
    @APIResponse(responseCode = "202", description = "Resumed")
    @APIResponse(responseCode = "409", description = "Running or completed (problem+json)")
    public Response resume(@PathParam("id") String id) {
        return Response.accepted(imports.resume(id)).build();
    }

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stop an import after the documents already sent; it can be resumed")
    public BulkImportStatus cancel(@PathParam("id") String id) {
        return imports.cancel(id);
    }
}
