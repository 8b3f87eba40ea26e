package io.trialstream.matching.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.matching.domain.OutboxEntry;
import io.trialstream.matching.repository.OutboxRepository;
import io.trialstream.outbox.PublishedOutboxIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes outbox entries in commit order and deletes them only after the broker acknowledged every one, inside
 * the transaction that holds their row locks (SKIP LOCKED, so replicas share the work). After a start and after a
 * failed batch it first deletes the rows already on matches.v1 ({@link PublishedOutboxIds}), so a crash between the
 * send and the delete, or a send that timed out but was written, does not put the same match state on the topic
 * twice. A replica that dies and never starts again leaves that recovery to the next failure of another replica; the
 * version in each payload still lets consumers drop such a repeat.
 * <p>
 * Hand-written rather than a SmallRye emitter because the relay must send a whole batch synchronously inside one
 * database transaction, from its own thread, independent of channel wiring; and rather than Debezium because the
 * product runs without Kafka Connect. The producer takes the application's {@code kafka.*} configuration.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String SOURCE = CloudEventTypes.SOURCE_MATCHING;
    private static final String SERVICE = SOURCE.substring(SOURCE.lastIndexOf(':') + 1);

    private final OutboxRepository outbox;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, String> producer;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "trialstream.outbox.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "trialstream.outbox.poll-interval", defaultValue = "1s")
    Duration pollInterval;

    public OutboxRelay(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    void onStart(@Observes StartupEvent event) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + SOURCE.substring(SOURCE.lastIndexOf(':') + 1));
        // a patient event fans out into ~8 match events of 2-3 KB of JSON: fewer, larger, lz4-compressed batches cost
        // the broker (and the network) a fraction of one request per few records; overridable through kafka.*
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
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
                wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                while (running && drainBatch() == batchSize) {
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
        producer.flush();
        List<String> topics = QuarkusTransaction.requiringNew().call(outbox::topics);
        if (topics.isEmpty()) {
            return;
        }
        Set<Long> published = PublishedOutboxIds.find(kafkaConfig, topics, SERVICE, batchSize);
        if (!published.isEmpty()) {
            int deleted = QuarkusTransaction.requiringNew().call(() -> outbox.deleteIds(published));
            LOG.infof("outbox recovery: %d entries were already published, not sending them again", deleted);
        }
    }

    /** @return the number of entries published */
    public int drainBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEntry> batch = outbox.lockBatch(batchSize);
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (OutboxEntry e : batch) {
                acks.add(producer.send(record(e)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
            batch.forEach(outbox::delete);
            return batch.size();
        });
    }

    private static ProducerRecord<String, String> record(OutboxEntry e) {
        ProducerRecord<String, String> r = new ProducerRecord<>(e.topic, e.key, e.payload);
        // CloudEvents binary mode, as SmallRye writes it for the other producers
        header(r, "ce_specversion", "1.0");
        header(r, "ce_id", PublishedOutboxIds.ceId(SERVICE, e.id));
        header(r, "ce_type", e.ceType);
        header(r, "ce_source", SOURCE);
        header(r, "ce_subject", e.key);
        header(r, "ce_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.createdAt.atOffset(ZoneOffset.UTC)));
        if (e.payload != null) {
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
