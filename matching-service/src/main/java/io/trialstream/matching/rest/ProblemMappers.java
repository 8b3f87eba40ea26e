package io.trialstream.matching.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.trialstream.matching.facts.UnreadableEventException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Errors as RFC 9457 problem+json with a reason code; never echoes submitted patient data. */
public class ProblemMappers {
    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response badRequest(BadRequestProblem e) {
        return problem(400, e.code(), e.getMessage(), e.parameters());
    }

    @ServerExceptionMapper
    public Response unreadable(UnreadableEventException e) {
        return problem(422, e.reasonCode(), "the patient document cannot be read: " + e.reasonCode(), List.of("patient"));
    }

    /** A request body that is not JSON or exceeds the JSON limits (JsonLimits); Jackson's message quotes the input. */
    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return unreadableBody((Throwable) e);
    }

    private static Response unreadableBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException) {
                return problem(400, "JSON_LIMIT_EXCEEDED", "the body nests too deeply or holds an oversized string or number", null);
            }
        }
        return problem(400, "UNREADABLE_BODY", "the body is not a readable JSON request", null);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(404, "NOT_FOUND", e.getMessage() == null ? "not found" : e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException) {
            return unreadableBody(e.getCause()); // Quarkus REST wraps the body reader's failure
        }
        String code = status == 415 ? "UNSUPPORTED_MEDIA_TYPE" : status == 405 ? "METHOD_NOT_ALLOWED"
                : status == 406 ? "NOT_ACCEPTABLE" : status == 400 ? "BAD_REQUEST" : "HTTP_" + status;
        return problem(status, code, Response.Status.fromStatusCode(status) == null ? code
                : Response.Status.fromStatusCode(status).getReasonPhrase(), null);
    }

    static Response problem(int status, String code, String detail, List<String> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://trialstream.io/problems/" + code.toLowerCase().replace('_', '-'));
        body.put("title", Response.Status.fromStatusCode(status) == null ? code : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        if (parameters != null && !parameters.isEmpty()) {
            body.put("invalidParams", parameters.stream().map(p -> Map.of("name", p)).toList());
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    /** A 400 naming the parameters that are wrong; the message is fixed text, never the submitted value. */
    public static class BadRequestProblem extends RuntimeException {
        private final String code;
        private final List<String> parameters;

        public BadRequestProblem(String code, String detail, String... parameters) {
            super(detail, null, false, false);
            this.code = code;
            this.parameters = List.of(parameters);
        }

        public String code() {
            return code;
        }

        public List<String> parameters() {
            return parameters;
        }
    }
}
