package io.trialstream.contracts;

/** Kafka topic names. A topic's name carries its major version; evolution inside a version is additive only. */
public final class Topics {
    /** ingest → registry. Key: trial key. Value: {@link ParsedTrial}. cleanup.policy=delete. */
    public static final String TRIALS_PARSED = "trials.parsed.v1";
    /** registry → matching, downstream. Key: trial key. Value: {@link Trial}; tombstone = withdrawn/deleted. cleanup.policy=compact. */
    public static final String TRIALS = "trials.v1";
    /** hospitals → matching. Key: pseudonymous patient id. Value: FHIR R4 JSON or {@link PatientEvent}. */
    public static final String PATIENT_EVENTS = "patients.events.v1";
    /** matching → downstream. Key: pseudonymous patient id. Value: {@link MatchEvent}. */
    public static final String MATCHES = "matches.v1";

    /** Dead-letter topic of one service: original key and bytes plus {@code dead-letter-*} headers. */
    public static String deadLetter(String service) {
        return "dlq." + service + ".v1";
    }

    private Topics() {
    }
}
