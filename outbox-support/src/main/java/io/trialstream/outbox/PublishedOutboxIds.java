package io.trialstream.outbox;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which outbox rows already reached their topic. A relay sends a batch, waits for the acknowledgements and then
 * deletes the rows; a process killed between the send and the delete, or a send that timed out but was written
 * after all, leaves rows that are on the topic and still in the outbox. Sending them again would put the same state
 * on the topic twice. Before it sends anything after a start or a failure, the relay reads the last
 * {@code depth} records of every partition (depth = its batch size, the most one unfinished batch can have put
 * there) and deletes the rows whose id it finds in a record's {@code ce_id} header ("{service}-outbox-{id}").
 * <p>
 * Hand-written: this is the relay's own recovery protocol over its own header; Kafka transactions cannot cover the
 * database delete, and Debezium/Kafka Connect is not part of the product.
 */
public final class PublishedOutboxIds {
    /** The ce_id of a relayed record: {@code prefix + MARKER + id}. */
    public static final String MARKER = "-outbox-";
    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    /** The ce_id header value for outbox row {@code id} of {@code service}. */
    public static String ceId(String service, long id) {
        return service + MARKER + id;
    }

    /** The outbox row id in a ce_id written by {@link #ceId} for {@code service}, if it is one. */
    public static Optional<Long> idIn(String ceId, String service) {
        String prefix = service + MARKER;
        if (ceId == null || !ceId.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(ceId.substring(prefix.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * @param kafkaConfig the application's Kafka client settings (bootstrap servers, security); consumer settings
     *                    are added here
     * @return ids of {@code service}'s outbox rows found in the last {@code depth} records of each partition
     */
    public static Set<Long> find(Map<String, Object> kafkaConfig, Collection<String> topics, String service, int depth) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-outbox-recovery");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(depth, 500));
        Set<Long> found = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, READ_LIMIT).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_LIMIT);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, READ_LIMIT);
            List<TopicPartition> toRead = partitions.stream().filter(tp -> end.get(tp) > begin.get(tp)).toList();
            consumer.assign(toRead);
            for (TopicPartition tp : toRead) {
                consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - depth));
            }
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (toRead.stream().anyMatch(tp -> consumer.position(tp, READ_LIMIT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the tail of " + topics + " within " + READ_LIMIT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Header ceId = r.headers().lastHeader("ce_id");
                    if (ceId != null) {
                        idIn(new String(ceId.value(), StandardCharsets.UTF_8), service).ifPresent(found::add);
                    }
                }
            }
        }
        return found;
    }

    private PublishedOutboxIds() {
    }
}
