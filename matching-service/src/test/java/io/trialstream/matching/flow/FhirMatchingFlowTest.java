package io.trialstream.matching.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import io.trialstream.matching.facts.FhirFixtures;
import io.trialstream.matching.messaging.PatientEventConsumer;
import io.trialstream.matching.seeds.SeedTrials;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.trialstream.matching.flow.Clinician.asClinician;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Issue 5 end to end inside the service: FHIR on the topic, real Kafka and PostgreSQL, match events out. */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class FhirMatchingFlowTest {
    KafkaProducer<String, String> producer;
    KafkaConsumer<String, String> consumer;
    final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void clients() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "fhir-flow-test-" + UUID.randomUUID(),
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

    void send(String topic, String key, Object value) throws Exception {
        String json = value instanceof String s ? s : ContractJson.mapper().writeValueAsString(value);
        producer.send(new ProducerRecord<>(topic, key, json)).get();
    }

    List<ConsumerRecord<String, String>> awaitRecords(Predicate<ConsumerRecord<String, String>> which, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(which).count() >= count;
        });
        return seen.stream().filter(which).toList();
    }

    static Predicate<ConsumerRecord<String, String>> matchesOf(String key) {
        return r -> r.topic().equals(Topics.MATCHES) && key.equals(r.key());
    }

    /** Other test classes' trials are open in the same database: look at one patient–trial pair. */
    static Predicate<ConsumerRecord<String, String>> matchesOf(String key, String trialKey) {
        return r -> matchesOf(key).test(r) && r.value().contains("\"trialKey\":\"" + trialKey + "\"");
    }

    static MatchEvent match(ConsumerRecord<String, String> r) throws Exception {
        return ContractJson.mapper().readValue(r.value(), MatchEvent.class);
    }

    static Trial seed002(String key) {
        Trial t = SeedTrials.seed002();
        var r = t.trial();
        var record = new io.trialstream.contracts.TrialRecord(key, r.ids(), r.briefTitle(), null, null, null, r.overallStatus(), null,
                r.studyType(), null, null, null, null, null, null, null, null, null, null, r.eligibility(), null, null, null, null, null);
        return new Trial(Trial.SCHEMA_VERSION, key, 1, Instant.now(), "h1", record, null);
    }

    @Test
    void aFhirBundleMatchesANewLabRetractsAndAReplayEmitsNothing() throws Exception {
        String trialKey = "NCT09995001";
        String patient = "pseudo-fhir-1";
        send(Topics.TRIALS, trialKey, seed002(trialKey));
        send(Topics.PATIENT_EVENTS, patient, FhirFixtures.load("aml-patient-bundle.json", Instant.now()));

        MatchEvent created = match(awaitRecords(matchesOf(patient, trialKey), 1).get(0));
        assertThat(created.type()).isEqualTo(MatchEvent.Type.MATCH_CREATED);
        assertThat(created.trialKey()).isEqualTo(trialKey);
        assertThat(created.matchId()).isEqualTo(MatchService.matchId(patient, trialKey));
        // every typed criterion decided from the bundle; free-text items are left for review
        assertThat(created.verdict()).isEqualTo(MatchEvent.Verdict.POSSIBLY_ELIGIBLE);
        assertThat(created.criteria()).filteredOn(c -> c.kind() != io.trialstream.contracts.Criterion.Kind.UNPARSED)
                .allMatch(c -> c.outcome() == MatchEvent.Outcome.MET);
        assertThat(created.neededInfo()).allMatch(n -> n.startsWith("review: "));
        assertThat(created.criteria()).filteredOn(c -> "inc-5#1".equals(c.criterionId())).singleElement()
                .satisfies(c -> assertThat(c.evidence()).anyMatch(e -> e.fact().equals("observation ALT") && e.value().equals("30")));
        asClinician().when().get("/api/v1/patients/" + patient + "/matches").then().statusCode(200)
                .body("find { it.trialKey == '" + trialKey + "' }.criteria.size()", equalTo(created.criteria().size()));
        asClinician().when().get("/api/v1/trials/" + trialKey + "/candidates").then().statusCode(200)
                .body("patientId", hasItem(patient));

        // ALT 150 U/L against the patient's own ULN of 40: 3.75 × ULN > 2.5 × ULN
        String highAlt = FhirFixtures.load("alt-high-observation.json", Instant.now());
        send(Topics.PATIENT_EVENTS, patient, highAlt);
        MatchEvent retracted = match(awaitRecords(matchesOf(patient, trialKey), 2).get(1));
        assertThat(retracted.type()).isEqualTo(MatchEvent.Type.MATCH_RETRACTED);
        assertThat(retracted.retractionReason()).isEqualTo("NO_LONGER_ELIGIBLE");
        assertThat(retracted.version()).isEqualTo(2);

        // replay: the same bundle and lab again, then a marker event for another patient that does produce a match
        send(Topics.PATIENT_EVENTS, patient, FhirFixtures.load("aml-patient-bundle.json", Instant.now()));
        send(Topics.PATIENT_EVENTS, patient, highAlt);
        send(Topics.PATIENT_EVENTS, "pseudo-fhir-marker", FhirFixtures.load("aml-patient-bundle.json", Instant.now()));
        awaitRecords(matchesOf("pseudo-fhir-marker", trialKey), 1); // same partition, later offsets: the replay was processed before it
        assertThat(seen.stream().filter(matchesOf(patient, trialKey))).hasSize(2);
        asClinician().when().get("/api/v1/patients/" + patient + "/matches").then().statusCode(200)
                .body("trialKey", org.hamcrest.Matchers.not(hasItem(trialKey)));
    }

    @Test
    void fhirGarbageGoesToTheDlqWithAReasonCodeAndThePartitionKeepsMoving() throws Exception {
        String marker = "Jane-Marker-1970-01-01";
        String key = "pseudo-fhir-garbage";
        send(Topics.PATIENT_EVENTS, key, "{\"resourceType\":\"NoSuchThing\",\"name\":\"" + marker + "\"}");
        send(Topics.PATIENT_EVENTS, key, "{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"id\":\"" + marker + "\"}");
        send(Topics.PATIENT_EVENTS, key, "{\"resourceType\":\"Patient\",\"birthDate\":" + marker);
        send(Topics.TRIALS, "NCT09995002", seed002("NCT09995002"));
        send(Topics.PATIENT_EVENTS, key, FhirFixtures.load("aml-patient-bundle.json", Instant.now()));
        List<ConsumerRecord<String, String>> records = awaitRecords(r -> key.equals(r.key()), 4);
        List<ConsumerRecord<String, String>> dlq = records.stream().filter(r -> r.topic().startsWith("dlq.")).toList();
        assertThat(dlq).extracting(r -> header(r, PatientEventConsumer.REASON_CODE_HEADER))
                .containsExactly("INVALID_FHIR", "UNSUPPORTED_RESOURCE_TYPE", "UNREADABLE_JSON");
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
