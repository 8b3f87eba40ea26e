package io.trialstream.matching.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.service.MatchService;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.trialstream.matching.flow.Clinician.asClinician;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class MatchingFlowTest {
    KafkaProducer<String, String> producer;
    KafkaConsumer<String, String> consumer;
    final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void clients() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "matching-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.MATCHES, Topics.deadLetter("matching-service")));
        await().until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
    }

    @AfterEach
    void close() {
        producer.close();
        consumer.close();
    }

    static Trial trial(String key, long version, String status, double minAge, double maxAge) {
        Criterion age = new Criterion("age", Criterion.Kind.AGE, Criterion.Polarity.REQUIRED, "age", Criterion.Operator.BETWEEN,
                minAge, maxAge, "a", null, null, null, null, null, null, 1.0);
        Eligibility e = new Eligibility("ALL", (int) minAge + " Years", (int) maxAge + " Years",
                new Eligibility.AgeBound(minAge, true), new Eligibility.AgeBound(maxAge, true), null, null, null, List.of(age));
        TrialRecord r = new TrialRecord(key, new TrialRecord.Ids(key, null, null), "Test trial", null, null, null, status,
                null, null, null, null, null, null, null, null, null, null, null, null, e, null, null, null, null, null);
        return new Trial(Trial.SCHEMA_VERSION, key, version, Instant.now(), "h" + version, r, null);
    }

    static PatientEvent patient(String id, LocalDate birth) {
        return new PatientEvent(PatientEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), PatientEvent.Type.SNAPSHOT, id,
                Instant.now(), birth, PatientEvent.Sex.FEMALE, null, null, null, null);
    }

    void send(String topic, String key, Object value) throws Exception {
        String json = value instanceof String s ? s : ContractJson.mapper().writeValueAsString(value);
        producer.send(new ProducerRecord<>(topic, key, json)).get();
    }

    List<ConsumerRecord<String, String>> awaitFor(String key, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(r -> key.equals(r.key())).count() >= count;
        });
        return seen.stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Other test classes leave open trials in the shared database: follow one patient–trial pair. */
    List<ConsumerRecord<String, String>> awaitFor(String key, String trialKey, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(r -> key.equals(r.key()) && about(r, trialKey)).count() >= count;
        });
        return seen.stream().filter(r -> key.equals(r.key()) && about(r, trialKey)).toList();
    }

    static boolean about(ConsumerRecord<String, String> r, String trialKey) {
        return r.topic().equals(Topics.MATCHES) && r.value().contains("\"trialKey\":\"" + trialKey + "\"");
    }

    static MatchEvent match(ConsumerRecord<String, String> r) throws Exception {
        return ContractJson.mapper().readValue(r.value(), MatchEvent.class);
    }

    @Test
    void patientInRangeMatchesRedeliveryIsSilentAndClosingRetracts() throws Exception {
        send(Topics.TRIALS, "NCT09990301", trial("NCT09990301", 1, "RECRUITING", 18, 70));
        PatientEvent p = patient("pt-flow-1", LocalDate.now().minusYears(45));
        send(Topics.PATIENT_EVENTS, "pt-flow-1", p);

        MatchEvent created = match(awaitFor("pt-flow-1", "NCT09990301", 1).get(0));
        assertThat(created.type()).isEqualTo(MatchEvent.Type.MATCH_CREATED);
        assertThat(created.verdict()).isEqualTo(MatchEvent.Verdict.ELIGIBLE);
        assertThat(created.matchId()).isEqualTo(MatchService.matchId("pt-flow-1", "NCT09990301"));
        assertThat(created.version()).isEqualTo(1);

        // the same event again, then a trial change that closes it: only the retraction may follow
        send(Topics.PATIENT_EVENTS, "pt-flow-1", p);
        send(Topics.TRIALS, "NCT09990301", trial("NCT09990301", 2, "COMPLETED", 18, 70));
        List<ConsumerRecord<String, String>> all = awaitFor("pt-flow-1", "NCT09990301", 2);
        MatchEvent retracted = match(all.get(1));
        assertThat(retracted.type()).isEqualTo(MatchEvent.Type.MATCH_RETRACTED);
        assertThat(retracted.retractionReason()).isEqualTo("TRIAL_CLOSED");
        assertThat(retracted.version()).isEqualTo(2);
        asClinician().when().get("/api/v1/patients/pt-flow-1/matches").then().statusCode(200)
                .body("trialKey", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("NCT09990301")));
    }

    @Test
    void patientOutsideTheAgeRangeGetsNoMatch() throws Exception {
        send(Topics.TRIALS, "NCT09990302", trial("NCT09990302", 1, "RECRUITING", 18, 30));
        send(Topics.PATIENT_EVENTS, "pt-flow-old", patient("pt-flow-old", LocalDate.now().minusYears(80)));
        send(Topics.PATIENT_EVENTS, "pt-flow-young", patient("pt-flow-young", LocalDate.now().minusYears(25)));
        awaitFor("pt-flow-young", "NCT09990302", 1); // events are processed in partition order; wait for the later one
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return true;
        });
        assertThat(seen).noneMatch(r -> "pt-flow-old".equals(r.key()) && about(r, "NCT09990302"));
        asClinician().when().get("/api/v1/patients/pt-flow-young/matches").then().statusCode(200)
                .body("trialKey", org.hamcrest.Matchers.hasItem("NCT09990302"));
    }

    @Test
    void poisonPillGoesToTheDlqWithoutPatientValues() throws Exception {
        String marker = "MARKER-Jane-Doe-1970-01-01";
        send(Topics.PATIENT_EVENTS, "pt-poison", "{\"patientId\":\"pt-poison\",\"birthDate\":\"" + marker + "\"}");
        send(Topics.PATIENT_EVENTS, "pt-poison", "{not json " + marker);
        send(Topics.TRIALS, "NCT09990303", trial("NCT09990303", 1, "RECRUITING", 18, 99));
        send(Topics.PATIENT_EVENTS, "pt-poison", patient("pt-poison", LocalDate.now().minusYears(40)));
        List<ConsumerRecord<String, String>> records = awaitFor("pt-poison", 3);
        List<ConsumerRecord<String, String>> dlq = records.stream().filter(r -> r.topic().startsWith("dlq.")).toList();
        assertThat(dlq).hasSize(2);
        assertThat(header(dlq.get(0), "dead-letter-reason")).startsWith("INVALID_PATIENT_EVENT");
        assertThat(header(dlq.get(1), "dead-letter-reason")).startsWith("UNREADABLE_JSON");
        assertThat(dlq).extracting(r -> header(r, "dead-letter-reason-code")).containsExactly("INVALID_PATIENT_EVENT", "UNREADABLE_JSON");
        for (ConsumerRecord<String, String> r : dlq) {
            for (Header h : r.headers()) {
                assertThat(new String(h.value(), StandardCharsets.UTF_8)).doesNotContain("Jane").doesNotContain("1970");
            }
        }
        assertThat(records).anyMatch(r -> r.topic().equals(Topics.MATCHES));
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
