package io.trialstream.matching.flow;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.Topics;
import io.trialstream.matching.repository.IndexedTrialRepository;
import io.trialstream.matching.service.MatchService;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static io.trialstream.matching.flow.TopicClient.DLQ;
import static io.trialstream.matching.flow.TopicClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What operations see: the application metrics after events flow, and the record limits on patients.events.v1. */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class OperationsFlowTest {
    @Inject
    MatchService service;
    @Inject
    IndexedTrialRepository trials;

    TopicClient kafka;

    @BeforeEach
    void clients() {
        kafka = new TopicClient();
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the first sample of {@code name} whose labels contain every one of {@code labels}. */
    static double sample(String body, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)").matcher(body);
        while (m.find()) {
            String set = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String l : labels) {
                all &= set.contains(l);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    @Test
    void applicationMetricsAppearOnceEventsFlowAndNameNoPatientOrTrial() throws Exception {
        String trialKey = "NCT09998101";
        String patientId = "pt-metrics-1";
        kafka.send(Topics.TRIALS, trialKey, MatchingFlowTest.trial(trialKey, 1, "RECRUITING", 18, 99));
        // the patient event, not the trial, must create the match: its latency is the one measured
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> trials.findById(trialKey) != null));
        kafka.send(Topics.PATIENT_EVENTS, "pt-metrics-bad", "{not json");
        kafka.send(Topics.PATIENT_EVENTS, patientId, MatchingFlowTest.patient(patientId, LocalDate.now().minusYears(50)));
        kafka.awaitRecords(r -> patientId.equals(r.key()) && r.topic().equals(Topics.MATCHES) && r.value().contains(trialKey), 1);
        kafka.awaitRecords(r -> "pt-metrics-bad".equals(r.key()) && r.topic().equals(DLQ), 1);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String body = metrics();
            assertThat(sample(body, "trialstream_match_latency_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(body).contains("trialstream_match_latency_seconds_bucket{").contains("trialstream_evaluation_seconds_bucket{");
            assertThat(sample(body, "trialstream_evaluation_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(sample(body, "trialstream_dlq_records_total", "reason=\"UNREADABLE_JSON\"", "topic=\"patients.events.v1\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(body, "trialstream_records_total", "outcome=\"processed\"", "topic=\"patients.events.v1\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(body, "trialstream_records_total", "outcome=\"dead_lettered\"", "topic=\"patients.events.v1\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(body, "trialstream_records_total", "outcome=\"processed\"", "topic=\"trials.v1\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(body, "trialstream_patients")).isGreaterThanOrEqualTo(1);
            assertThat(sample(body, "trialstream_trials_indexed")).isGreaterThanOrEqualTo(1);
            assertThat(body).doesNotContain(patientId).doesNotContain(trialKey);
        });
    }

    @Test
    void anOversizedRecordIsDeadLetteredWithoutItsValueAndThePartitionMovesOn() throws Exception {
        String patientId = "pt-oversize";
        String big = "{\"schemaVersion\":1,\"type\":\"FACTS\",\"patientId\":\"" + patientId + "\",\"note\":\"" + "x".repeat(300 * 1024) + "\"}";
        kafka.send(Topics.PATIENT_EVENTS, patientId, big);
        kafka.send(Topics.PATIENT_EVENTS, patientId, MatchingFlowTest.patient(patientId, LocalDate.now().minusYears(33)));
        ConsumerRecord<String, String> dead = kafka.awaitRecords(r -> patientId.equals(r.key()) && r.topic().equals(DLQ), 1).get(0);
        assertThat(header(dead, "dead-letter-reason-code")).isEqualTo("RECORD_TOO_LARGE");
        assertThat(header(dead, "dead-letter-original-size")).isEqualTo(Integer.toString(big.length()));
        assertThat(dead.value()).as("the value is not copied").isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> service.storedFacts(patientId) != null);
        assertThat(service.storedFacts(patientId).birthDate()).isEqualTo(LocalDate.now().minusYears(33));
    }

    @Test
    void aDeeplyNestedEventIsDeadLetteredWithItsReason() throws Exception {
        String patientId = "pt-deep";
        String deep = "{\"resourceType\":\"Patient\",\"extension\":" + "[".repeat(200) + "]".repeat(200) + "}";
        kafka.send(Topics.PATIENT_EVENTS, patientId, deep);
        ConsumerRecord<String, String> dead = kafka.awaitRecords(r -> patientId.equals(r.key()) && r.topic().equals(DLQ), 1).get(0);
        assertThat(header(dead, "dead-letter-reason-code")).isEqualTo("JSON_LIMIT_EXCEEDED");
        List<ConsumerRecord<String, String>> all = kafka.seen();
        assertThat(all).noneMatch(r -> patientId.equals(r.key()) && r.topic().equals(Topics.MATCHES));
    }
}
