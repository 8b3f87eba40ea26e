package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Value of {@code trials.parsed.v1}: one per parsed document. Key: {@code trial.trialKey}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParsedTrial(String schemaVersion, TrialRecord trial, Provenance provenance) {
    public static final String SCHEMA_VERSION = "1";
}
