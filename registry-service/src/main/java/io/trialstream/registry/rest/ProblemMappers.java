package io.trialstream.registry.rest;

import io.trialstream.registry.service.TrialLookup;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Errors as RFC 9457 problem+json. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(404, "Not Found", e.getMessage(), Map.of());
    }

    /** Other JAX-RS errors (405, 406, 415, …) keep their status, as problem+json. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType s = e.getResponse().getStatusInfo();
        return problem(s.getStatusCode(), s.getReasonPhrase(), e.getMessage(), Map.of());
    }

    /** Anything unexpected: logged here, answered without internals (messages can quote stored values). */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return problem(500, "Internal Server Error", "the request failed; see the service log", Map.of());
    }

    @ServerExceptionMapper
    public Response badParameter(BadParameterException e) {
        return problem(400, "Bad Request", e.getMessage(),
                Map.of("invalidParams", List.of(Map.of("name", e.parameter(), "reason", e.reason()))));
    }

    @ServerExceptionMapper
    public Response ambiguous(TrialLookup.AmbiguousKeyException e) {
        return problem(409, "Conflict", e.getMessage(), Map.of("trialKeys", e.trialKeys()));
    }

    static Response problem(int status, String title, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extensions);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
