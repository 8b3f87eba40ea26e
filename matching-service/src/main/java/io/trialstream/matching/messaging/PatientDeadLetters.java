package io.trialstream.matching.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.trialstream.matching.facts.UnreadableEventException;
import io.trialstream.matching.service.MatchingMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Dead-letters one unreadable record of a consumed batch, with the same headers SmallRye's dead-letter-queue strategy
 * writes (original key, value and headers, plus {@code dead-letter-*}) and our {@code dead-letter-reason-code}.
 * Hand-written because the patient consumer reads batches (one transaction per batch) and SmallRye's strategy can
 * only dead-letter a whole batch. The send is acknowledged before the batch is, so nothing is lost in between.
 */
@ApplicationScoped
public class PatientDeadLetters {
    private final Object lock = new Object();
    private KafkaProducer<String, String> producer;

    @Inject
    MatchingMetrics metrics;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "mp.messaging.incoming.patient-events.dead-letter-queue.topic", defaultValue = "dlq.matching-service.v1")
    String topic;

    public void send(String sourceTopic, int partition, long offset, String key, String value, Headers original,
                     UnreadableEventException reason) {
        send(sourceTopic, partition, offset, new ProducerRecord<>(topic, key, value), original, reason, -1);
    }

    /**
     * For a value too large to copy (the dead-letter topic could refuse it, and the partition would stall): key and
     * headers only, plus {@code dead-letter-original-size}; operations read the value from the source offset.
     */
    public void sendWithoutValue(String sourceTopic, int partition, long offset, String key, Headers original,
                                 UnreadableEventException reason, long originalSize) {
        send(sourceTopic, partition, offset, new ProducerRecord<>(topic, key, null), original, reason, originalSize);
    }

    private void send(String sourceTopic, int partition, long offset, ProducerRecord<String, String> r, Headers original,
                      UnreadableEventException reason, long originalSize) {
        if (original != null) {
            for (Header h : original) {
                r.headers().add(h);
            }
        }
        header(r, "dead-letter-exception-class-name", RejectedRecordException.class.getName());
        header(r, "dead-letter-reason", reason.getMessage());
        header(r, PatientEventConsumer.REASON_CODE_HEADER, reason.reasonCode());
        header(r, "dead-letter-topic", sourceTopic);
        header(r, "dead-letter-partition", Integer.toString(partition));
        header(r, "dead-letter-offset", Long.toString(offset));
        if (originalSize >= 0) {
            header(r, "dead-letter-original-size", Long.toString(originalSize));
        }
        try {
            producer().send(r).get(30, TimeUnit.SECONDS);
            metrics.deadLettered(sourceTopic, reason.reasonCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dead-letter topic unavailable", e);
        }
    }

    private KafkaProducer<String, String> producer() {
        synchronized (lock) {
            if (producer == null) {
                Map<String, Object> config = new HashMap<>(kafkaConfig);
                config.put(ProducerConfig.ACKS_CONFIG, "all");
                config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                config.put(ProducerConfig.CLIENT_ID_CONFIG, "matching-patient-dlq");
                producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
            }
            return producer;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (lock) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().remove(name);
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
