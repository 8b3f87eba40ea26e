package io.trialstream.registry.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.outbox.DatabaseOutage;
import io.trialstream.registry.config.ConsumerLimitsConfig;
import io.trialstream.registry.metrics.RegistryMetrics;
import io.trialstream.registry.service.TrialStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumes trials.parsed.v1 one poll at a time: every readable record of the poll is stored in one transaction
 * (TrialStore.acceptBatch), which is what makes the registry keep up with a bulk load or a replay.
 * <p>
 * A record that is not a ParsedTrial, or is larger or nested deeper than {@link ConsumerLimitsConfig} allows, is
 * nacked on its own and goes to dlq.registry-service.v1 with a reason code (channel
 * failure-strategy=dead-letter-queue); nacking the whole batch would dead-letter its good records too.
 * If the batch transaction fails for a reason that is not the database being away, the records are stored one by
 * one so only the record that cannot be stored is dead-lettered. While the database is away, the batch is retried
 * with back-off and nothing is acknowledged, so nothing is lost or dead-lettered for an outage.
 */
@ApplicationScoped
public class ParsedTrialConsumer {
    private static final Logger LOG = Logger.getLogger(ParsedTrialConsumer.class);
    static final String REASON_CODE_HEADER = "dead-letter-reason-code";

    private final TrialStore store;
    private final OutboxRelay relay;
    private final RegistryMetrics metrics;
    private final ParsedTrialReader reader;

    public ParsedTrialConsumer(TrialStore store, OutboxRelay relay, RegistryMetrics metrics, ConsumerLimitsConfig limits) {
        this.store = store;
        this.relay = relay;
        this.metrics = metrics;
        this.reader = new ParsedTrialReader(limits.maxRecordSize().asLongValue(), limits.maxNestingDepth());
    }

    private record Readable(KafkaRecord<String, String> record, ParsedTrial parsed) {
    }

    @Incoming("trials-parsed")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<CompletionStage<Void>> done = new ArrayList<>();
        List<Readable> readable = new ArrayList<>();
        for (KafkaRecord<String, String> r : batch.getRecords()) {
            try {
                readable.add(new Readable(r, reader.read(r.getPayload())));
            } catch (RejectedRecordException e) {
                done.add(deadLetter(r, e));
            }
        }
        if (!readable.isEmpty()) {
            LOG.debugf("poll of %d records, %d readable", batch.getRecords().size(), readable.size());
            done.addAll(store(readable));
            relay.wakeUp();
        }
        return CompletableFuture.allOf(done.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    private List<CompletionStage<Void>> store(List<Readable> readable) {
        List<CompletionStage<Void>> done = new ArrayList<>();
        try {
            List<TrialStore.Outcome> outcomes = DatabaseOutage.retryWhileAway(
                    () -> store.acceptBatch(readable.stream().map(Readable::parsed).toList()), LOG::warn);
            metrics.stored(outcomes);
            readable.forEach(r -> done.add(r.record().ack()));
            return done;
        } catch (RuntimeException batchFailure) {
            if (readable.size() == 1) {
                done.add(deadLetter(readable.get(0).record(), processingFailed(batchFailure)));
                return done;
            }
            LOG.warnf("batch of %d failed (%s), storing its records one by one", readable.size(),
                    batchFailure.getClass().getSimpleName());
        }
        for (Readable r : readable) {
            try {
                metrics.stored(DatabaseOutage.retryWhileAway(() -> store.accept(r.parsed()), LOG::warn));
                done.add(r.record().ack());
            } catch (RuntimeException e) {
                done.add(deadLetter(r.record(), processingFailed(e)));
            }
        }
        return done;
    }

    private static RejectedRecordException processingFailed(RuntimeException e) {
        // the class name only: database messages can quote the record's values
        String state = DatabaseOutage.sqlState(e);
        return new RejectedRecordException("PROCESSING_FAILED", "record could not be stored (" + e.getClass().getSimpleName()
                + (state == null ? "" : ", SQLState " + state) + ")");
    }

    private CompletionStage<Void> deadLetter(KafkaRecord<String, String> r, RejectedRecordException e) {
        metrics.deadLettered(e.reasonCode());
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_CODE_HEADER, e.reasonCode().getBytes(StandardCharsets.UTF_8));
        return r.nack(e, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
    }
}
