package io.trialstream.matching.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.trialstream.contracts.Topics;
import io.trialstream.matching.config.MatchingConfig;
import io.trialstream.matching.facts.PatientEventReader;
import io.trialstream.matching.facts.UnreadableEventException;
import io.trialstream.matching.service.MatchService;
import io.trialstream.matching.service.MatchingMetrics;
import io.trialstream.outbox.DatabaseOutage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Consumes patients.events.v1 (key = pseudonymous patient id): FHIR R4 JSON or native PatientEvent, in batches of
 * what one poll returns. All readable events of a batch are applied in one transaction (in partition order per
 * patient), which spreads the commit cost over the batch. An unreadable event is dead-lettered on its own with its
 * reason code in {@code dead-letter-reason-code} (and as the prefix of {@code dead-letter-reason}); the rest of the
 * batch and the partition move on. No header carries record content. A value larger than
 * {@code trialstream.matching.max-event-size} is not parsed at all.
 */
@ApplicationScoped
public class PatientEventConsumer {
    private static final Logger LOG = Logger.getLogger(PatientEventConsumer.class);
    public static final String REASON_CODE_HEADER = "dead-letter-reason-code";

    private final MatchService service;
    private final OutboxRelay relay;
    private final PatientEventReader reader;
    private final PatientDeadLetters deadLetters;
    private final MatchingMetrics metrics;
    private final long maxEventSize;

    public PatientEventConsumer(MatchService service, OutboxRelay relay, PatientEventReader reader, PatientDeadLetters deadLetters,
                                MatchingMetrics metrics, MatchingConfig config) {
        this.service = service;
        this.relay = relay;
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.maxEventSize = config.maxEventSize().asLongValue();
    }

    @Incoming("patient-events")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<MatchService.PositionedUpdate> updates = new ArrayList<>();
        List<KafkaRecord<String, String>> sources = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            long offset = offset(record);
            String value = record.getPayload();
            try {
                if (value != null && value.length() * 3L > maxEventSize && utf8Length(value) > maxEventSize) {
                    deadLetters.sendWithoutValue(record.getTopic(), record.getPartition(), offset, record.getKey(), record.getHeaders(),
                            new UnreadableEventException("RECORD_TOO_LARGE", "value exceeds trialstream.matching.max-event-size; "
                                    + "read it from the source offset"), utf8Length(value));
                    continue;
                }
                updates.add(new MatchService.PositionedUpdate(reader.read(record.getKey(), value), record.getPartition(), offset));
                sources.add(record);
            } catch (UnreadableEventException e) {
                deadLetters.send(record.getTopic(), record.getPartition(), offset, record.getKey(), value, record.getHeaders(), e);
            }
        }
        if (!updates.isEmpty()) {
            int[] written = apply(updates, sources);
            Instant committed = Instant.now();
            boolean any = false;
            for (int i = 0; i < written.length; i++) {
                if (written[i] > 0) {
                    any = true;
                    if (sources.get(i).getTimestamp() != null) {
                        metrics.matchLatency(Duration.between(sources.get(i).getTimestamp(), committed));
                    }
                }
            }
            metrics.processed(Topics.PATIENT_EVENTS, updates.size());
            if (any) {
                relay.wakeUp();
            }
        }
        return batch.ack();
    }

    /**
     * Applies the batch in one transaction. While the database is away the batch waits (nothing is acknowledged, so
     * nothing is lost or dead-lettered for an outage). If the batch fails for another reason, its events are applied
     * one by one so that only the event that cannot be applied goes to the DLQ (PROCESSING_FAILED).
     *
     * @return per update, the number of match events it wrote (0 for a dead-lettered one)
     */
    private int[] apply(List<MatchService.PositionedUpdate> updates, List<KafkaRecord<String, String>> sources) {
        try {
            return DatabaseOutage.retryWhileAway(() -> service.onPatientEvents(updates), LOG::warn);
        } catch (RuntimeException batchFailure) {
            LOG.warnf("batch of %d failed (%s), applying its events one by one", updates.size(), batchFailure.getClass().getSimpleName());
        }
        int[] written = new int[updates.size()];
        for (int i = 0; i < updates.size(); i++) {
            List<MatchService.PositionedUpdate> one = List.of(updates.get(i));
            try {
                written[i] = DatabaseOutage.retryWhileAway(() -> service.onPatientEvents(one), LOG::warn)[0];
            } catch (RuntimeException e) {
                KafkaRecord<String, String> r = sources.get(i);
                // the exception class and SQLState only: database messages can quote the event's values
                String state = DatabaseOutage.sqlState(e);
                deadLetters.send(r.getTopic(), r.getPartition(), offset(r), r.getKey(), r.getPayload(), r.getHeaders(),
                        new UnreadableEventException("PROCESSING_FAILED", "event could not be applied (" + e.getClass().getSimpleName()
                                + (state == null ? "" : ", SQLState " + state) + ")"));
            }
        }
        return written;
    }

    private static long offset(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
    }

    /** The UTF-8 size of a value without encoding it (the common case, all ASCII, is one pass over the chars). */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
