package io.trialstream.e2e;

import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.MatchEvent;
import io.trialstream.contracts.PatientEvent;
import io.trialstream.contracts.Topics;
import io.trialstream.local.DemoData;
import io.trialstream.local.LocalStack;
import io.trialstream.testsupport.SharedData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged services (quarkus-run.jar, configured by environment variables only) against one real Kafka broker
 * and one real PostgreSQL: a real ClinicalTrials.gov study goes in through ingest, a patient event goes in, the
 * match event comes out of matches.v1; a patient outside the age range gets none.
 */
class EndToEndIT {
    static final Path ROOT = Path.of(System.getProperty("trialstream.root", "..")).toAbsolutePath().normalize();
    /** A real, recruiting API v2 study (adults, 18 years and over) when the shared data is present. */
    static final java.util.Optional<Path> REAL_STUDY =
            SharedData.resolve("ctgov-v2-json-samples/biomcp/testdata/sources/ctgov/get_nct06604689_20260811.json");

    static LocalStack stack;
    static Path workDir;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        workDir = Files.createTempDirectory("trialstream-e2e");
        stack = LocalStack.start(new LocalStack.Options(ROOT, workDir, 0, 0, Map.of(), true, "-Xmx256m"));
        for (LocalStack.Service s : stack.services().values()) {
            System.out.printf("e2e: %s ready in %d ms, RSS %d MiB%n", s.name(), s.startupMillis(), s.rssMiB());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void realStudyInMatchEventOutAndNoneForAPatientOutsideTheAgeRange() throws Exception {
        String study;
        String trialKey;
        if (REAL_STUDY.isPresent()) {
            study = Files.readString(REAL_STUDY.get());
            trialKey = "NCT06604689";
        } else {
            System.out.println("e2e: shared data absent, using the project's demo trial");
            study = DemoData.trialJson("NCT09990011");
            trialKey = "NCT09990011";
        }
        String ingest = stack.services().get("ingest-service").url();
        String registry = stack.services().get("registry-service").url();
        String matching = stack.services().get("matching-service").url();
        String bootstrap = stack.infrastructure().bootstrapServers();

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/trials"))
                .header("Content-Type", "application/json").header("Authorization", bearer("trial-writer")).POST(HttpRequest.BodyPublishers.ofString(study)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        assertThat(posted.body()).contains(trialKey);

        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(
                HttpRequest.newBuilder(URI.create(registry + "/api/v1/trials/" + trialKey)).header("Authorization", bearer("reader")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

        // the matcher consumes trials.v1 asynchronously: give the trial a moment to reach its index
        String adult = "e2e-adult-" + UUID.randomUUID();
        String child = "e2e-child-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> matches = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new StringSerializer())) {
            matches.subscribe(List.of(Topics.MATCHES));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                send(producer, new PatientEvent(PatientEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                        PatientEvent.Type.SNAPSHOT, adult, Instant.now(), LocalDate.now().minusYears(52), PatientEvent.Sex.FEMALE,
                        null, null, null, null));
                matches.poll(Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream().anyMatch(r -> adult.equals(r.key()));
            });
            MatchEvent created = ContractJson.mapper().readValue(
                    seen.stream().filter(r -> adult.equals(r.key())).findFirst().orElseThrow().value(), MatchEvent.class);
            assertThat(created.type()).isEqualTo(MatchEvent.Type.MATCH_CREATED);
            assertThat(created.trialKey()).isEqualTo(trialKey);
            assertThat(created.verdict()).isNotEqualTo(MatchEvent.Verdict.INELIGIBLE);
            assertThat(created.criteria()).anySatisfy(c -> {
                assertThat(c.criterionId()).isEqualTo("age");
                assertThat(c.outcome()).isEqualTo(MatchEvent.Outcome.MET);
            });
            // the adult was sent several times while the trial reached the index: still exactly one event
            assertThat(seen.stream().filter(r -> adult.equals(r.key()))).hasSize(1);

            send(producer, new PatientEvent(PatientEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                    PatientEvent.Type.SNAPSHOT, child, Instant.now(), LocalDate.now().minusYears(10), PatientEvent.Sex.MALE,
                    null, null, null, null));
            // when the child's event has been processed the matcher has stored the patient; then no match may exist
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                matches.poll(Duration.ofMillis(200)).forEach(seen::add);
                return http.send(HttpRequest.newBuilder(URI.create(matching + "/api/v1/patients/" + child + "/matches"))
                                .header("Authorization", bearer("clinician")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            });
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                matches.poll(Duration.ofMillis(200)).forEach(seen::add);
                return true;
            });
            assertThat(seen).noneMatch(r -> child.equals(r.key()));
            assertThat(http.send(HttpRequest.newBuilder(URI.create(matching + "/api/v1/patients/" + adult + "/matches"))
                            .header("Authorization", bearer("clinician")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains(trialKey);
        }
    }

    private static String bearer(String role) {
        return "Bearer " + stack.tokens().token(role, Duration.ofMinutes(10));
    }

    private static void send(KafkaProducer<String, String> producer, PatientEvent e) throws Exception {
        producer.send(new ProducerRecord<>(Topics.PATIENT_EVENTS, e.patientId(), ContractJson.mapper().writeValueAsString(e))).get();
    }
}
