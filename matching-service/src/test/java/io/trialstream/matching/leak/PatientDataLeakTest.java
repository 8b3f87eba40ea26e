package io.trialstream.matching.leak;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Topics;
import io.trialstream.contracts.Trial;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.matching.flow.TopicClient;
import io.trialstream.matching.service.MatchService;
import io.trialstream.testsupport.TestTokens;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static io.trialstream.matching.flow.TopicClient.DLQ;
import static io.trialstream.matching.flow.TopicClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plants unique marker values (pseudonymous id, name, birth date, MRN, address, phone, resource id, condition text,
 * observation value and note) in FHIR and native patient events, valid and malformed, and in REST calls that succeed
 * and that fail, then fails if any marker shows up where operators look: the log output of the whole run (DEBUG for
 * io.trialstream), {@code /q/metrics}, exported spans (names, attributes, events), the keys and headers of
 * dead-lettered records, and REST error bodies.
 * <p>
 * Dead-letter keys: patients.events.v1 is keyed by the pseudonymous patient id (docs/topics.md) and the DLQ keeps the
 * original key, so a DLQ key may be the input key and nothing else. Dead-letter values are the original payloads on
 * purpose and are not checked.
 */
@QuarkusTest
@TestProfile(PatientDataLeakTest.TracingAndDebugLogs.class)
@QuarkusTestResource(TrialstreamTestResource.class)
class PatientDataLeakTest {
    public static class TracingAndDebugLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.traces.exporter", "cdi",
                    "quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "100ms",
                    "quarkus.log.category.\"io.trialstream\".level", "DEBUG");
        }
    }

    static final String PID = "pt-Zq7pseudo4411";
    static final String FAMILY = "Zq7Famname";
    static final String GIVEN = "Zq7Givname";
    static final String BIRTH = "1931-07-19";
    static final String MRN = "MRN-Zq7-88123";
    static final String ADDRESS = "Zq7 Harbour Street 9";
    static final String PHONE = "+41 79 Zq7 0099";
    static final String RESOURCE_ID = "Zq7res0815";
    static final String CONDITION_TEXT = "Zq7 biopsy narrative";
    static final String OBS_VALUE = "4242.4217";
    static final String OBS_NOTE = "Zq7 observation note";
    static final String OTHER_PID = "pt-Zq7other9902";
    static final List<String> MARKERS = List.of(PID, FAMILY, GIVEN, BIRTH, MRN, ADDRESS, PHONE, RESOURCE_ID,
            CONDITION_TEXT, OBS_VALUE, OBS_NOTE, OTHER_PID, "Zq7");
    static final String TRIAL = "NCT09999701";

    static final LogCapture LOGS = new LogCapture();

    @Inject
    InMemorySpanExporter spans;
    @Inject
    MatchService service;

    final List<String> errorBodies = new ArrayList<>();

    @BeforeAll
    static void captureLogs() {
        java.util.logging.Logger.getLogger("").addHandler(LOGS);
    }

    @AfterAll
    static void stopCapture() {
        java.util.logging.Logger.getLogger("").removeHandler(LOGS);
    }

    /** Every log record of the run, formatted with its parameters and its exception chain. */
    static final class LogCapture extends Handler {
        private final StringBuffer text = new StringBuffer();
        private final java.util.logging.Formatter plain = new java.util.logging.SimpleFormatter();

        LogCapture() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord r) {
            StringBuilder sb = new StringBuilder().append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ");
            sb.append(r instanceof ExtLogRecord e ? e.getFormattedMessage() : plain.formatMessage(r));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    sb.append(" | ").append(p);
                }
            }
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                sb.append(" | ").append(t);
                for (Throwable s : t.getSuppressed()) {
                    sb.append(" | ").append(s);
                }
            }
            if (r instanceof ExtLogRecord e && e.getMdcCopy() != null) {
                sb.append(" | ").append(e.getMdcCopy());
            }
            text.append(sb).append('\n');
        }

        String text() {
            return text.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    static String fhirBundle(String resourceType) {
        String now = Instant.now().minusSeconds(86400).toString();
        return "{\"resourceType\":\"" + resourceType + "\",\"type\":\"collection\",\"entry\":["
                + "{\"fullUrl\":\"urn:uuid:" + RESOURCE_ID + "\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + RESOURCE_ID + "\","
                + "\"identifier\":[{\"system\":\"urn:oid:1.2.3.4\",\"value\":\"" + MRN + "\"}],"
                + "\"name\":[{\"family\":\"" + FAMILY + "\",\"given\":[\"" + GIVEN + "\"]}],"
                + "\"telecom\":[{\"system\":\"phone\",\"value\":\"" + PHONE + "\"}],"
                + "\"address\":[{\"line\":[\"" + ADDRESS + "\"]}],\"gender\":\"female\",\"birthDate\":\"" + BIRTH + "\"}},"
                + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"" + RESOURCE_ID + "c\","
                + "\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"91861009\"}],\"text\":\"" + CONDITION_TEXT + "\"},"
                + "\"note\":[{\"text\":\"" + OBS_NOTE + "\"}],\"subject\":{\"reference\":\"urn:uuid:" + RESOURCE_ID + "\"}}},"
                + "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"" + RESOURCE_ID + "o\",\"status\":\"final\","
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"1742-6\"}],\"text\":\"" + CONDITION_TEXT + "\"},"
                + "\"effectiveDateTime\":\"" + now + "\",\"note\":[{\"text\":\"" + OBS_NOTE + "\"}],"
                + "\"valueQuantity\":{\"value\":" + OBS_VALUE + ",\"unit\":\"U/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"U/L\"}}},"
                // a malformed element HAPI's lenient reader drops: its value must not be logged either
                + "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"2160-0\"}]},"
                + "\"valueQuantity\":{\"value\":\"Zq7notanumber " + OBS_VALUE + "\"},\"zq7Unknown\":\"" + OBS_NOTE + "\"}}"
                + "]}";
    }

    static String nativeEvent(String patientId, String birthDate, String type) {
        return "{\"schemaVersion\":\"1\",\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"" + type + "\","
                + "\"patientId\":\"" + patientId + "\",\"birthDate\":\"" + birthDate + "\",\"sex\":\"FEMALE\","
                + "\"conditions\":[{\"codes\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"91861009\",\"display\":\"" + CONDITION_TEXT + "\"}],"
                + "\"clinicalStatus\":\"active\"}],"
                + "\"observations\":[{\"codes\":[{\"system\":\"http://loinc.org\",\"code\":\"1975-2\",\"display\":\"" + OBS_NOTE + "\"}],"
                + "\"value\":" + OBS_VALUE + ",\"unit\":\"mg/dL\",\"effectiveAt\":\"" + Instant.now().minusSeconds(3600) + "\"}]}";
    }

    static Trial openTrial() {
        Criterion age = new Criterion("age", Criterion.Kind.AGE, Criterion.Polarity.REQUIRED, "age", Criterion.Operator.BETWEEN,
                18.0, 120.0, "a", null, null, null, null, null, null, 1.0);
        Eligibility e = new Eligibility("ALL", "18 Years", "120 Years", new Eligibility.AgeBound(18.0, true),
                new Eligibility.AgeBound(120.0, true), null, null, null, List.of(age));
        TrialRecord r = new TrialRecord(TRIAL, new TrialRecord.Ids(TRIAL, null, null), "Leak test trial", null, null, null, "RECRUITING",
                null, null, null, null, null, null, null, null, null, null, null, null, e, null, null, null, null, null);
        return new Trial(Trial.SCHEMA_VERSION, TRIAL, 1, Instant.now(), "h1", r, null);
    }

    Response expectError(Response r, int status) {
        errorBodies.add(r.getStatusCode() + " " + r.getBody().asString());
        assertThat(r.getStatusCode()).as("status of a failing call; body %s", r.getBody().asString()).isEqualTo(status);
        return r;
    }

    @Test
    void noPatientValueReachesLogsMetricsSpansDeadLetterHeadersOrErrorBodies() throws Exception {
        org.jboss.logging.Logger.getLogger("io.trialstream.matching.leak").debug("leak-probe debug record");
        String clinician = TestTokens.withRoles("clinician");
        try (TopicClient kafka = new TopicClient()) {
            kafka.send(Topics.TRIALS, TRIAL, openTrial());
            // valid FHIR and native input: stored and matched
            kafka.send(Topics.PATIENT_EVENTS, PID, fhirBundle("Bundle"));
            kafka.send(Topics.PATIENT_EVENTS, PID, nativeEvent(PID, BIRTH, "FACTS"));
            // malformed input: each goes to the DLQ
            kafka.send(Topics.PATIENT_EVENTS, PID, fhirBundle("Bundle").replace("\"resourceType\":\"Bundle\"", "\"resourceType\":\"Encounter\""));
            kafka.send(Topics.PATIENT_EVENTS, PID, fhirBundle("Bundle").substring(0, 400));
            kafka.send(Topics.PATIENT_EVENTS, PID, nativeEvent(OTHER_PID, BIRTH, "FACTS"));
            kafka.send(Topics.PATIENT_EVENTS, PID, nativeEvent(PID, "Zq7-not-a-date-" + BIRTH, "SNAPSHOT"));
            kafka.send(Topics.PATIENT_EVENTS, PID, fhirBundle("Bundle").replace("\"type\":\"collection\"",
                    "\"type\":\"collection\",\"text\":\"" + "Zq7 ".repeat(80_000) + "\""));
            kafka.send(Topics.PATIENT_EVENTS, PID, fhirBundle("Bundle").replace("\"type\":\"collection\"",
                    "\"type\":\"collection\",\"x\":" + "[".repeat(100) + "\"" + MRN + "\"" + "]".repeat(100)));
            kafka.send(new ProducerRecord<>(Topics.PATIENT_EVENTS, null, fhirBundle("Bundle")));

            Set<String> expectedReasons = Set.of("UNSUPPORTED_RESOURCE_TYPE", "UNREADABLE_JSON", "KEY_MISMATCH",
                    "INVALID_PATIENT_EVENT", "RECORD_TOO_LARGE", "JSON_LIMIT_EXCEEDED", "MISSING_KEY");
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.seen().stream().filter(r -> r.topic().equals(DLQ))
                    .map(r -> header(r, "dead-letter-reason-code")).collect(Collectors.toSet()).containsAll(expectedReasons));
            kafka.awaitRecords(r -> r.topic().equals(Topics.MATCHES) && PID.equals(r.key()) && r.value().contains(TRIAL), 1);

            // REST: served, and failing in every way a caller can make it fail
            given().auth().oauth2(clinician).when().get("/api/v1/patients/" + PID + "/matches").then().statusCode(200);
            String evaluate = "/api/v1/eligibility/evaluate";
            given().auth().oauth2(clinician).contentType("application/json")
                    .body("{\"patient\":" + fhirBundle("Bundle") + ",\"trialKey\":\"" + TRIAL + "\"}")
                    .when().post(evaluate).then().statusCode(200);
            expectError(given().auth().oauth2(clinician).when().get("/api/v1/patients/" + PID + "/matches?verdict=" + FAMILY), 400);
            expectError(given().auth().oauth2(clinician).when().get("/api/v1/patients/" + PID + "/matches?limit=" + BIRTH), 400);
            expectError(given().when().get("/api/v1/patients/" + PID + "/matches"), 401);
            expectError(given().header("Authorization", "Bearer " + MRN).when().get("/api/v1/patients/" + PID + "/matches"), 401);
            expectError(given().auth().oauth2(TestTokens.withRoles("reader")).when().get("/api/v1/patients/" + PID + "/matches"), 403);
            expectError(given().auth().oauth2(clinician).when().get("/api/v1/patients/" + PID + "/summary"), 404);
            expectError(given().auth().oauth2(clinician).when().get("/api/v1/patients/" + PID + "x".repeat(200) + "/matches"), 400);
            expectError(given().auth().oauth2(clinician).contentType("application/json")
                    .body("{\"patient\":" + fhirBundle("Bundle") + ",\"trialKey\":\"NCT00000000\"}").when().post(evaluate), 404);
            expectError(given().auth().oauth2(clinician).contentType("application/json")
                    .body("{\"patient\":" + fhirBundle("Encounter") + ",\"trialKey\":\"" + TRIAL + "\"}").when().post(evaluate), 422);
            expectError(given().auth().oauth2(clinician).contentType("application/json")
                    .body("{\"patient\":" + nativeEvent(PID, "Zq7-" + BIRTH, "FACTS") + ",\"trialKey\":\"" + TRIAL + "\"}").when().post(evaluate), 422);
            expectError(given().auth().oauth2(clinician).contentType("application/json")
                    .body("{\"patient\":" + fhirBundle("Bundle") + ",\"trial\":{\"eligibility\":\"" + MRN + "\"}}").when().post(evaluate), 400);
            expectError(given().auth().oauth2(clinician).contentType("application/json")
                    .body("{\"patient\":" + fhirBundle("Bundle").substring(0, 500)).when().post(evaluate), 400);
            expectError(given().auth().oauth2(clinician).contentType("application/json")
                    .body("{\"patient\":\"" + FAMILY + "\",\"trialKey\":{\"x\":\"" + MRN + "\"}}").when().post(evaluate), 400);
            expectError(given().auth().oauth2(clinician).contentType("application/json")
                    .body("{\"patient\":" + "[".repeat(100) + "\"" + MRN + "\"" + "]".repeat(100) + ",\"trialKey\":\"" + TRIAL + "\"}")
                    .when().post(evaluate), 400);
            expectError(given().auth().oauth2(clinician).contentType("application/xml")
                    .body("<Patient><name value=\"" + FAMILY + "\"/></Patient>").when().post(evaluate), 415);
            expectError(given().contentType("application/json").body("{\"patient\":" + fhirBundle("Bundle") + "}").when().post(evaluate), 401);

            // (a) the spans: HTTP and Kafka were traced, and none carries a marker
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                    .anySatisfy(s -> assertThat(s.getAttributes().get(AttributeKey.stringKey("http.route")))
                            .isEqualTo("/api/v1/patients/{patientId}/matches")));
            List<SpanData> finished = spans.getFinishedSpanItems();
            for (SpanData s : finished) {
                assertClean("span name", s.getName());
                s.getAttributes().forEach((k, v) -> assertClean("span " + s.getName() + " attribute " + k, String.valueOf(v)));
                for (EventData e : s.getEvents()) {
                    assertClean("span event name", e.getName());
                    e.getAttributes().forEach((k, v) -> assertClean("span " + s.getName() + " event attribute " + k, String.valueOf(v)));
                }
                assertClean("span status", s.getStatus().getDescription());
            }
            assertThat(finished).as("spans: %s", finished.stream().map(SpanData::getName).distinct().toList())
                    .anyMatch(s -> s.getName().contains(Topics.PATIENT_EVENTS) || Topics.PATIENT_EVENTS.equals(
                            s.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))));

            // (b) the metrics
            assertClean("/q/metrics", given().when().get("/q/metrics").then().statusCode(200).extract().asString());

            // (c) dead-letter keys and headers
            List<ConsumerRecord<String, String>> dead = kafka.seen().stream().filter(r -> r.topic().equals(DLQ)).toList();
            assertThat(dead).hasSizeGreaterThanOrEqualTo(expectedReasons.size());
            for (ConsumerRecord<String, String> r : dead) {
                assertThat(r.key()).as("a DLQ key is the input key (the pseudonymous id) or absent").isIn(PID, null);
                for (Header h : r.headers()) {
                    assertClean("DLQ header " + h.key(), new String(h.value(), StandardCharsets.UTF_8));
                }
            }

            // (d) REST error bodies
            for (String body : errorBodies) {
                assertClean("REST error body", body);
            }
        }
        // (e) the log output of the whole run, DEBUG included
        String logs = LOGS.text();
        assertThat(logs).as("the capture sees io.trialstream DEBUG records").contains("leak-probe debug record");
        assertClean("log output", logs);
    }

    static void assertClean(String where, String text) {
        if (text == null) {
            return;
        }
        for (String marker : MARKERS) {
            assertThat(text.contains(marker)).as("%s contains patient marker '%s':%n%s", where, marker, excerpt(text, marker)).isFalse();
        }
    }

    static String excerpt(String text, String marker) {
        int i = text.indexOf(marker);
        return i < 0 ? "" : text.substring(Math.max(0, i - 300), Math.min(text.length(), i + 300));
    }
}
