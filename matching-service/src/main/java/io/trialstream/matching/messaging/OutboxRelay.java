package io.trialstream.matching.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.matching.domain.OutboxEntry;
import io.trialstream.matching.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes outbox entries in commit order and deletes them only after the broker acknowledged them, inside one
 * transaction that holds their row locks. A crash before the delete commits re-sends them (at least once); the
 * {@code version} in every Trial lets consumers drop the repeat. Written here rather than with Debezium because
 * the product runs without Kafka Connect.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final URI SOURCE = URI.create(CloudEventTypes.SOURCE_MATCHING);

    private final OutboxRepository outbox;
    private final AtomicBoolean pending = new AtomicBoolean(true);
    private volatile boolean started;

    @Channel("matches")
    MutinyEmitter<String> emitter;

    @ConfigProperty(name = "trialstream.outbox.batch-size", defaultValue = "200")
    int batchSize;

    public OutboxRelay(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    /** Called after a commit that wrote to the outbox: the next tick drains without waiting for the poll. */
    public void wakeUp() {
        pending.set(true);
    }

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @Scheduled(every = "${trialstream.outbox.tick:0.1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!started) {
            return; // channels are wired only once the application has started
        }
        // Poll the table at least once per second even without a wake-up (another replica's writes, a restart).
        if (!pending.getAndSet(false) && System.currentTimeMillis() % 1000 >= 150) {
            return;
        }
        try {
            while (drainBatch() == batchSize) {
                // keep going while batches are full
            }
        } catch (RuntimeException e) {
            pending.set(true);
            LOG.warnf("outbox relay paused, will retry: %s", e.getClass().getSimpleName());
        }
    }

    /** @return the number of entries published */
    public int drainBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEntry> batch = outbox.lockBatch(batchSize);
            for (OutboxEntry e : batch) {
                send(e);
            }
            batch.forEach(outbox::delete);
            return batch.size();
        });
    }

    private void send(OutboxEntry e) {
        Message<String> message = Message.of(e.payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(e.key).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId("matching-outbox-" + e.id)
                        .withType(e.ceType)
                        .withSource(SOURCE)
                        .withSubject(e.key)
                        .withTimestamp(e.createdAt.atZone(ZoneOffset.UTC))
                        .build());
        emitter.sendMessage(message).await().atMost(Duration.ofSeconds(30));
    }
}
