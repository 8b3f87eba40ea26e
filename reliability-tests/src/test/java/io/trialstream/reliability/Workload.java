package io.trialstream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * The load the reliability tests put through the system, built from event-contracts' golden samples: trials that
 * differ only in their key, and patients (pseudonymous ids, the sample's facts) that match every one of them.
 * Sends are acknowledged by the broker (acks=all, idempotent); only acknowledged events are owed an outcome.
 */
final class Workload implements AutoCloseable {
    private static final JsonNode TRIAL = sample("trial.json");
    private static final JsonNode PARSED_TRIAL = sample("parsed-trial.json");
    private static final JsonNode PATIENT = sample("patient-event.json");

    final KafkaProducer<String, String> producer;
    /** Keys of the records the broker acknowledged, by topic. */
    private final Map<String, Set<String>> acked = new ConcurrentHashMap<>();
    final AtomicLong failedSends = new AtomicLong();
    final AtomicLong ackedRecords = new AtomicLong();

    Workload(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // a broker restart takes seconds; the send keeps retrying well past it
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(5).toMillis()),
                new StringSerializer(), new StringSerializer());
    }

    static String trialKey(int i) {
        return String.format("NCT0888%04d", i);
    }

    static String patientId(String run, int i) {
        return "rel-" + run + "-" + i;
    }

    /** A canonical trials.v1 state (version 1), as the registry would publish it. */
    static String trial(String key) {
        ObjectNode t = TRIAL.deepCopy();
        t.put("trialKey", key);
        ObjectNode record = (ObjectNode) t.get("trial");
        record.put("trialKey", key);
        ((ObjectNode) record.get("ids")).put("nctId", key);
        return t.toString();
    }

    /** A trials.parsed.v1 record: {@code version} 1, 2, ... differ in title and last-update date. */
    static String parsedTrial(String key, int version) {
        ObjectNode p = PARSED_TRIAL.deepCopy();
        ObjectNode record = (ObjectNode) p.get("trial");
        record.put("trialKey", key);
        ObjectNode ids = (ObjectNode) record.get("ids");
        ids.put("nctId", key);
        ids.remove("secondaryIds");
        ids.remove("orgStudyId");
        record.put("briefTitle", "Reliability trial " + key + " revision " + version);
        ((ObjectNode) record.get("lastUpdateDate")).put("value", String.format("2026-%02d-01", version));
        ((ObjectNode) p.get("provenance")).put("contentSha256", Integer.toHexString((key + version).hashCode()));
        return p.toString();
    }

    /** A native PatientEvent snapshot with the sample's facts (they satisfy the sample trial's criteria). */
    static String patient(String patientId, int seq) {
        ObjectNode e = PATIENT.deepCopy();
        e.put("patientId", patientId);
        e.put("eventId", patientId + "-" + seq);
        e.put("occurredAt", Instant.now().toString());
        return e.toString();
    }

    void send(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                acked(topic).add(key);
                ackedRecords.incrementAndGet();
            } else {
                failedSends.incrementAndGet();
            }
        });
    }

    /** Publishes trials 0..count-1 to trials.v1 and waits until matching-service has indexed them. */
    void indexTrials(Db db, int count) {
        for (int t = 0; t < count; t++) {
            send(Topics.TRIALS, trialKey(t), trial(trialKey(t)));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM matching.trial") == count);
    }

    Set<String> acked(String topic) {
        return acked.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet());
    }

    private static JsonNode sample(String name) {
        try (InputStream in = Workload.class.getResourceAsStream("/samples/" + name)) {
            return ContractJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}
