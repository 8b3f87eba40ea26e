package io.trialstream.matching.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trialstream.contracts.Trial;
import io.trialstream.matching.config.JsonLimits;
import io.trialstream.matching.service.MatchService;
import io.trialstream.matching.service.MatchingMetrics;
import io.trialstream.outbox.DatabaseOutage;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the compacted trials.v1; a tombstone withdraws the trial and retracts its matches. A record that fails is
 * dead-lettered by SmallRye's dead-letter-queue strategy (the reason code is the prefix of {@code dead-letter-reason});
 * a database outage is waited out with back-off instead.
 */
@ApplicationScoped
public class TrialConsumer {
    private static final Logger LOG = Logger.getLogger(TrialConsumer.class);
    /** The metrics reason of a failure that is not a rejected record or a database outage (a bug). */
    static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    private final MatchService service;
    private final OutboxRelay relay;
    private final MatchingMetrics metrics;

    public TrialConsumer(MatchService service, OutboxRelay relay, MatchingMetrics metrics) {
        this.service = service;
        this.relay = relay;
        this.metrics = metrics;
    }

    @Incoming("trials")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        try {
            apply(record);
            metrics.processed(record.topic(), 1);
        } catch (RejectedRecordException e) {
            metrics.deadLettered(record.topic(), e.reasonCode());
            throw e;
        } catch (RuntimeException e) {
            metrics.deadLettered(record.topic(), PROCESSING_FAILED);
            throw e;
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            throw new RejectedRecordException("MISSING_KEY", "trials.v1 record has no key");
        }
        Trial trial = null;
        if (record.value() != null) {
            try {
                trial = JsonLimits.mapper().readValue(record.value(), Trial.class);
            } catch (StreamConstraintsException e) {
                throw new RejectedRecordException("JSON_LIMIT_EXCEEDED", "value exceeds the JSON nesting or size limits");
            } catch (JsonProcessingException e) {
                throw new RejectedRecordException("UNREADABLE_JSON", "value is not a Trial JSON document");
            }
            if (trial == null || trial.trial() == null) {
                throw new RejectedRecordException("INVALID_TRIAL", "Trial has no trial record");
            }
        }
        Trial state = trial;
        // a database outage is waited out (nothing acknowledged), not dead-lettered: it is not the record's fault
        if (DatabaseOutage.retryWhileAway(() -> service.onTrial(record.key(), state), LOG::warn) > 0) {
            relay.wakeUp();
        }
    }
}
