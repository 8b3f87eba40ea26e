package io.trialstream.ingest.rest;

import io.trialstream.ingest.errors.RequestProblem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Errors as RFC 9457 problem+json with a reason code; never echoes the submitted document. */
public class ProblemMappers {
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Also every {@link io.trialstream.ingest.parsing.InvalidDocumentException}. */
    @ServerExceptionMapper
    public Response requestProblem(RequestProblem e) {
        return problem(e.status(), e.code(), e.getMessage());
    }

    static Response problem(int status, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://trialstream.io/problems/" + code.toLowerCase().replace('_', '-'));
        body.put("title", Response.Status.fromStatusCode(status) == null ? code : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
