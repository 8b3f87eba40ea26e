package io.trialstream.registry.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Trial;
import io.trialstream.outbox.PublishedOutboxIds;
import io.trialstream.registry.config.OutboxConfig;
import io.trialstream.registry.domain.OutboxEntry;
import io.trialstream.registry.domain.TrialEntity;
import io.trialstream.registry.mapping.Json;
import io.trialstream.registry.mapping.TrialMapper;
import io.trialstream.registry.repository.OutboxRepository;
import io.trialstream.registry.repository.TrialRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes outbox entries in id order and deletes them only after the broker acknowledged every one, inside
 * the transaction that holds their row locks (SKIP LOCKED, so replicas share the work). After a start and after a
 * failed batch it first deletes the rows already on trials.v1 ({@link PublishedOutboxIds}), so a crash between the
 * send and the delete, or a send that timed out but was written, does not publish the same version twice. A replica
 * that dies and never starts again leaves that recovery to another replica's next failure; the version in each
 * payload still lets consumers drop such a repeat.
 * <p>
 * Hand-written rather than a SmallRye emitter because the relay must send a whole batch synchronously inside one
 * database transaction, from its own thread, independent of channel wiring; and rather than Debezium because the
 * product runs without Kafka Connect. The producer takes the application's {@code kafka.*} configuration; it sends
 * with a plain KafkaProducer because a tombstone needs a null value, and adds the CloudEvents headers itself.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String SOURCE = CloudEventTypes.SOURCE_REGISTRY;
    private static final String SERVICE = SOURCE.substring(SOURCE.lastIndexOf(':') + 1);

    private final OutboxRepository outbox;
    private final TrialRepository trials;
    private final OutboxConfig config;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, String> producer;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    public OutboxRelay(OutboxRepository outbox, TrialRepository trials, OutboxConfig config) {
        this.outbox = outbox;
        this.trials = trials;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            LOG.warn("outbox relay disabled (trialstream.outbox.relay-enabled=false): changes are stored, not published");
            return;
        }
        start();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        producer();
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake.release();
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(kafkaConfig);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + SOURCE.substring(SOURCE.lastIndexOf(':') + 1));
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** Called after a commit that wrote to the outbox, so the relay does not wait for its poll interval. */
    public void wakeUp() {
        wake.release();
    }

    private void run() {
        boolean recovered = false;
        while (running) {
            try {
                if (!recovered) {
                    recover();
                    recovered = true;
                }
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                while (running && drainBatch() == config.batchSize()) {
                    // full batch: more may be waiting
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // database or broker unavailable: the entries stay in the outbox and are retried, after a recovery
                // pass, since a send that timed out may still have been written
                LOG.warnf("outbox relay paused, retrying: %s", e.getClass().getSimpleName());
                recovered = false;
                sleepQuietly();
            }
        }
    }

    /** Waits for sends in flight, then deletes the outbox rows already on their topic. */
    void recover() {
        try {
            deletePublished();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("outbox recovery: database unavailable", e);
        }
    }

    private void deletePublished() throws java.sql.SQLException {
        producer().flush();
        List<String> topics;
        try (Connection c = outbox.connection()) {
            topics = outbox.topics(c);
        }
        if (topics.isEmpty()) {
            return;
        }
        Set<Long> published = PublishedOutboxIds.find(kafkaConfig, topics, SERVICE, config.batchSize());
        if (!published.isEmpty()) {
            try (Connection c = outbox.connection()) {
                outbox.delete(c, List.copyOf(published));
            }
            LOG.infof("outbox recovery: %d entries were already published, not sending them again", published.size());
        }
    }

    /** @return the number of entries published */
    public int drainBatch() {
        return drainBatch(() -> {
        });
    }

    /**
     * @param afterAcknowledged runs after the broker acknowledged the batch and before the entries are deleted: the
     *                          point where a crash makes the relay send the batch again (tests use it)
     */
    int drainBatch(Runnable afterAcknowledged) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = outbox.connection()) {
                List<OutboxRepository.Pending> batch = outbox.lockBatch(c, config.batchSize());
                Map<String, TrialEntity> current = currentStates(batch);
                List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
                KafkaProducer<String, String> p = producer();
                for (OutboxRepository.Pending e : batch) {
                    if (OutboxEntry.SNAPSHOT.equals(e.kind()) && e.refKey() != null && e.versionRecord() == null) {
                        // cannot happen unless a version row was removed by hand; one such entry must not stop
                        // every other trial's publishing, so it is reported and dropped
                        LOG.errorf("outbox entry %d for %s refers to missing version %d; not sent", e.id(), e.key(), e.refVersion());
                        continue;
                    }
                    acks.add(p.send(record(e, payload(e, current))));
                }
                p.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                afterAcknowledged.run();
                outbox.delete(c, batch.stream().map(OutboxRepository.Pending::id).toList());
                return batch.size();
            }
        });
    }

    /** CURRENT entries (republish) are resolved now, in this transaction, so they can never send an older state. */
    private Map<String, TrialEntity> currentStates(List<OutboxRepository.Pending> batch) {
        List<String> keys = batch.stream().filter(e -> OutboxEntry.CURRENT.equals(e.kind())).map(OutboxRepository.Pending::key)
                .distinct().toList();
        Map<String, TrialEntity> out = new HashMap<>();
        if (!keys.isEmpty()) {
            trials.list("trialKey in ?1", keys).forEach(t -> out.put(t.trialKey, t));
        }
        return out;
    }

    static String payload(OutboxRepository.Pending e, Map<String, TrialEntity> current) {
        switch (e.kind()) {
            case OutboxEntry.TOMBSTONE:
                return null;
            case OutboxEntry.CURRENT: {
                TrialEntity t = current.get(e.key());
                // gone (absorbed into another trial) or withdrawn: its current state on trials.v1 is a tombstone
                return t == null || TrialMapper.isWithdrawn(t) ? null : Json.write(TrialMapper.toContract(t));
            }
            default:
                if (e.refKey() == null) {
                    return e.payload(); // written before V2 with its payload
                }
                return snapshot(e);
        }
    }

    /** The Trial around the version's record text, as stored: no parse, no second serialisation of the record. */
    private static String snapshot(OutboxRepository.Pending e) {
        ObjectNode n = ContractJson.mapper().createObjectNode();
        n.put("schemaVersion", Trial.SCHEMA_VERSION);
        n.put("trialKey", e.key());
        n.put("version", e.refVersion());
        n.putPOJO("updatedAt", e.versionCreatedAt());
        n.put("contentHash", e.versionContentHash());
        n.putRawValue("trial", new RawValue(e.versionRecord()));
        n.putRawValue("sources", new RawValue(e.versionSources() == null ? "[]" : e.versionSources()));
        return Json.write(n);
    }

    private static ProducerRecord<String, String> record(OutboxRepository.Pending e, String payload) {
        ProducerRecord<String, String> r = new ProducerRecord<>(e.topic(), e.key(), payload);
        // CloudEvents binary mode, as SmallRye writes it for the other producers
        header(r, "ce_specversion", "1.0");
        header(r, "ce_id", PublishedOutboxIds.ceId(SERVICE, e.id()));
        header(r, "ce_type", e.ceType());
        header(r, "ce_source", SOURCE);
        header(r, "ce_subject", e.key());
        header(r, "ce_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.createdAt().atOffset(ZoneOffset.UTC)));
        if (payload != null) {
            header(r, "content-type", "application/json");
        }
        return r;
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void sleepQuietly() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
