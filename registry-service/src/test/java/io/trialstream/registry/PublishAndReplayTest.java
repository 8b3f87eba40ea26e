package io.trialstream.registry;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.trialstream.registry.RegistryApi.asAdmin;
import static io.trialstream.registry.RegistryApi.asReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** What trials.v1 carries: versions, tombstones, republish; and that replaying trials.parsed.v1 changes nothing. */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class PublishAndReplayTest {
    @Inject
    AgroalDataSource db;
    @Inject
    KafkaClientService kafkaClients;

    TopicProbe kafka;
    String bootstrap;

    @BeforeEach
    void probe() {
        bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        kafka = new TopicProbe(bootstrap);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aWithdrawnTrialIsATombstoneWithCloudEventsHeadersAndComesBackWhenReopened() {
        String key = "NCT09990601";
        kafka.send(TrialBuilder.registry(key).title("To be withdrawn").status("NOT_YET_RECRUITING").lastUpdate("2025-01-01").build());
        kafka.send(TrialBuilder.registry(key).title("To be withdrawn").status("WITHDRAWN").lastUpdate("2025-02-01").build());
        kafka.send(TrialBuilder.registry(key).title("To be withdrawn").status("RECRUITING").lastUpdate("2025-03-01").build());

        kafka.awaitSeen(all -> kafka.of(key).size() >= 3);
        List<ConsumerRecord<String, String>> events = kafka.of(key);
        assertThat(TopicProbe.trial(events.get(0)).version()).isEqualTo(1);
        ConsumerRecord<String, String> tombstone = events.get(1);
        assertThat(tombstone.value()).isNull();
        assertThat(TopicProbe.header(tombstone, "ce_type")).isEqualTo(CloudEventTypes.TRIAL);
        assertThat(TopicProbe.header(tombstone, "ce_subject")).isEqualTo(key);
        assertThat(TopicProbe.header(tombstone, "ce_source")).isEqualTo(CloudEventTypes.SOURCE_REGISTRY);
        assertThat(TopicProbe.header(tombstone, "ce_id")).isNotBlank();
        assertThat(TopicProbe.header(tombstone, "content-type")).isNull();
        Trial reopened = TopicProbe.trial(events.get(2));
        assertThat(reopened.version()).isEqualTo(3);
        assertThat(reopened.trial().overallStatus()).isEqualTo("RECRUITING");
        asReader().get("/api/v1/trials/" + key + "/versions").then().statusCode(200)
                .body("versions.version", org.hamcrest.Matchers.contains(1, 2, 3))
                .body("versions[1].changedFields", org.hamcrest.Matchers.contains("lastUpdateDate", "overallStatus"));
        asReader().get("/api/v1/trials/" + key + "/versions/2").then().statusCode(200)
                .body("trial.overallStatus", equalTo("WITHDRAWN"));
        asReader().get("/api/v1/trials/" + key + "/versions/9").then().statusCode(404);
        asReader().get("/api/v1/trials/" + key + "/versions/x").then().statusCode(400).body("invalidParams[0].name", equalTo("version"));
    }

    @Test
    void republishReEmitsEveryTrialWithItsCurrentVersionAndReportsProgress() {
        String open = "NCT09990602";
        String withdrawn = "NCT09990603";
        kafka.send(TrialBuilder.registry(open).title("Open trial").status("RECRUITING").lastUpdate("2025-01-01").build());
        kafka.send(TrialBuilder.registry(open).title("Open trial, amended").status("RECRUITING").lastUpdate("2025-02-01").build());
        kafka.send(TrialBuilder.registry(withdrawn).title("Gone").status("WITHDRAWN").build());
        kafka.awaitSeen(all -> kafka.of(open).size() >= 2 && !kafka.of(withdrawn).isEmpty());
        int before = kafka.seen.size();

        String location = asAdmin().post("/api/v1/admin/republish").then().statusCode(202)
                .body("status", equalTo("RUNNING")).extract().header("Location");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> asAdmin().get(location).then().statusCode(200)
                .body("status", equalTo("COMPLETED")));
        Map<String, Object> done = asAdmin().get(location).then().extract().jsonPath().getMap("");
        assertThat(done.get("published")).isEqualTo(done.get("total")).isEqualTo(done.get("enqueued"));
        assertThat(((Number) done.get("total")).longValue()).isGreaterThanOrEqualTo(2);

        kafka.awaitSeen(all -> kafka.of(open).size() >= 3 && kafka.of(withdrawn).size() >= 2);
        List<ConsumerRecord<String, String>> again = kafka.seen.subList(before, kafka.seen.size());
        ConsumerRecord<String, String> openAgain = again.stream().filter(r -> open.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicProbe.trial(openAgain).version()).as("same version: holders ignore it").isEqualTo(2);
        assertThat(TopicProbe.trial(openAgain).trial().briefTitle()).isEqualTo("Open trial, amended");
        assertThat(again.stream().filter(r -> withdrawn.equals(r.key())).findFirst().orElseThrow().value()).isNull();
        asAdmin().get("/api/v1/admin/republish/" + UUID.randomUUID()).then().statusCode(404);
        asAdmin().get("/api/v1/admin/republish/not-a-job").then().statusCode(400);
    }

    /**
     * The replay requirement, literally: the service's own consumer is sought back to offset 0 of every
     * partition of trials.parsed.v1 and re-reads all of it (including every other test's records in this JVM).
     */
    @Test
    void replayingTrialsParsedFromOffsetZeroChangesNoRowAndPublishesNoVersion() throws Exception {
        kafka.send(TrialBuilder.registry("NCT09990604").title("Before the replay").status("RECRUITING").lastUpdate("2025-01-01").build());
        kafka.send(TrialBuilder.registry("NCT09990604").title("Before the replay, v2").status("RECRUITING").lastUpdate("2025-02-01").build());
        kafka.send(TrialBuilder.registry("NCT09990604").title("Older, ignored").status("RECRUITING").lastUpdate("2024-02-01").build());
        Set<String> barrier = sendToEveryPartition("NCT0999097");
        awaitStored(barrier);
        awaitOutboxEmpty();
        Map<String, String> before = digest(barrier);
        Map<TopicPartition, Long> published = endOffsets(Topics.TRIALS);

        var consumer = kafkaClients.<String, String>getConsumer("trials-parsed");
        Set<TopicPartition> assigned = consumer.getAssignments().await().atMost(Duration.ofSeconds(10));
        assertThat(assigned).hasSize(partitions(Topics.TRIALS_PARSED).size());
        consumer.seekToBeginning(assigned).await().atMost(Duration.ofSeconds(10));
        Set<String> after = sendToEveryPartition("NCT0999098");
        awaitStored(after);
        awaitOutboxEmpty();

        Set<String> ignore = new HashSet<>(barrier);
        ignore.addAll(after);
        assertThat(digest(ignore)).isEqualTo(before);
        List<ConsumerRecord<String, String>> newEvents = readFrom(Topics.TRIALS, published);
        assertThat(newEvents).extracting(ConsumerRecord::key).isNotEmpty().allMatch(after::contains);
    }

    /** One record per partition (the service reads each partition in order, so once it is stored, all before it are). */
    Set<String> sendToEveryPartition(String keyPrefix) throws Exception {
        Set<String> keys = new HashSet<>();
        for (PartitionInfo p : partitions(Topics.TRIALS_PARSED)) {
            String key = keyPrefix + p.partition();
            String json = io.trialstream.contracts.ContractJson.mapper().writeValueAsString(
                    TrialBuilder.registry(key).title("Marker " + key).build());
            kafka.producer.send(new ProducerRecord<>(Topics.TRIALS_PARSED, p.partition(), key, json)).get();
            keys.add(key);
        }
        return keys;
    }

    List<PartitionInfo> partitions(String topic) {
        return kafka.producer.partitionsFor(topic);
    }

    void awaitStored(Set<String> keys) {
        await().atMost(Duration.ofSeconds(60)).until(() -> keys.stream()
                .allMatch(k -> asReader().get("/api/v1/trials/" + k).statusCode() == 200));
    }

    void awaitOutboxEmpty() {
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM outbox") == 0);
    }

    long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A fingerprint of every row of the store's tables, leaving out the marker trials. */
    Map<String, String> digest(Set<String> ignoredKeys) throws Exception {
        String not = "('" + String.join("','", ignoredKeys) + "')";
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> queries = Map.of(
                "trial", "SELECT md5(string_agg(t::text, '|' ORDER BY trial_key)) FROM trial t WHERE trial_key NOT IN " + not,
                "trial_version", "SELECT md5(string_agg(v::text, '|' ORDER BY trial_key, version)) FROM trial_version v WHERE trial_key NOT IN " + not,
                "trial_source", "SELECT md5(string_agg(s::text, '|' ORDER BY trial_key, source_id)) FROM trial_source s WHERE trial_key NOT IN " + not,
                "trial_alias", "SELECT md5(string_agg(a::text, '|' ORDER BY alias)) FROM trial_alias a",
                "rows", "SELECT (SELECT count(*) FROM trial) || '/' || (SELECT count(*) FROM trial_version) || '/' "
                        + "|| (SELECT count(*) FROM trial_source) || '/' || (SELECT count(*) FROM trial_alias)");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (var q : queries.entrySet()) {
                try (ResultSet rs = s.executeQuery(q.getValue())) {
                    rs.next();
                    out.put(q.getKey(), rs.getString(1));
                }
            }
        }
        // row counts include the markers: 3 of each, the second 3 not yet there before the replay
        out.remove("rows");
        return out;
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> c = consumer()) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return c.endOffsets(tps);
        }
    }

    List<ConsumerRecord<String, String>> readFrom(String topic, Map<TopicPartition, Long> from) {
        try (KafkaConsumer<String, String> c = consumer()) {
            c.assign(from.keySet());
            from.forEach(c::seek);
            Map<TopicPartition, Long> end = c.endOffsets(from.keySet());
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
            });
            return out;
        }
    }

    KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "registry-replay-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }
}
