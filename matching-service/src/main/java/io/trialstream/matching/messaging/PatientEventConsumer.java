package io.trialstream.matching.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.trialstream.matching.facts.PatientEventReader;
import io.trialstream.matching.facts.UnreadableEventException;
import io.trialstream.matching.service.MatchService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Consumes patients.events.v1 (key = pseudonymous patient id): FHIR R4 JSON or native PatientEvent, in batches of
 * what one poll returns. All readable events of a batch are applied in one transaction (in partition order per
 * patient), which spreads the commit cost over the batch. An unreadable event is dead-lettered on its own with its
 * reason code in {@code dead-letter-reason-code} (and as the prefix of {@code dead-letter-reason}); the rest of the
 * batch and the partition move on. No header carries record content.
 */
@ApplicationScoped
public class PatientEventConsumer {
    public static final String REASON_CODE_HEADER = "dead-letter-reason-code";

    private final MatchService service;
    private final OutboxRelay relay;
    private final PatientEventReader reader;
    private final PatientDeadLetters deadLetters;

    public PatientEventConsumer(MatchService service, OutboxRelay relay, PatientEventReader reader, PatientDeadLetters deadLetters) {
        this.service = service;
        this.relay = relay;
        this.reader = reader;
        this.deadLetters = deadLetters;
    }

    @Incoming("patient-events")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<MatchService.PositionedUpdate> updates = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
            try {
                updates.add(new MatchService.PositionedUpdate(reader.read(record.getKey(), record.getPayload()), record.getPartition(), offset));
            } catch (UnreadableEventException e) {
                deadLetters.send(record.getTopic(), record.getPartition(), offset, record.getKey(), record.getPayload(), record.getHeaders(), e);
            }
        }
        if (!updates.isEmpty() && service.onPatientEvents(updates) > 0) {
            relay.wakeUp();
        }
        return batch.ack();
    }
}
