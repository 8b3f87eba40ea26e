package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Native patient event on {@code patients.events.v1} (the topic also carries FHIR R4 JSON). Key: the pseudonymous
 * {@code patientId}. An event carries the facts it knows; {@code type} says whether they add to (FACTS) or replace
 * (SNAPSHOT) what is stored, or whether the patient left (DELETED: every match is retracted).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientEvent(
        String schemaVersion,
        String eventId,
        Type type,
        String patientId,
        Instant occurredAt,
        LocalDate birthDate,
        Sex sex,
        List<ConditionFact> conditions,
        List<ObservationFact> observations,
        List<MedicationFact> medications,
        List<ProcedureFact> procedures) {

    public static final String SCHEMA_VERSION = "1";

    public enum Type { SNAPSHOT, FACTS, DELETED }

    public enum Sex { FEMALE, MALE, OTHER, UNKNOWN }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConditionFact(List<Concept> codes, String clinicalStatus, LocalDate onsetDate, Instant recordedAt) {
    }

    /** A lab value, performance status, pregnancy status or biomarker; {@code referenceHigh} is the ULN. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObservationFact(List<Concept> codes, Double value, String unit, Concept valueCode,
                                  Double referenceLow, Double referenceHigh, Instant effectiveAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MedicationFact(List<Concept> codes, String status, LocalDate start, LocalDate end) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProcedureFact(List<Concept> codes, LocalDate performedOn) {
    }
}
