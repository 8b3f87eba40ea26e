package io.trialstream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.trialstream.contracts.ContractJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads a whole topic from offset 0 in a background thread (read_committed, no consumer group), through broker
 * restarts, and keeps what the reliability checks count: every (key, version) identity seen and how often, and
 * the distinct identities per record key.
 */
final class TopicLedger implements AutoCloseable {
    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final String idField;
    private final Consumer<ConsumerRecord<String, String>> observer;
    private volatile boolean running = true;

    final Map<String, Integer> timesSeen = new ConcurrentHashMap<>();
    final Map<String, Set<String>> idsByKey = new ConcurrentHashMap<>();
    final AtomicLong records = new AtomicLong();

    /**
     * @param idField the payload field that, with {@code version}, identifies a state ({@code matchId} on
     *                matches.v1, {@code trialKey} on trials.v1)
     */
    TopicLedger(String bootstrapServers, String topic, String idField, Consumer<ConsumerRecord<String, String>> observer) {
        this.topic = topic;
        this.idField = idField;
        this.observer = observer;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "ledger-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    TopicLedger(String bootstrapServers, String topic, String idField) {
        this(bootstrapServers, topic, idField, r -> { });
    }

    private void run() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    records.incrementAndGet();
                    observer.accept(r);
                    if (r.value() == null) {
                        continue;
                    }
                    JsonNode event = ContractJson.mapper().readTree(r.value());
                    String id = event.path(idField).asText();
                    timesSeen.merge(id + "@" + event.path("version").asLong(), 1, Integer::sum);
                    idsByKey.computeIfAbsent(r.key(), k -> ConcurrentHashMap.newKeySet()).add(id);
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (Exception e) {
                // a broker restart surfaces as retriable errors; the consumer reconnects by itself
                if (!running) {
                    return;
                }
            }
        }
    }

    /** States delivered more than once: the count of extra deliveries. */
    long duplicates() {
        return timesSeen.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** Keys with at least {@code ids} distinct identities (a patient with a match for each trial). */
    long keysWithAtLeast(int ids) {
        return idsByKey.values().stream().filter(s -> s.size() >= ids).count();
    }

    String topic() {
        return topic;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
