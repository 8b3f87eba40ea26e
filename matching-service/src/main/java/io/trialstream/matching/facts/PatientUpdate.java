package io.trialstream.matching.facts;

import io.trialstream.contracts.PatientEvent;
import io.trialstream.matching.evaluation.PatientFacts;

import java.time.Instant;

/**
 * One patient event, whatever its format: the facts it carries and how they apply. FHIR input always merges (a
 * Bundle is what the sender knows now, not necessarily everything); native SNAPSHOT replaces, FACTS merges,
 * DELETED removes the patient.
 */
public record PatientUpdate(String patientId, Mode mode, PatientFacts facts, Instant occurredAt, String format) {
    public enum Mode { REPLACE, MERGE, DELETE }

    public static final String FHIR = "fhir";
    public static final String NATIVE = "native";

    public boolean carriesFacts() {
        return facts.birthDate() != null || facts.sex() != null && facts.sex() != PatientEvent.Sex.UNKNOWN
                || !facts.conditions().isEmpty() || !facts.observations().isEmpty()
                || !facts.medications().isEmpty() || !facts.procedures().isEmpty();
    }
}
