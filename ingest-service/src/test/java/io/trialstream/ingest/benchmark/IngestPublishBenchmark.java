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
