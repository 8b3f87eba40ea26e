package io.trialstream.registry.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.registry.service.TrialStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes trials.parsed.v1. A record that is not a ParsedTrial is nacked with a reason code and goes to
 * dlq.registry-service.v1 (failure-strategy=dead-letter-queue); the partition keeps moving.
 */
@ApplicationScoped
public class ParsedTrialConsumer {
    private static final Logger LOG = Logger.getLogger(ParsedTrialConsumer.class);

    private final TrialStore store;
    private final OutboxRelay relay;

    public ParsedTrialConsumer(TrialStore store, OutboxRelay relay) {
        this.store = store;
        this.relay = relay;
    }

    @Incoming("trials-parsed")
    @Blocking(ordered = true)
    public void consume(String value) {
        ParsedTrial parsed = parse(value);
        TrialStore.Outcome outcome = store.accept(parsed);
        LOG.debugf("trial %s: %s", parsed.trial().trialKey(), outcome);
        relay.wakeUp();
    }

    static ParsedTrial parse(String value) {
        if (value == null || value.isBlank()) {
            throw new RejectedRecordException("EMPTY_VALUE", "record value is empty");
        }
        ParsedTrial parsed;
        try {
            parsed = ContractJson.mapper().readValue(value, ParsedTrial.class);
        } catch (JsonProcessingException e) {
            throw new RejectedRecordException("UNREADABLE_JSON", "value is not a ParsedTrial JSON document");
        }
        if (parsed.trial() == null || parsed.trial().trialKey() == null || parsed.trial().trialKey().isBlank()) {
            throw new RejectedRecordException("MISSING_TRIAL_KEY", "ParsedTrial has no trial.trialKey");
        }
        return parsed;
    }
}
