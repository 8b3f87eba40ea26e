package io.trialstream.registry.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Errors as RFC 9457 problem+json. */
public class ProblemMappers {
    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Response.status(404).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", "Not Found", "status", 404, "detail", e.getMessage()))
                .build();
    }
}
