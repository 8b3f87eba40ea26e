package io.trialstream.ingest.benchmark;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.ingest.parsing.LegacyXmlParser;
import io.trialstream.testsupport.TestTokens;
import io.trialstream.testsupport.TrialstreamTestResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest end to end (HTTP POST of a legacy XML record → parsed, criteria extracted, published to trials.parsed.v1,
 * 202 after the broker's acknowledgement) against a raw producer in the same run: the same number of records of the
 * same size (each record's parsed TrialRecord JSON), sent with acks=all and waited for one at a time by the same number
 * of client threads, to the same broker. Runs only on request (also through {@code -Pbenchmarks}):
 * <pre>
 * ./mvnw -B -o -pl ingest-service -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=IngestPublishBenchmark -Dbenchmark=true
 * </pre>
 * Prints figures and writes {@code target/ingest-publish-benchmark.txt}; asserts only that every request was accepted.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class IngestPublishBenchmark {
    static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    static final String TOPIC = "bench.ingest-raw-producer";
    static final int WARMUP_IMPORTS = Integer.getInteger("bench.warmup-imports", 10);

    @TestHTTPResource("/api/v1/trials")
    URL endpoint;

    @Test
    void ingestAgainstARawProducer() throws Exception {
        List<byte[]> docs = LegacyXmlRecords.loadOrSkip();
        LegacyXmlParser parser = new LegacyXmlParser();
        List<String> records = new ArrayList<>();
        for (byte[] d : docs) {
            for (TrialRecord r : parser.parse(d)) {
                records.add(ContractJson.mapper().writeValueAsString(r));
            }
        }
        String token = TestTokens.withRoles("trial-writer");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        StringBuilder report = new StringBuilder();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            // warm-up of both paths, then alternating measured rounds so machine noise hits both alike
            post(http, token, docs.subList(0, Math.min(500, docs.size())));
            send(producer, records.subList(0, Math.min(500, records.size())));
            for (int round = 1; round <= 3; round++) {
                double ingest = post(http, token, docs);
                double raw = send(producer, records);
                String line = String.format(java.util.Locale.ROOT, "round %d: ingest %.0f documents/s (%d legacy XML records, %d clients), "
                        + "raw producer %.0f records/s (same records as TrialRecord JSON, acks=all, %d threads), ratio %.3f",
                        round, ingest, docs.size(), CLIENTS, raw, CLIENTS, ingest / raw);
                System.out.println("[bench] " + line);
                report.append(line).append('\n');
            }
        }
        Files.writeString(Path.of("target", "ingest-publish-benchmark.txt"), report.toString());
    }

    /**
     * The bulk path: the same 2,826 records as files of one directory, imported by one {@code POST
     * /api/v1/bulk-imports} (parsed on every core, up to max-in-flight trials unacknowledged), against a raw producer
     * that sends the same records' ParsedTrial JSON the same way (asynchronously, acks=all, then flush).
     */
    @Test
    void bulkImportAgainstAPipelinedRawProducer() throws Exception {
        List<byte[]> docs = LegacyXmlRecords.loadOrSkip();
        Path dir = Path.of("target/bulk-roots/benchmark-legacy-xml").toAbsolutePath();
        Files.createDirectories(dir);
        for (int i = 0; i < docs.size(); i++) {
            Files.write(dir.resolve(String.format("%05d.xml", i)), docs.get(i));
        }
        io.trialstream.ingest.service.TrialIngestService service = new io.trialstream.ingest.service.TrialIngestService();
        List<String> records = new ArrayList<>();
        for (byte[] d : docs) {
            for (io.trialstream.contracts.ParsedTrial t : service.parse(d, "application/xml", null)) {
                records.add(ContractJson.mapper().writeValueAsString(t));
            }
        }
        String token = TestTokens.withRoles("trial-writer");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        StringBuilder report = new StringBuilder();
        long bytes = records.stream().mapToLong(r -> r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        report.append(String.format(java.util.Locale.ROOT, "%d records, %.1f MB of ParsedTrial JSON (%.1f kB each)%n",
                records.size(), bytes / 1e6, bytes / 1e3 / records.size()));
        // the raw producer is configured as ingest's trials-parsed channel is (application.properties)
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.BATCH_SIZE_CONFIG, "262144"),
                new StringSerializer(), new StringSerializer())) {
            // a long import runs warm: the first rounds (JIT compilation of the criteria rules) are not counted
            for (int w = 0; w < WARMUP_IMPORTS; w++) {
                bulk(http, token, dir, docs.size());
                pipelined(producer, records);
            }
            for (int round = 1; round <= 5; round++) {
                double[] ingest = bulk(http, token, dir, docs.size());
                double raw = pipelined(producer, records);
                String line = String.format(java.util.Locale.ROOT, "round %d: bulk import %.0f documents/s wall (service-side "
                        + "%.0f/s; %d legacy XML records, one directory), raw producer %.0f records/s (same records as "
                        + "ParsedTrial JSON, async sends, acks=all, flush), ratio %.3f", round, ingest[0], ingest[1],
                        docs.size(), raw, ingest[0] / raw);
                System.out.println("[bench] " + line);
                report.append(line).append('\n');
            }
        }
        System.out.print("[bench] " + report);
        Files.writeString(Path.of("target", "bulk-import-benchmark.txt"), report.toString());
    }

    /** @return {documents/s from the POST to COMPLETED, documents/s the service reports}; every document parsed */
    double[] bulk(HttpClient http, String token, Path dir, int expected) throws Exception {
        String base = endpoint.toString().replace("/api/v1/trials", "/api/v1/bulk-imports");
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"" + dir + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(202);
        String id = ContractJson.mapper().readTree(started.body()).path("id").asText();
        com.fasterxml.jackson.databind.JsonNode[] status = new com.fasterxml.jackson.databind.JsonNode[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(10))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
                    status[0] = ContractJson.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/" + id))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
                    return !status[0].path("state").asText().equals("RUNNING");
                });
        double wall = expected / ((System.nanoTime() - t0) / 1e9);
        assertThat(status[0].path("state").asText()).isEqualTo("COMPLETED");
        assertThat(status[0].path("parsed").asInt()).as("documents parsed").isEqualTo(expected);
        return new double[]{wall, status[0].path("documentsPerSecond").asDouble()};
    }

    /** @return records per second: every record sent without waiting, then flushed; every send acknowledged */
    double pipelined(KafkaProducer<String, String> producer, List<String> records) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            producer.send(new ProducerRecord<>(TOPIC, "k" + i, records.get(i)), (m, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        producer.flush();
        double rate = records.size() / ((System.nanoTime() - t0) / 1e9);
        assertThat(failure.get()).isNull();
        return rate;
    }

    /** @return documents per second; every one must be answered 202 */
    double post(HttpClient http, String token, List<byte[]> docs) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        long t0 = System.nanoTime();
        runClients(() -> {
            for (int i = next.getAndIncrement(); i < docs.size(); i = next.getAndIncrement()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.toString()))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "text/xml")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(docs.get(i))).build();
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                    accepted.incrementAndGet();
                }
            }
            return null;
        });
        double rate = docs.size() / ((System.nanoTime() - t0) / 1e9);
        assertThat(accepted.get()).as("documents accepted").isEqualTo(docs.size());
        return rate;
    }

    /** @return records per second, each waited for (as ingest waits for the acknowledgement before its 202) */
    double send(KafkaProducer<String, String> producer, List<String> records) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        runClients(() -> {
            for (int i = next.getAndIncrement(); i < records.size(); i = next.getAndIncrement()) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, records.get(i))).get();
            }
            return null;
        });
        return records.size() / ((System.nanoTime() - t0) / 1e9);
    }

    static void runClients(java.util.concurrent.Callable<Void> client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(pool.submit(client));
            }
            for (Future<Void> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
