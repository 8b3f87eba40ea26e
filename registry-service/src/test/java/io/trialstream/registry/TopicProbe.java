package io.trialstream.registry;

import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A test's view of the broker: sends to trials.parsed.v1 and reads what the registry published on trials.v1. */
final class TopicProbe implements AutoCloseable {
    final KafkaProducer<String, String> producer;
    final KafkaConsumer<String, String> consumer;
    final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    TopicProbe(String bootstrap, String... topics) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "registry-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics.length == 0 ? List.of(Topics.TRIALS) : List.of(topics));
    }

    void send(ParsedTrial p) {
        send(p.trial().trialKey(), ContractJson.mapper().valueToTree(p).toString());
    }

    void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.TRIALS_PARSED, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code until} holds for everything seen so far (by this probe) and returns it all. */
    List<ConsumerRecord<String, String>> awaitSeen(Predicate<List<ConsumerRecord<String, String>>> until) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return until.test(seen);
        });
        return seen;
    }

    /** Records seen for one key, in order. */
    List<ConsumerRecord<String, String>> of(String key) {
        return seen.stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Waits until each key has at least one record whose value satisfies {@code done} (null value = tombstone). */
    void awaitEach(Set<String> keys, Predicate<ConsumerRecord<String, String>> done) {
        awaitSeen(all -> keys.stream().allMatch(k -> all.stream().anyMatch(r -> k.equals(r.key()) && done.test(r))));
    }

    static Trial trial(ConsumerRecord<String, String> r) {
        try {
            return r.value() == null ? null : ContractJson.mapper().readValue(r.value(), Trial.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
