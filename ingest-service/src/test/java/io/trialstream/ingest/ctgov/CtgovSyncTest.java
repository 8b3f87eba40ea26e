package io.trialstream.ingest.ctgov;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.trialstream.ingest.bulk.BulkImportTest;
import io.trialstream.testsupport.SharedData;
import io.trialstream.testsupport.TestTokens;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static io.trialstream.ingest.parsing.CtgovV2ParserTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The ClinicalTrials.gov sync against a local stub of the API v2 (paging, the updated-since filter, 429 and 503
 * retried, a 400 not retried, the request rate) and the real broker.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
@TestProfile(CtgovSyncTest.StubbedApi.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CtgovSyncTest {
    private static final String WRITER = TestTokens.withRoles("trial-writer");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static class StubbedApi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("trialstream.ingest.ctgov.base-url", CtgovStub.start() + "/api/v2",
                        "trialstream.ingest.ctgov.page-size", "10",
                        "trialstream.ingest.ctgov.requests-per-minute", "600",
                        "trialstream.ingest.ctgov.initial-backoff", "50ms",
                        "trialstream.ingest.ctgov.max-backoff", "2s",
                        "trialstream.ingest.ctgov.max-attempts", "4",
                        "trialstream.ingest.ctgov.initial-since", "2020-01-01",
                        "trialstream.ingest.state-dir", "target/ingest-state-ctgov-" + UUID.randomUUID());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    @Order(1)
    void pagesThroughTheChangedStudiesRetriesAndThenSyncsOnlyWhatChangedSince() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        int base = ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000);
        ArrayNode studies = JSON.createArrayNode();
        Set<String> older = new TreeSet<>();
        Set<String> recent = new TreeSet<>();
        for (int i = 0; i < 24; i++) {
            String id = String.format("NCT8%07d", base + i);
            String updated = i < 20 ? "2024-06-%02d".formatted(i + 1) : today;
            (i < 20 ? older : recent).add(id);
            studies.add(JSON.readTree(fixture("ctgov-v2-study.json").replace("NCT09990001", id)
                    .replace("\"2025-01-15\"", "\"" + updated + "\"")));
        }
        // a study the parser refuses: counted, and the sync goes on
        studies.add(JSON.readTree("{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT123\"}}}"));
        control("/control/studies", studies.toString());
        control("/control/fail?codes=429,503", "");

        Response first = startAndAwait(null);
        first.then().body("state", equalTo("COMPLETED"))
                .body("since", equalTo("2020-01-01"))
                .body("pages", equalTo(3))
                .body("totalCount", equalTo(25))
                .body("studies", equalTo(25))
                .body("published", equalTo(24))
                .body("failed", equalTo(1))
                .body("failuresByReason.BAD_NCT_ID", equalTo(1))
                .body("failures[0].document", equalTo("NCT123"))
                .body("retries", equalTo(2))
                .body("percent", equalTo(100.0f))
                .body("nextSince", equalTo(LocalDate.parse(today).minusDays(1).toString()));
        Set<String> all = new TreeSet<>(older);
        all.addAll(recent);
        BulkImportTest.awaitKeys(all);

        List<String> requests = requests();
        assertThat(requests).hasSize(5); // 429, 503, then 3 pages
        assertThat(requests).allSatisfy(r -> assertThat(r).contains("filter.advanced=AREA%5BLastUpdatePostDate%5DRANGE%5B2020-01-01%2CMAX%5D"));
        assertThat(requests.get(2)).doesNotContain("pageToken");
        assertThat(requests.get(3)).contains("pageToken=10");
        // 429 carried Retry-After: 1, so the second request came at least a second later; every start is >= 100 ms
        // after the one before (600 requests per minute)
        List<Long> at = requests.stream().map(r -> Long.parseLong(r.substring(0, r.indexOf(' ')))).toList();
        assertThat(at.get(1) - at.get(0)).isGreaterThanOrEqualTo(950);
        for (int i = 1; i < at.size(); i++) {
            assertThat(at.get(i) - at.get(i - 1)).isGreaterThanOrEqualTo(90);
        }

        // the next run starts from the stored watermark: only the recently updated studies come again
        Response second = startAndAwait(null);
        second.then().body("state", equalTo("COMPLETED"))
                .body("since", equalTo(LocalDate.parse(today).minusDays(1).toString()))
                .body("studies", equalTo(recent.size() + 1))
                .body("published", equalTo(recent.size()));
    }

    @Test
    @Order(2)
    void aRefusedQueryFailsTheRunWithoutRetriesAndKeepsTheWatermark() throws Exception {
        String before = given().auth().oauth2(WRITER).when().get("/api/v1/ctgov-sync").then().statusCode(200)
                .extract().path("nextSince");
        startAndAwait(CtgovStub.REFUSED_SINCE.toString()).then()
                .body("state", equalTo("FAILED"))
                .body("error", org.hamcrest.Matchers.startsWith("HTTP_400"))
                .body("retries", equalTo(0))
                .body("nextSince", equalTo(before));
        control("/control/fail?codes=503,503,503,503", "");
        startAndAwait("2020-01-01").then()
                .body("state", equalTo("FAILED"))
                .body("error", org.hamcrest.Matchers.startsWith("RETRIES_EXHAUSTED"))
                .body("retries", equalTo(3))
                .body("nextSince", equalTo(before));
        given().auth().oauth2(WRITER).when().post("/api/v1/ctgov-sync?since=yesterday").then().statusCode(400)
                .body("code", equalTo("INVALID_SINCE"));
        given().when().get("/api/v1/ctgov-sync").then().statusCode(401);
    }

    @Test
    @Order(3)
    void syncsEveryApiV2StudyOfTheSharedData() throws Exception {
        Path folder = SharedData.resolve("ctgov-v2-json-samples").orElse(null);
        assumeThat(folder).as("shared data beside the repository").isNotNull();
        List<JsonNode> studies = CtgovStub.studiesUnder(folder);
        ArrayNode body = JSON.createArrayNode();
        studies.forEach(body::add);
        control("/control/studies", body.toString());
        Response done = startAndAwait("1900-01-01");
        done.then().body("state", equalTo("COMPLETED"))
                .body("studies", equalTo(studies.size()))
                .body("failed", equalTo(0))
                .body("published", equalTo(studies.size()));
        Set<String> ids = new TreeSet<>();
        studies.forEach(s -> ids.add(s.path("protocolSection").path("identificationModule").path("nctId").asText()));
        BulkImportTest.awaitKeys(ids);
    }

    private static Response startAndAwait(String since) {
        given().auth().oauth2(WRITER).when().post("/api/v1/ctgov-sync" + (since == null ? "" : "?since=" + since))
                .then().statusCode(202).body("state", equalTo("RUNNING"));
        Response[] last = new Response[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().auth().oauth2(WRITER).when().get("/api/v1/ctgov-sync").then().statusCode(200).extract().response();
            return !"RUNNING".equals(last[0].path("state"));
        });
        return last[0];
    }

    private static String stub() {
        String base = ConfigProvider.getConfig().getValue("trialstream.ingest.ctgov.base-url", String.class);
        return base.substring(0, base.indexOf("/api/v2"));
    }

    private static void control(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stub() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
    }

    private static List<String> requests() throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(stub() + "/control/requests")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.isBlank() ? List.of() : new ArrayList<>(List.of(text.split("\n")));
    }
}
