package io.trialstream.matching.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.trialstream.contracts.Concept;
import io.trialstream.contracts.PatientEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the matcher knows about one pseudonymous patient, from FHIR or native events alike. Every fact keeps its
 * time, so the evaluator can tell a current lab from a year-old one. {@code source} is a one-way hash of the FHIR
 * resource identity (never the resource id itself): a newer version of the same resource replaces the older fact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientFacts(String patientId, LocalDate birthDate, PatientEvent.Sex sex,
                           List<Condition> conditions, List<Observation> observations,
                           List<Medication> medications, List<Procedure> procedures,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Instant> retiredSources) {

    public PatientFacts {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        observations = observations == null ? List.of() : List.copyOf(observations);
        medications = medications == null ? List.of() : List.copyOf(medications);
        procedures = procedures == null ? List.of() : List.copyOf(procedures);
        retiredSources = retiredSources == null || retiredSources.isEmpty() ? Map.of()
                : Collections.unmodifiableSortedMap(new TreeMap<>(retiredSources));
    }

    /**
     * Facts without retired sources. {@code retiredSources} (source hash → the version last held) remembers the
     * sourced observations that the per-code cap of FactMerger dropped, so a late older version of such a resource is
     * still recognised as older; without it, delivering one event twice could give different facts.
     */
    public PatientFacts(String patientId, LocalDate birthDate, PatientEvent.Sex sex, List<Condition> conditions,
                        List<Observation> observations, List<Medication> medications, List<Procedure> procedures) {
        this(patientId, birthDate, sex, conditions, observations, medications, procedures, Map.of());
    }

    public PatientFacts(String patientId, LocalDate birthDate, PatientEvent.Sex sex) {
        this(patientId, birthDate, sex, List.of(), List.of(), List.of(), List.of());
    }

    public PatientFacts withId(String id) {
        return new PatientFacts(id, birthDate, sex, conditions, observations, medications, procedures, retiredSources);
    }

    /** A diagnosis. {@code grade} is a stated grade or stage number (GVHD grade), when the source gives one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(List<Concept> codes, String clinicalStatus, String verificationStatus, LocalDate onset,
                            LocalDate abatement, Instant recordedAt, Integer grade, String source, Instant sourceVersion) {
        public Condition {
            codes = codes == null ? List.of() : List.copyOf(codes);
        }

        /** Refuted or entered-in-error conditions are not facts. */
        @JsonIgnore
        public boolean isRecorded() {
            return !"refuted".equals(verificationStatus) && !"entered-in-error".equals(verificationStatus);
        }

        /** Active (or no status and no abatement): the patient has it now. */
        @JsonIgnore
        public boolean isActive() {
            if (clinicalStatus == null) {
                return abatement == null;
            }
            return switch (clinicalStatus) {
                case "active", "recurrence", "relapse" -> true;
                default -> false;
            };
        }
    }

    /**
     * A measurement or coded finding: lab value, performance status, pregnancy status, disease status, biomarker.
     * {@code referenceHigh} (the ULN) is in {@code unit}. {@code codes} also carries the gene a variant concerns.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Observation(List<Concept> codes, Double value, String unit, Concept valueCode, Double referenceLow,
                              Double referenceHigh, Instant effectiveAt, String source, Instant sourceVersion) {
        public Observation {
            codes = codes == null ? List.of() : List.copyOf(codes);
        }

        public boolean hasCode(String system, String code) {
            return ClinicalCodes.has(codes, system, code);
        }
    }

    /** A medication taken, ordered or given, with its period ({@code end} null = ongoing or unknown). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Medication(List<Concept> codes, String status, LocalDate start, LocalDate end, String source,
                             Instant sourceVersion) {
        public Medication {
            codes = codes == null ? List.of() : List.copyOf(codes);
        }

        @JsonIgnore
        public boolean isOngoing() {
            return end == null && (status == null || "active".equals(status) || "intended".equals(status)
                    || "on-hold".equals(status));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Procedure(List<Concept> codes, LocalDate performedOn, String source, Instant sourceVersion) {
        public Procedure {
            codes = codes == null ? List.of() : List.copyOf(codes);
        }
    }
}
