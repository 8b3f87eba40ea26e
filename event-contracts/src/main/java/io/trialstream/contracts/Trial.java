package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * Value of the compacted topic {@code trials.v1}: the canonical snapshot of one trial after merging every source.
 * Key: {@code trialKey}. {@code version} increases by one with every accepted change; a withdrawn or deleted
 * trial is a tombstone (null value).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trial(
        String schemaVersion,
        String trialKey,
        long version,
        Instant updatedAt,
        String contentHash,
        TrialRecord trial,
        List<Provenance> sources) {
    public static final String SCHEMA_VERSION = "1";
}
