package io.trialstream.registry.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The problem+json body of every error (RFC 9457), for the OpenAPI document. */
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(examples = "about:blank") String type,
        @Schema(examples = "Bad Request") String title,
        @Schema(examples = "400") int status,
        @Schema(examples = "parameter 'age' must be a number of years between 0 and 150") String detail,
        @Schema(description = "400 only: each bad parameter and why") List<InvalidParam> invalidParams,
        @Schema(description = "409 only: the trials a secondary id belongs to") List<String> trialKeys) {

    public record InvalidParam(String name, String reason) {
    }
}
