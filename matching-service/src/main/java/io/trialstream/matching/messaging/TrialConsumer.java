package io.trialstream.matching.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Trial;
import io.trialstream.matching.service.MatchService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes the compacted trials.v1; a tombstone withdraws the trial and retracts its matches. */
@ApplicationScoped
public class TrialConsumer {
    private final MatchService service;
    private final OutboxRelay relay;

    public TrialConsumer(MatchService service, OutboxRelay relay) {
        this.service = service;
        this.relay = relay;
    }

    @Incoming("trials")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            throw new RejectedRecordException("MISSING_KEY", "trials.v1 record has no key");
        }
        Trial trial = null;
        if (record.value() != null) {
            try {
                trial = ContractJson.mapper().readValue(record.value(), Trial.class);
            } catch (JsonProcessingException e) {
                throw new RejectedRecordException("UNREADABLE_JSON", "value is not a Trial JSON document");
            }
            if (trial.trial() == null) {
                throw new RejectedRecordException("INVALID_TRIAL", "Trial has no trial record");
            }
        }
        if (service.onTrial(record.key(), trial) > 0) {
            relay.wakeUp();
        }
    }
}
