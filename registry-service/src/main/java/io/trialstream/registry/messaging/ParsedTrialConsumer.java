package io.trialstream.registry.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.registry.service.TrialStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Consumes trials.parsed.v1 one poll at a time: every readable record of the poll is stored in one transaction
 * (TrialStore.acceptBatch), which is what makes the registry keep up with a bulk load or a replay.
 * <p>
 * A record that is not a ParsedTrial is nacked on its own and goes to dlq.registry-service.v1 with a reason code
 * (channel failure-strategy=dead-letter-queue); nacking the whole batch would dead-letter its good records too.
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

    public ParsedTrialConsumer(TrialStore store, OutboxRelay relay) {
        this.store = store;
        this.relay = relay;
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
                readable.add(new Readable(r, parse(r.getPayload())));
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
            withRetryWhileDatabaseAway(() -> store.acceptBatch(readable.stream().map(Readable::parsed).toList()));
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
                withRetryWhileDatabaseAway(() -> store.accept(r.parsed()));
                done.add(r.record().ack());
            } catch (RuntimeException e) {
                done.add(deadLetter(r.record(), processingFailed(e)));
            }
        }
        return done;
    }

    /**
     * Retries while the failure is the database being unreachable or a transient conflict (serialization, deadlock):
     * blocking this partition's records is right, dead-lettering them would lose them.
     */
    private void withRetryWhileDatabaseAway(Runnable work) {
        long backoffMillis = 200;
        while (true) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                LOG.warnf("database unavailable or in conflict (%s), retrying in %d ms", sqlState(e), backoffMillis);
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    /** SQLState classes 08 (connection), 40 (serialization failure, deadlock), 53 (resources), 57P (shutdown). */
    static boolean isTransient(Throwable e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57P"));
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private static RejectedRecordException processingFailed(RuntimeException e) {
        // the class name only: database messages can quote the record's values
        return new RejectedRecordException("PROCESSING_FAILED", "record could not be stored (" + e.getClass().getSimpleName()
                + (sqlState(e) == null ? "" : ", SQLState " + sqlState(e)) + ")");
    }

    private static CompletionStage<Void> deadLetter(KafkaRecord<String, String> r, RejectedRecordException e) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_CODE_HEADER, e.reasonCode().getBytes(StandardCharsets.UTF_8));
        return r.nack(e, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
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
        if (parsed == null || parsed.trial() == null || parsed.trial().trialKey() == null
                || parsed.trial().trialKey().isBlank()) {
            throw new RejectedRecordException("MISSING_TRIAL_KEY", "ParsedTrial has no trial.trialKey");
        }
        return parsed;
    }
}
