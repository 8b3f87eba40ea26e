package io.trialstream.ingest.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Topics;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.trialstream.ingest.parsing.CtgovV2ParserTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
class TrialIngestResourceTest {

    @Test
    void publishesTheParsedTrialKeyedByNctIdWithCloudEventsHeaders() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            given().contentType("application/json").body(fixture("ctgov-v2-study.json"))
                    .when().post("/api/v1/trials")
                    .then().statusCode(202)
                    .body("topic", equalTo(Topics.TRIALS_PARSED))
                    .body("trials[0].trialKey", equalTo("NCT09990001"));

            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> "NCT09990001".equals(r.key()));
            });
            ConsumerRecord<String, String> record = seen.stream().filter(r -> "NCT09990001".equals(r.key())).findFirst().orElseThrow();
            assertThat(header(record, "ce_type")).isEqualTo(CloudEventTypes.TRIAL_PARSED);
            assertThat(header(record, "ce_source")).isEqualTo(CloudEventTypes.SOURCE_INGEST);
            assertThat(header(record, "ce_subject")).isEqualTo("NCT09990001");
            assertThat(header(record, "ce_id")).isNotBlank();
            ParsedTrial parsed = ContractJson.mapper().readValue(record.value(), ParsedTrial.class);
            assertThat(parsed.trial().briefTitle()).startsWith("Venetoclax");
            assertThat(parsed.provenance().contentSha256()).hasSize(64);
        }
    }

    @Test
    void malformedJsonGets400WithAReason() {
        given().contentType("application/json").body("{\"protocolSection\": ")
                .when().post("/api/v1/trials")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_JSON"))
                .body("detail", containsString("ClinicalTrials.gov API v2"));
    }

    @Test
    void jsonThatIsNotAStudyGets422() {
        given().contentType("application/json").body("{\"name\": \"not a trial\"}")
                .when().post("/api/v1/trials")
                .then().statusCode(422)
                .body("code", equalTo("NOT_A_V2_STUDY"));
    }

    @Test
    void unsupportedMediaTypeGets415() {
        given().contentType("image/png").body(new byte[]{1, 2, 3})
                .when().post("/api/v1/trials")
                .then().statusCode(415);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/started").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/trials"));
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, String> consumer() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(Topics.TRIALS_PARSED));
        return c;
    }
}
