package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** Where a parsed record came from. {@code contentSha256} is the hash of the source bytes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        SourceFormat sourceFormat,
        String sourceUri,
        String contentSha256,
        String parserVersion,
        Instant parsedAt) {

    public enum SourceFormat { CTGOV_V2_JSON, CTGOV_LEGACY_XML, SCRAPED_PAGE }
}
