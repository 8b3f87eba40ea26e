package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * Value of {@code matches.v1}: a change in one patient–trial match. Key: patient id. {@code matchId} is
 * deterministic (patient + trial), {@code version} increases with each change of that match, so a consumer can
 * upsert by {@code matchId} and drop anything not newer than what it holds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchEvent(
        String schemaVersion,
        String eventId,
        Type type,
        String matchId,
        long version,
        String patientId,
        String trialKey,
        long trialVersion,
        Verdict verdict,
        double score,
        List<CriterionResult> criteria,
        List<String> neededInfo,
        String retractionReason,
        Instant evaluatedAt) {

    public static final String SCHEMA_VERSION = "1";

    public enum Type { MATCH_CREATED, MATCH_UPDATED, MATCH_RETRACTED }

    public enum Verdict { ELIGIBLE, @JsonEnumDefaultValue POSSIBLY_ELIGIBLE, INELIGIBLE }

    public enum Outcome { MET, NOT_MET, @JsonEnumDefaultValue UNKNOWN }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CriterionResult(String criterionId, Criterion.Kind kind, Criterion.Polarity polarity,
                                  Outcome outcome, String explanation, List<Evidence> evidence) {
    }

    /** Which fact decided a criterion, its value and when it was observed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(String fact, String value, String unit, Instant observedAt) {
    }
}
