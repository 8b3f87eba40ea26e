package io.trialstream.ingest.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.CloudEventTypes;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.Topics;
import io.trialstream.ingest.parsing.TrialDocumentReaderTest;
import io.trialstream.ingest.parsing.page.ScrapedPageParserTest;
import io.trialstream.testsupport.TestTokens;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.trialstream.ingest.parsing.CtgovV2ParserTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
public class TrialIngestResourceTest {
    private static final String WRITER_TOKEN = TestTokens.withRoles("trial-writer");

    static io.restassured.specification.RequestSpecification asWriter() {
        return given().auth().oauth2(WRITER_TOKEN);
    }


    @Test
    void publishesTheParsedTrialKeyedByNctIdWithCloudEventsHeaders() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            asWriter().contentType("application/json").body(fixture("ctgov-v2-study.json"))
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
        asWriter().contentType("application/json").body("{\"protocolSection\": ")
                .when().post("/api/v1/trials")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_JSON"))
                .body("detail", containsString("ClinicalTrials.gov API v2"));
    }

    @Test
    void jsonThatIsNotAStudyGets422() {
        asWriter().contentType("application/json").body("{\"name\": \"not a trial\"}")
                .when().post("/api/v1/trials")
                .then().statusCode(422)
                .body("code", equalTo("NOT_A_V2_STUDY"));
    }

    @Test
    void unsupportedMediaTypeGets415NamingTheAcceptedTypes() {
        asWriter().contentType("image/png").body(new byte[]{1, 2, 3})
                .when().post("/api/v1/trials")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("detail", containsString("application/json"))
                .body("detail", containsString("text/xml"))
                .body("detail", containsString("text/html"));
    }

    @Test
    void publishesALegacyXmlRecordWithItsProvenance() throws Exception {
        byte[] xml = legacyXml("NCT09990121");
        try (KafkaConsumer<String, String> consumer = consumer()) {
            raw().contentType("text/xml").body(xml)
                    .when().post("/api/v1/trials?sourceUri=file:///bulk/NCT09990121.xml")
                    .then().statusCode(202)
                    .body("trials[0].trialKey", equalTo("NCT09990121"))
                    .body("trials[0].briefTitle", startsWith("Oral Decitabine"));
            ParsedTrial parsed = awaitRecord(consumer, "NCT09990121");
            assertThat(parsed.provenance().sourceFormat()).isEqualTo(Provenance.SourceFormat.CTGOV_LEGACY_XML);
            assertThat(parsed.provenance().parserVersion()).isEqualTo("ctgov-legacy-xml/1");
            assertThat(parsed.provenance().sourceUri()).isEqualTo("file:///bulk/NCT09990121.xml");
            assertThat(parsed.provenance().contentSha256()).isEqualTo(sha256(xml));
            assertThat(parsed.trial().phases()).containsExactly("PHASE1", "PHASE2");
            assertThat(parsed.trial().eligibility().sex()).isEqualTo("ALL");
        }
    }

    @Test
    void publishesAScrapedHtmlPageUnderItsContentFingerprint() throws Exception {
        byte[] html = ScrapedPageParserTest.fixture("patient-site.html").getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            String key = raw().contentType("text/html; charset=utf-8").body(html)
                    .when().post("/api/v1/trials")
                    .then().statusCode(202)
                    .body("trials[0].trialKey", startsWith("TS-"))
                    .body("trials[0].nctId", nullValue())
                    .extract().path("trials[0].trialKey");
            ParsedTrial parsed = awaitRecord(consumer, key);
            assertThat(parsed.provenance().sourceFormat()).isEqualTo(Provenance.SourceFormat.SCRAPED_PAGE);
            assertThat(parsed.provenance().parserVersion()).isEqualTo("scraped-page/patient-site/1");
            assertThat(parsed.trial().relatedTrials()).containsExactly("NCT09990202", "NCT09990299");
        }
    }

    @Test
    void theTextAndHtmlFormsOfAPageGetTheSameKey() throws Exception {
        String fromText = raw().contentType("text/plain; charset=utf-8")
                .body(ScrapedPageParserTest.fixture("registry-mirror.txt").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/trials/parse")
                .then().statusCode(200)
                .body("trials[0].provenance.sourceFormat", equalTo("SCRAPED_PAGE"))
                .extract().path("trials[0].trial.trialKey");
        String fromHtml = raw().contentType("application/octet-stream")
                .body(ScrapedPageParserTest.fixture("registry-mirror.html").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/trials/parse")
                .then().statusCode(200)
                .extract().path("trials[0].trial.trialKey");
        assertThat(fromText).startsWith("TS-").isEqualTo(fromHtml);
    }

    @Test
    void aGenericContentTypeIsReadByItsContent() throws Exception {
        raw().contentType("application/octet-stream").body(fixture("ctgov-v2-study.json").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/trials/parse")
                .then().statusCode(200)
                .body("trials[0].trial.trialKey", equalTo("NCT09990001"))
                .body("trials[0].provenance.sourceFormat", equalTo("CTGOV_V2_JSON"))
                .body("trials[0].provenance.parserVersion", equalTo("ctgov-v2/1"));
    }

    @Test
    void theDryRunAnswersWithTheRecordAndPublishesNothing() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            raw().contentType("application/xml").body(legacyXml("NCT09990177"))
                    .when().post("/api/v1/trials/parse")
                    .then().statusCode(200)
                    .body("trials[0].trial.trialKey", equalTo("NCT09990177"))
                    .body("trials[0].trial.eligibility.minimumAge", equalTo("60 Years"))
                    .body("trials[0].provenance.sourceFormat", equalTo("CTGOV_LEGACY_XML"));
            // a real publish after the dry run arrives; the dry-run key never does
            raw().contentType("application/xml").body(legacyXml("NCT09990178"))
                    .when().post("/api/v1/trials").then().statusCode(202);
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> "NCT09990178".equals(r.key()));
            });
            assertThat(seen).extracting(ConsumerRecord::key).doesNotContain("NCT09990177");
        }
    }

    @Test
    void aPageOfNoKnownLayoutGets422NamingTheLayouts() throws Exception {
        raw().contentType("text/plain").body(ScrapedPageParserTest.fixture("not-a-trial.txt").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/trials")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("UNRECOGNISED_PAGE"))
                .body("detail", containsString("Basic Information"));
    }

    @Test
    void everyHostileDocumentGetsA4xxAndTheServiceKeepsServing() throws Exception {
        int refused = 0;
        for (Object[] doc : TrialDocumentReaderTest.hostileDocuments()) {
            String type = (String) doc[2];
            if (type != null && type.contains("klingon") || ((byte[]) doc[1]).length > 15 * 1024 * 1024) {
                // the HTTP client refuses an unknown charset itself; bodies over the server's 20 MB limit are cut
                // off by the HTTP layer (413) and are read in full by the reader's unit test instead
                continue;
            }
            RequestSpecification request = raw().body((byte[]) doc[1]);
            request = request.contentType(type == null || type.isEmpty() ? "application/octet-stream" : type);
            int status = request.when().post("/api/v1/trials").then().extract().statusCode();
            assertThat(status).as((String) doc[0]).isBetween(400, 499);
            refused++;
        }
        assertThat(refused).isGreaterThanOrEqualTo(200);
        raw().contentType("text/xml").body(legacyXml("NCT09990179"))
                .when().post("/api/v1/trials/parse").then().statusCode(200);
        asWriter().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        asWriter().when().get("/q/health/ready").then().statusCode(200);
        asWriter().when().get("/q/health/live").then().statusCode(200);
        asWriter().when().get("/q/health/started").then().statusCode(200);
        asWriter().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        asWriter().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/trials"));
    }

    /** Bodies go out as the bytes given, without a charset the client would otherwise add to text types. */
    private static RequestSpecification raw() {
        return asWriter().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    private static byte[] legacyXml(String nctId) throws Exception {
        try (var in = TrialIngestResourceTest.class.getResourceAsStream("/fixtures/legacy-clinical-study.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NCT09990101", nctId)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static ParsedTrial awaitRecord(KafkaConsumer<String, String> consumer, String key) throws Exception {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(r -> key.equals(r.key()));
        });
        String value = seen.stream().filter(r -> key.equals(r.key())).reduce((a, b) -> b).orElseThrow().value();
        return ContractJson.mapper().readValue(value, ParsedTrial.class);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A consumer of trials.parsed.v1 from the start, in a group of its own (shared by the ingest tests). */
    public static KafkaConsumer<String, String> consumer() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(Topics.TRIALS_PARSED));
        return c;
    }
}
