package io.trialstream.contracts;

/**
 * CloudEvents {@code ce_type} values carried in binary mode (Kafka headers {@code ce_id}, {@code ce_type},
 * {@code ce_source}, {@code ce_subject}, {@code ce_time}, {@code ce_specversion}).
 */
public final class CloudEventTypes {
    public static final String TRIAL_PARSED = "io.trialstream.trial.parsed.v1";
    public static final String TRIAL = "io.trialstream.trial.v1";
    public static final String PATIENT_EVENT = "io.trialstream.patient.event.v1";
    public static final String MATCH_CREATED = "io.trialstream.match.created.v1";
    public static final String MATCH_UPDATED = "io.trialstream.match.updated.v1";
    public static final String MATCH_RETRACTED = "io.trialstream.match.retracted.v1";

    public static final String SOURCE_INGEST = "urn:trialstream:ingest-service";
    public static final String SOURCE_REGISTRY = "urn:trialstream:registry-service";
    public static final String SOURCE_MATCHING = "urn:trialstream:matching-service";

    public static String forMatch(MatchEvent.Type type) {
        return switch (type) {
            case MATCH_CREATED -> MATCH_CREATED;
            case MATCH_UPDATED -> MATCH_UPDATED;
            case MATCH_RETRACTED -> MATCH_RETRACTED;
        };
    }

    private CloudEventTypes() {
    }
}
