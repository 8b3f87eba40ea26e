package io.trialstream.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.repository.TrialVersionRepository;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.trialstream.registry.RegistryApi.asReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class TrialStoreFlowTest {

    @Inject
    TrialVersionRepository versions;

    KafkaProducer<String, String> producer;
    KafkaConsumer<String, String> consumer;

    @BeforeEach
    void clients() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "registry-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.TRIALS, Topics.deadLetter("registry-service")));
    }

    @AfterEach
    void close() {
        producer.close();
        consumer.close();
    }

    static ParsedTrial parsed(String key, String title, String lastUpdate) {
        TrialRecord record = new TrialRecord(key, new TrialRecord.Ids(key, null, null), title, null, null, null,
                "RECRUITING", List.of("PHASE2"), "INTERVENTIONAL", null, null, null,
                new TrialRecord.PartialDate(lastUpdate, TrialRecord.PartialDate.Precision.DAY),
                List.of("Acute Myeloid Leukemia"), null, null, null, null, null, null, null, null, null, null, null);
        return new ParsedTrial(ParsedTrial.SCHEMA_VERSION, record, new Provenance(Provenance.SourceFormat.CTGOV_V2_JSON,
                null, UUID.randomUUID().toString().replace("-", "") + "00000000000000000000000000000000", "test", Instant.now()));
    }

    void send(String key, Object value) throws Exception {
        String json = value instanceof String s ? s : ContractJson.mapper().writeValueAsString(value);
        producer.send(new ProducerRecord<>(Topics.TRIALS_PARSED, key, json)).get();
    }

    List<ConsumerRecord<String, String>> collect(String key, int expected) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (key.equals(r.key())) {
                    seen.add(r);
                }
            });
            return seen.size() >= expected;
        });
        return seen;
    }

    @Test
    void sameRecordThreeTimesGivesOneVersionAndOneEvent() throws Exception {
        ParsedTrial p = parsed("NCT09990101", "Same thing thrice", "2025-01-01");
        for (int i = 0; i < 3; i++) {
            send("NCT09990101", p);
        }
        List<ConsumerRecord<String, String>> events = collect("NCT09990101", 1);
        Trial trial = ContractJson.mapper().readValue(events.get(0).value(), Trial.class);
        assertThat(trial.version()).isEqualTo(1);
        assertThat(new String(events.get(0).headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo(CloudEventTypes.TRIAL);

        // a later change proves the duplicates were consumed (ordered partition) without new versions
        send("NCT09990101", parsed("NCT09990101", "Changed title", "2025-02-01"));
        List<ConsumerRecord<String, String>> more = collect("NCT09990101", 1);
        assertThat(ContractJson.mapper().readValue(more.get(0).value(), Trial.class).version()).isEqualTo(2);
        assertThat(versions.history("NCT09990101")).hasSize(2);

        asReader().when().get("/api/v1/trials/NCT09990101").then().statusCode(200)
                .body("version", equalTo(2)).body("trial.briefTitle", equalTo("Changed title"));
    }

    @Test
    void olderRecordAfterNewerIsIgnored() throws Exception {
        send("NCT09990102", parsed("NCT09990102", "New", "2025-06-01"));
        collect("NCT09990102", 1);
        send("NCT09990102", parsed("NCT09990102", "Old", "2024-01-01"));
        send("NCT09990102", parsed("NCT09990102", "Newest", "2025-07-01"));
        List<ConsumerRecord<String, String>> events = collect("NCT09990102", 1);
        Trial t = ContractJson.mapper().readValue(events.get(0).value(), Trial.class);
        assertThat(t.trial().briefTitle()).isEqualTo("Newest");
        assertThat(t.version()).isEqualTo(2);
    }

    @Test
    void unreadableRecordGoesToTheDlqAndThePartitionMovesOn() throws Exception {
        send("NCT09990103", "{not json");
        send("NCT09990103", parsed("NCT09990103", "After the poison pill", "2025-01-01"));
        List<ConsumerRecord<String, String>> seen = collect("NCT09990103", 2);
        ConsumerRecord<String, String> dlq = seen.stream().filter(r -> r.topic().startsWith("dlq.")).findFirst().orElseThrow();
        assertThat(new String(dlq.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .startsWith("UNREADABLE_JSON");
        assertThat(new String(dlq.headers().lastHeader("dead-letter-reason-code").value(), StandardCharsets.UTF_8))
                .isEqualTo("UNREADABLE_JSON");
        assertThat(dlq.value()).as("original bytes, unchanged").isEqualTo("{not json");
        assertThat(seen).anyMatch(r -> r.topic().equals(Topics.TRIALS));
    }

    @Test
    void recordsDeadLettersTrialsAndTheOutboxShowOnTheMetricsEndpointWithoutTrialKeys() throws Exception {
        double accepted = orZero(metric("trialstream_records_total", "outcome=\"accepted\"", "topic=\"trials.parsed.v1\""));
        double duplicates = orZero(metric("trialstream_records_total", "outcome=\"duplicate\"", "topic=\"trials.parsed.v1\""));
        double unreadable = orZero(metric("trialstream_dlq_records_total", "reason=\"UNREADABLE_JSON\"", "service=\"registry-service\""));
        ParsedTrial p = parsed("NCT09990104", "Counted", "2025-01-01");
        send("NCT09990104", p);
        send("NCT09990104", p);
        send("NCT09990104", "{\"schemaVersion\": ");
        send("NCT09990104", parsed("NCT09990104", "Counted again", "2025-02-01"));
        collect("NCT09990104", 3);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metric("trialstream_records_total", "outcome=\"accepted\"", "topic=\"trials.parsed.v1\"")).isGreaterThanOrEqualTo(accepted + 2);
            assertThat(metric("trialstream_records_total", "outcome=\"duplicate\"", "topic=\"trials.parsed.v1\"")).isGreaterThanOrEqualTo(duplicates + 1);
            assertThat(metric("trialstream_records_total", "outcome=\"dead-lettered\"", "topic=\"trials.parsed.v1\"")).isPositive();
            assertThat(metric("trialstream_dlq_records_total", "reason=\"UNREADABLE_JSON\"", "service=\"registry-service\"")).isGreaterThanOrEqualTo(unreadable + 1);
            assertThat(metric("trialstream_trials", "status=\"RECRUITING\"")).isPositive();
            assertThat(metric("trialstream_outbox_pending")).isGreaterThanOrEqualTo(0);
        });
        // a refused request is labelled with its route, not with the key it asked for
        given().get("/api/v1/trials/NCT09990104").then().statusCode(401);
        asReader().get("/api/v1/trials/NCT09990104").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain("NCT0999").contains("uri=\"/api/v1/trials/{key}\"");
    }

    static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** The value of one series on /q/metrics (labels given as {@code name="value"}), or NaN when it is absent. */
    static double metric(String name, String... labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                // the value follows the labels; an exemplar (# {trace_id=…} value timestamp) may follow it
                .mapToDouble(l -> Double.parseDouble(l.substring(l.startsWith(name + "{") ? l.indexOf('}') + 1 : name.length())
                        .trim().split("\\s+")[0]))
                .findFirst().orElse(Double.NaN);
    }

    @Test
    void unknownTrialIs404ProblemJson() {
        asReader().when().get("/api/v1/trials/NCT00000000").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
