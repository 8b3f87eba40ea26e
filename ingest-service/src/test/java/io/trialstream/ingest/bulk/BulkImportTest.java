package io.trialstream.ingest.bulk;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.testsupport.TestTokens;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static io.trialstream.ingest.parsing.CtgovV2ParserTest.fixture;
import static io.trialstream.ingest.rest.TrialIngestResourceTest.consumer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Bulk imports through the REST API, on the test resource's real broker. */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
public class BulkImportTest {
    private static final String WRITER = TestTokens.withRoles("trial-writer");
    private static final Path ROOTS = Path.of("target/bulk-roots").toAbsolutePath();

    @Inject
    BulkImports imports;

    /** Distinct NCT ids for this run (the broker is shared by the module's tests). */
    static final class Ids {
        private final int base = ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000);
        private int next;

        String next() {
            return String.format("NCT9%07d", base + next++);
        }
    }

    static String v2Study(String nctId) throws Exception {
        return fixture("ctgov-v2-study.json").replace("NCT09990001", nctId);
    }

    static String legacyXml(String nctId) throws Exception {
        return fixture("legacy-clinical-study.xml").replace("NCT09990101", nctId);
    }

    static Path newDir() throws Exception {
        return Files.createDirectories(ROOTS.resolve(UUID.randomUUID().toString()));
    }

    @Test
    void importsADirectoryOfMixedFormatsWithASummaryOfFailures() throws Exception {
        Ids ids = new Ids();
        Path dir = newDir();
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            String id = ids.next();
            expected.add(id);
            Files.writeString(dir.resolve("v2-" + i + ".json"), v2Study(id));
        }
        Files.createDirectories(dir.resolve("legacy/2023"));
        for (int i = 0; i < 20; i++) {
            String id = ids.next();
            expected.add(id);
            Files.writeString(dir.resolve("legacy/2023/" + id + ".xml"), legacyXml(id));
        }
        // an API v2 array of two studies is one document with two trials
        String a = ids.next();
        String b = ids.next();
        expected.add(a);
        expected.add(b);
        Files.writeString(dir.resolve("array.json"), "[" + v2Study(a) + "," + v2Study(b) + "]");
        Files.writeString(dir.resolve("page.html"), fixture("pages/registry-mirror.html"));
        Files.writeString(dir.resolve("truncated.json"), v2Study(ids.next()).substring(0, 200));
        Files.writeString(dir.resolve("empty.xml"), "");
        Files.write(dir.resolve("image.bin"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0, 1, 2, 3});
        Files.writeString(dir.resolve("not-a-trial.txt"), fixture("pages/not-a-trial.txt"));
        Files.writeString(dir.resolve(".DS_Store"), "skipped");

        String id = given().auth().oauth2(WRITER).contentType("application/json")
                .body(Map.of("path", dir.toString()))
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.containsString("/api/v1/bulk-imports/"))
                .body("state", equalTo("RUNNING"))
                .extract().path("id");
        Response done = awaitEnd(id);
        done.then().body("state", equalTo("COMPLETED"))
                .body("total", equalTo(46))
                .body("processed", equalTo(46))
                .body("parsed", equalTo(42))
                .body("failed", equalTo(4))
                .body("trialsPublished", equalTo(43))
                .body("percent", equalTo(100.0f))
                .body("failuresByReason.size()", equalTo(4))
                .body("failures.size()", equalTo(4));
        Map<String, Integer> reasons = done.path("failuresByReason");
        assertThat(reasons).containsEntry("EMPTY_BODY", 1).containsEntry("BINARY_CONTENT", 1);
        assertThat(reasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
        List<Map<String, String>> failures = done.path("failures");
        assertThat(failures).extracting(f -> f.get("document"))
                .containsExactlyInAnyOrder("empty.xml", "image.bin", "not-a-trial.txt", "truncated.json");
        assertThat(failures).allSatisfy(f -> assertThat(f.get("reason")).isNotBlank());
        assertThat(done.<Float>path("documentsPerSecond")).isPositive();

        Map<String, ParsedTrial> seen = awaitKeys(expected);
        assertThat(seen.get(a).provenance().sourceUri()).endsWith("/array.json");
        assertThat(seen.values()).allSatisfy(p -> assertThat(p.trial().eligibility()).isNotNull());
    }

    @Test
    void importsAnUploadedZipAndStopsAZipBombEntry() throws Exception {
        Ids ids = new Ids();
        Set<String> expected = new TreeSet<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 30; i++) {
                String id = ids.next();
                expected.add(id);
                zip.putNextEntry(new ZipEntry("studies/" + id + (i % 2 == 0 ? ".json" : ".xml")));
                zip.write((i % 2 == 0 ? v2Study(id) : legacyXml(id)).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("__MACOSX/studies/._x.json"));
            zip.write("resource fork".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            // 21 MiB of zeros compress to about 20 kB: past the per-document limit once inflated
            zip.putNextEntry(new ZipEntry("bomb.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 21; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        String id = given().auth().oauth2(WRITER).contentType("application/zip").body(bytes.toByteArray())
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(202).body("source", equalTo("uploaded zip archive"))
                .extract().path("id");
        awaitEnd(id).then().body("state", equalTo("COMPLETED"))
                .body("total", equalTo(31))
                .body("parsed", equalTo(30))
                .body("failed", equalTo(1))
                .body("failures[0].document", equalTo("bomb.json"))
                .body("failures[0].reasonCode", equalTo("DOCUMENT_TOO_LARGE"));
        Map<String, ParsedTrial> seen = awaitKeys(expected);
        assertThat(seen.values()).allSatisfy(p -> assertThat(p.provenance().sourceUri()).startsWith("jar:file:"));
        given().auth().oauth2(WRITER).when().get("/api/v1/bulk-imports")
                .then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void resumesAnImportWhereTheJournalOfAKilledProcessEnds() throws Exception {
        Ids ids = new Ids();
        Path dir = newDir();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String nct = ids.next();
            all.add(nct);
            Files.writeString(dir.resolve(nct + ".json"), v2Study(nct));
        }
        // what a process killed after 20 acknowledged documents leaves: job.json still RUNNING, 20 journal lines and
        // half of a 21st
        String jobId = UUID.randomUUID().toString();
        Path journal = Files.createDirectories(Path.of(ConfigProvider.getConfig().getValue("trialstream.ingest.state-dir", String.class))
                .toAbsolutePath().resolve("bulk-imports").resolve(jobId));
        Files.writeString(journal.resolve("job.json"), """
                {"id":"%s","source":"%s","createdAt":"2026-11-21T10:00:00Z","total":30,"runs":1,"state":"RUNNING"}"""
                .formatted(jobId, dir.toString().replace("\\", "\\\\")));
        StringBuilder lines = new StringBuilder();
        for (String nct : all.subList(0, 20)) {
            lines.append("{\"doc\":\"").append(nct).append(".json\",\"ok\":true,\"trials\":1}\n");
        }
        lines.append("{\"doc\":\"").append(all.get(20)).append(".js");
        Files.writeString(journal.resolve("progress.jsonl"), lines);

        try (KafkaConsumer<String, String> consumer = consumer()) {
            imports.adoptJournals(); // what start-up does
            Response done = awaitEnd(jobId);
            done.then().body("state", equalTo("COMPLETED"))
                    .body("total", equalTo(30))
                    .body("parsed", equalTo(30))
                    .body("failed", equalTo(0))
                    .body("runs", equalTo(2));
            Set<String> published = new TreeSet<>();
            Set<String> remaining = new TreeSet<>(all.subList(20, 30));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> published.add(r.key()));
                return published.containsAll(remaining);
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> published.add(r.key()));
            // only the documents the journal did not hold were sent again
            assertThat(published).containsAll(remaining).doesNotContainAnyElementsOf(all.subList(0, 20));
        }
    }

    @Test
    void aCancelledImportResumesAndEveryDocumentArrives() throws Exception {
        Ids ids = new Ids();
        Path dir = newDir();
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < 1_500; i++) {
            String nct = ids.next();
            expected.add(nct);
            Files.writeString(dir.resolve(nct + ".xml"), legacyXml(nct));
        }
        String id = given().auth().oauth2(WRITER).contentType("application/json").body(Map.of("path", dir.toString()))
                .when().post("/api/v1/bulk-imports").then().statusCode(202).extract().path("id");
        Response cancelled = given().auth().oauth2(WRITER).when().post("/api/v1/bulk-imports/" + id + "/cancel")
                .then().statusCode(200).extract().response();
        int before = cancelled.path("processed");
        if (cancelled.path("state").equals("INTERRUPTED")) {
            assertThat(before).isLessThan(1_500);
            given().auth().oauth2(WRITER).when().post("/api/v1/bulk-imports/" + id + "/resume")
                    .then().statusCode(202);
        } else {
            assertThat(cancelled.<String>path("state")).isEqualTo("COMPLETED"); // finished before the cancel arrived
        }
        awaitEnd(id).then().body("state", equalTo("COMPLETED")).body("processed", equalTo(1_500))
                .body("parsed", equalTo(1_500));
        given().auth().oauth2(WRITER).when().post("/api/v1/bulk-imports/" + id + "/resume")
                .then().statusCode(409).body("code", equalTo("IMPORT_COMPLETED"));
        awaitKeys(expected);
    }

    @Test
    void endedImportsOlderThanTheRetentionAreDeletedWithTheirJournals() throws Exception {
        Path jobs = Path.of(ConfigProvider.getConfig().getValue("trialstream.ingest.state-dir", String.class))
                .toAbsolutePath().resolve("bulk-imports");
        // seen from 2026-02-10 with the default 30-day retention: two imports ended 40 and 39 days before (deleted),
        // one the day before (kept)
        String old = endedJournal(jobs, "COMPLETED", "2026-01-01T00:00:00Z");
        String oldInterrupted = endedJournal(jobs, "INTERRUPTED", "2026-01-02T00:00:00Z");
        String recent = endedJournal(jobs, "FAILED", "2026-02-09T00:00:00Z");
        imports.adoptJournals();
        given().auth().oauth2(WRITER).when().get("/api/v1/bulk-imports/" + old).then().statusCode(200);

        assertThat(imports.pruneEnded(java.time.Instant.parse("2026-02-10T00:00:00Z"))).isEqualTo(2);

        for (String gone : List.of(old, oldInterrupted)) {
            given().auth().oauth2(WRITER).when().get("/api/v1/bulk-imports/" + gone).then().statusCode(404);
            assertThat(jobs.resolve(gone)).doesNotExist();
        }
        given().auth().oauth2(WRITER).when().get("/api/v1/bulk-imports/" + recent).then().statusCode(200)
                .body("state", equalTo("FAILED"));
        assertThat(jobs.resolve(recent).resolve("job.json")).exists();
    }

    private static String endedJournal(Path jobs, String state, String finishedAt) throws Exception {
        String id = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(jobs.resolve(id));
        Files.writeString(dir.resolve("job.json"), """
                {"id":"%s","source":"/nowhere/import-%s","createdAt":"2025-12-31T00:00:00Z","total":2,"runs":1,"state":"%s","finishedAt":"%s"}"""
                .formatted(id, id, state, finishedAt));
        Files.writeString(dir.resolve("progress.jsonl"), "{\"doc\":\"a.json\",\"ok\":true,\"trials\":1}\n");
        return id;
    }

    @Test
    void refusesWhatItMustNotRead() throws Exception {
        given().auth().oauth2(WRITER).contentType("application/json").body(Map.of("path", "/etc"))
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("PATH_NOT_ALLOWED"));
        given().auth().oauth2(WRITER).contentType("application/json").body(Map.of("path", ROOTS + "/../../pom.xml"))
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(403).body("code", equalTo("PATH_NOT_ALLOWED"));
        given().auth().oauth2(WRITER).contentType("application/json").body(Map.of("path", ROOTS.resolve("missing").toString()))
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(422).body("code", equalTo("PATH_NOT_FOUND"));
        Path notZip = Files.writeString(newDir().resolve("x.zip"), "not a zip");
        given().auth().oauth2(WRITER).contentType("application/json").body(Map.of("path", notZip.toString()))
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(422).body("code", equalTo("SOURCE_UNREADABLE"));
        Path outside = Files.createTempDirectory("outside");
        Path link = newDir().resolve("link");
        Files.createSymbolicLink(link, outside);
        given().auth().oauth2(WRITER).contentType("application/json").body(Map.of("path", link.toString()))
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(403).body("code", equalTo("PATH_NOT_ALLOWED"));
        given().auth().oauth2(WRITER).contentType("application/json").body("{\"directory\": \"/x\"}")
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(400).body("code", equalTo("PATH_REQUIRED"));
        given().auth().oauth2(WRITER).contentType("application/json").body("{")
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        given().auth().oauth2(WRITER).contentType("application/zip").body("PK but not a zip".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(422).body("code", equalTo("SOURCE_UNREADABLE"));
        given().auth().oauth2(WRITER).contentType("application/zip").body("hello".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(415).body("code", equalTo("NOT_A_ZIP_ARCHIVE"));
        given().auth().oauth2(WRITER).contentType("text/csv").body("a,b")
                .when().post("/api/v1/bulk-imports")
                .then().statusCode(415);
        given().auth().oauth2(WRITER).when().get("/api/v1/bulk-imports/nope").then().statusCode(404)
                .body("code", equalTo("IMPORT_NOT_FOUND"));
        given().when().get("/api/v1/bulk-imports").then().statusCode(401);
        given().auth().oauth2(TestTokens.withRoles("reader")).when().get("/api/v1/bulk-imports").then().statusCode(403);
    }

    static Response awaitEnd(String id) {
        Response[] last = new Response[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().auth().oauth2(WRITER).when().get("/api/v1/bulk-imports/" + id)
                    .then().statusCode(200).extract().response();
            return !"RUNNING".equals(last[0].path("state"));
        });
        return last[0];
    }

    public static Map<String, ParsedTrial> awaitKeys(Set<String> keys) {
        Map<String, ParsedTrial> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(r.key())) {
                        seen.put(r.key(), ContractJson.mapper().readValue(r.value(), ParsedTrial.class));
                    }
                }
                return seen.keySet().containsAll(keys);
            });
        }
        return seen;
    }

}
