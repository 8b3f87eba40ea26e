package io.trialstream.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/** Publishes ParsedTrial records to trials.parsed.v1, keyed by trial key, with binary CloudEvents headers. */
@ApplicationScoped
public class ParsedTrialPublisher {
    private static final URI SOURCE = URI.create(CloudEventTypes.SOURCE_INGEST);

    @Channel("trials-parsed")
    MutinyEmitter<String> emitter;

    /** Completes when the broker has acknowledged every record (acks=all). */
    public Uni<Void> publish(List<ParsedTrial> trials) {
        List<Uni<Void>> sends = trials.stream().map(this::publish).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<Void> publish(ParsedTrial trial) {
        String key = trial.trial().trialKey();
        String json;
        try {
            json = ContractJson.mapper().writeValueAsString(trial);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Message<String> message = Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(UUID.randomUUID().toString())
                        .withType(CloudEventTypes.TRIAL_PARSED)
                        .withSource(SOURCE)
                        .withSubject(key)
                        .withTimestamp(ZonedDateTime.now())
                        .build());
        return emitter.sendMessage(message);
    }
}
