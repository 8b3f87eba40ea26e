package io.trialstream.matching.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.matching.config.JsonLimits;
import io.trialstream.matching.evaluation.PatientFacts;

import java.util.List;

/**
 * Reads a value of patients.events.v1, native {@link PatientEvent} or FHIR R4 JSON, into a {@link PatientUpdate}.
 * The two are told apart by the body: FHIR has a top-level {@code resourceType}, native has {@code schemaVersion}
 * and {@code type}. For FHIR the patient is the record key (pseudonymous); a native event names its patient and
 * must agree with the key.
 */
public final class PatientEventReader {
    private final FhirPatientReader fhir;

    public PatientEventReader(FhirPatientReader fhir) {
        this.fhir = fhir;
    }

    /** @throws UnreadableEventException with a reason code and no record content */
    public PatientUpdate read(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new UnreadableEventException("EMPTY_VALUE", "record value is empty");
        }
        JsonNode tree;
        try {
            tree = JsonLimits.mapper().readTree(value);
        } catch (StreamConstraintsException e) {
            throw new UnreadableEventException("JSON_LIMIT_EXCEEDED", "value nests deeper than "
                    + JsonLimits.MAX_NESTING_DEPTH + " levels or holds an oversized string or number");
        } catch (JsonProcessingException e) {
            throw new UnreadableEventException("UNREADABLE_JSON", "value is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new UnreadableEventException("UNREADABLE_JSON", "value is not a JSON object");
        }
        if (tree.has("resourceType")) {
            if (key == null || key.isBlank()) {
                throw new UnreadableEventException("MISSING_KEY", "FHIR input needs the pseudonymous patient id as record key");
            }
            return fhir.read(key, value);
        }
        PatientEvent event;
        try {
            event = ContractJson.mapper().treeToValue(tree, PatientEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableEventException("INVALID_PATIENT_EVENT", "value does not match the PatientEvent schema");
        }
        if (event.patientId() == null || event.patientId().isBlank()) {
            throw new UnreadableEventException("MISSING_PATIENT_ID", "PatientEvent has no patientId");
        }
        if (event.type() == null) {
            throw new UnreadableEventException("INVALID_PATIENT_EVENT", "PatientEvent has no known type");
        }
        if (key != null && !key.equals(event.patientId())) {
            throw new UnreadableEventException("KEY_MISMATCH", "record key differs from patientId");
        }
        return fromNative(event);
    }

    public static PatientUpdate fromNative(PatientEvent e) {
        PatientUpdate.Mode mode = switch (e.type()) {
            case SNAPSHOT -> PatientUpdate.Mode.REPLACE;
            case FACTS -> PatientUpdate.Mode.MERGE;
            case DELETED -> PatientUpdate.Mode.DELETE;
        };
        return new PatientUpdate(e.patientId(), mode, facts(e), e.occurredAt(), PatientUpdate.NATIVE);
    }

    /** The facts a native event states (no source identity: equal facts are the same fact). */
    public static PatientFacts facts(PatientEvent e) {
        List<PatientFacts.Condition> conditions = e.conditions() == null ? List.of() : e.conditions().stream()
                .map(c -> new PatientFacts.Condition(c.codes(), c.clinicalStatus(), null, c.onsetDate(), null,
                        c.recordedAt(), null, null, null)).toList();
        List<PatientFacts.Observation> observations = e.observations() == null ? List.of() : e.observations().stream()
                .map(o -> new PatientFacts.Observation(o.codes(), o.value(), o.unit(), o.valueCode(), o.referenceLow(),
                        o.referenceHigh(), o.effectiveAt(), null, null)).toList();
        List<PatientFacts.Medication> medications = e.medications() == null ? List.of() : e.medications().stream()
                .map(m -> new PatientFacts.Medication(m.codes(), m.status(), m.start(), m.end(), null, null)).toList();
        List<PatientFacts.Procedure> procedures = e.procedures() == null ? List.of() : e.procedures().stream()
                .map(p -> new PatientFacts.Procedure(p.codes(), p.performedOn(), null, null)).toList();
        return new PatientFacts(e.patientId(), e.birthDate(), e.sex(), conditions, observations, medications, procedures);
    }
}
