package io.trialstream.matching.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.matching.service.MatchService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes patients.events.v1 (key = pseudonymous patient id). Unreadable events are nacked with a reason code and
 * land in dlq.matching-service.v1; the partition moves on.
 */
@ApplicationScoped
public class PatientEventConsumer {
    private final MatchService service;
    private final OutboxRelay relay;

    public PatientEventConsumer(MatchService service, OutboxRelay relay) {
        this.service = service;
        this.relay = relay;
    }

    @Incoming("patient-events")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        PatientEvent event = parse(record.key(), record.value());
        if (service.onPatientEvent(event) > 0) {
            relay.wakeUp();
        }
    }

    static PatientEvent parse(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new RejectedRecordException("EMPTY_VALUE", "record value is empty");
        }
        JsonNode tree;
        try {
            tree = ContractJson.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new RejectedRecordException("UNREADABLE_JSON", "value is not JSON");
        }
        if (tree.has("resourceType")) {
            throw new RejectedRecordException("FHIR_NOT_SUPPORTED_YET", "FHIR R4 input is not read by this version");
        }
        PatientEvent event;
        try {
            event = ContractJson.mapper().treeToValue(tree, PatientEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RejectedRecordException("INVALID_PATIENT_EVENT", "value does not match the PatientEvent schema");
        }
        if (event.patientId() == null || event.patientId().isBlank()) {
            throw new RejectedRecordException("MISSING_PATIENT_ID", "PatientEvent has no patientId");
        }
        if (key != null && !key.equals(event.patientId())) {
            throw new RejectedRecordException("KEY_MISMATCH", "record key differs from patientId");
        }
        return event;
    }
}
