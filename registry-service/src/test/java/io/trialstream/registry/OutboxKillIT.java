package io.trialstream.registry;

import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Topics;
import io.trialstream.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the packaged registry-service (kill -9, no shutdown hooks, no flush) and checks that no accepted change is
 * lost on trials.v1. Runs the jar that {@code package} built as a child process against real Kafka and PostgreSQL,
 * configured only by environment variables, as deploy/local and Kubernetes run it.
 */
class OutboxKillIT {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static TestInfrastructure.Endpoints infra;

    final List<Process> started = new ArrayList<>();
    TopicProbe kafka;

    @BeforeAll
    static void infrastructure() {
        assertThat(JAR).as("the packaged service (mvn package runs before failsafe)").isRegularFile();
        infra = TestInfrastructure.get();
    }

    @BeforeEach
    void probe() {
        kafka = new TopicProbe(infra.bootstrapServers());
    }

    @AfterEach
    void stop() throws Exception {
        kafka.close();
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    @Test
    void changesCommittedButNotSentWhenTheProcessIsKilledAreSentAfterTheRestart() throws Exception {
        // relay off: every change is committed (trial, version, outbox row) and none is sent, which is exactly the
        // state of a process that dies between the database commit and the send
        Process first = start("commit-only", false);
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < 20; i++) {
            String key = String.format("NCT099908%02d", i);
            keys.add(key);
            send(TrialBuilder.registry(key).title("Kill test " + i).status("RECRUITING").lastUpdate("2025-01-01"));
            send(TrialBuilder.registry(key).title("Kill test " + i + ", amended").status("RECRUITING").lastUpdate("2025-02-01"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM registry.outbox WHERE msg_key LIKE 'NCT099908%'") == 40);
        assertThat(publishedKeys()).as("nothing of it reached trials.v1").doesNotContainAnyElementsOf(keys);

        assertThat(kill9(first)).isEqualTo(137);
        assertThat(count("SELECT count(*) FROM registry.outbox WHERE msg_key LIKE 'NCT099908%'")).isEqualTo(40);

        start("after-kill", true);
        kafka.awaitSeen(all -> keys.stream().allMatch(k -> versionsOf(k).contains(2L)));
        for (String k : keys) {
            assertThat(versionsOf(k)).as(k).containsExactly(1L, 2L);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM registry.outbox") == 0);
    }

    @Test
    void aKillAtAnyMomentUnderLoadLosesNoVersion() throws Exception {
        Process p = start("under-load", true);
        int trials = 1000;
        Set<String> keys = new LinkedHashSet<>();
        for (int v = 1; v <= 3; v++) {
            for (int i = 0; i < trials; i++) {
                String key = String.format("NCT0999%04d", 1000 + i);
                keys.add(key);
                TrialBuilder b = TrialBuilder.registry(key).title("Load " + i + " v" + v).status("RECRUITING").lastUpdate("2025-0" + v + "-01");
                kafka.producer.send(new ProducerRecord<>(Topics.TRIALS_PARSED, key, ContractJson.mapper().writeValueAsString(b.build())));
            }
        }
        kafka.producer.flush();
        // kill while the service is consuming, committing and publishing: a fifth of the way through
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> count("SELECT count(*) FROM registry.trial_version WHERE trial_key LIKE 'NCT09991%'") >= 3L * trials / 5);
        assertThat(kill9(p)).isEqualTo(137);
        long committed = count("SELECT count(*) FROM registry.trial_version WHERE trial_key LIKE 'NCT09991%'");
        long unsent = count("SELECT count(*) FROM registry.outbox WHERE msg_key LIKE 'NCT09991%'");
        System.out.printf("killed with %d of %d versions committed and %d of them not yet sent%n", committed, 3 * trials, unsent);

        start("after-kill-under-load", true);
        kafka.awaitSeen(all -> keys.stream().allMatch(k -> versionsOf(k).contains(3L)));
        for (String k : keys) {
            // exactly once and in order: after the restart the relay deletes the rows the killed process had already
            // published (PublishedOutboxIds) instead of sending them again
            assertThat(versionsOf(k)).as(k).containsExactly(1L, 2L, 3L);
        }
        assertThat(count("SELECT count(*) FROM registry.trial_version WHERE trial_key LIKE 'NCT09991%'"))
                .as("records redelivered after the kill made no extra version").isEqualTo(3L * trials);
    }

    List<Long> versionsOf(String key) {
        return kafka.of(key).stream().filter(r -> r.value() != null).map(r -> TopicProbe.trial(r).version()).toList();
    }

    Set<String> publishedKeys() {
        Set<String> keys = new LinkedHashSet<>();
        try (TopicProbe reader = new TopicProbe(infra.bootstrapServers())) {
            var tps = reader.consumer.partitionsFor(Topics.TRIALS).stream()
                    .map(pi -> new org.apache.kafka.common.TopicPartition(Topics.TRIALS, pi.partition())).toList();
            reader.consumer.unsubscribe();
            reader.consumer.assign(tps);
            reader.consumer.seekToBeginning(tps);
            Map<org.apache.kafka.common.TopicPartition, Long> end = reader.consumer.endOffsets(tps);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : reader.consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
                return end.entrySet().stream().allMatch(e -> reader.consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return keys;
    }

    void send(TrialBuilder b) throws Exception {
        kafka.producer.send(new ProducerRecord<>(Topics.TRIALS_PARSED, b.key,
                ContractJson.mapper().writeValueAsString(b.build()))).get();
    }

    Process start(String name, boolean relayEnabled) throws Exception {
        int port = io.trialstream.local.Ports.freeForLater();
        Path log = Path.of("target", "outbox-kill-it-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        // the prod profile defaults to SASL_SSL (a Strimzi KafkaUser); the test broker is plain, as in deploy/local
        env.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        env.put("QUARKUS_SHUTDOWN_DELAY", "0s"); // nothing routes here: a graceful stop need not wait for a load balancer
        env.put("TRIALSTREAM_OUTBOX_RELAY_ENABLED", Boolean.toString(relayEnabled));
        Process p = pb.start();
        started.add(p);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + ":\n" + tail(log));
            }
            try {
                return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return p;
    }

    /** SIGKILL: no shutdown hook, no graceful close of the consumer, producer or connections. */
    static int kill9(Process p) throws Exception {
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password());
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
