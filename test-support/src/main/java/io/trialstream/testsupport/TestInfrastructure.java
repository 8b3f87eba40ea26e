package io.trialstream.testsupport;

import io.trialstream.local.Dirs;
import io.trialstream.local.EmbeddedPostgresServer;
import io.trialstream.local.LocalInfrastructure;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Real Kafka and PostgreSQL for one test JVM, started once and shared by every test class in it.
 * {@code TEST_INFRA} (environment variable or system property {@code test.infra}) chooses: {@code containers}
 * (Testcontainers; needs a Docker daemon), {@code embedded} (Kafka KRaft and PostgreSQL binaries in this JVM) or
 * {@code auto} (containers when Docker answers, embedded otherwise; the default).
 */
public final class TestInfrastructure {
    public enum Mode { AUTO, CONTAINERS, EMBEDDED }

    public record Endpoints(String bootstrapServers, String jdbcUrl, String username, String password, String mode) {
    }

    private static Endpoints endpoints;

    private TestInfrastructure() {
    }

    public static synchronized Endpoints get() {
        if (endpoints == null) {
            endpoints = start(mode());
        }
        return endpoints;
    }

    static Mode mode() {
        String value = System.getProperty("test.infra", System.getenv("TEST_INFRA"));
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return Mode.AUTO;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TEST_INFRA must be auto, containers or embedded, not '" + value + "'");
        }
    }

    private static Endpoints start(Mode mode) {
        boolean containers = switch (mode) {
            case CONTAINERS -> true;
            case EMBEDDED -> false;
            case AUTO -> dockerAnswers();
        };
        try {
            return containers ? startContainers() : startEmbedded();
        } catch (Exception e) {
            throw new IllegalStateException("could not start test infrastructure (" + mode + ")", e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static Endpoints startEmbedded() throws Exception {
        // Each test JVM gets its own directory under a shared parent, so a later JVM can stop postmasters that a
        // killed one left behind (see EmbeddedPostgresServer).
        Path parent = Path.of(System.getProperty("java.io.tmpdir"), "trialstream-test-infra");
        Files.createDirectories(parent);
        reapDeadJvms(parent);
        Path dir = Files.createTempDirectory(parent, "jvm-");
        LocalInfrastructure infra = LocalInfrastructure.start(dir, 0, 0, true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                infra.close();
            } catch (Exception ignored) {
                // the JVM is exiting; the next run cleans up a stale postmaster
            }
        }, "test-infra-shutdown"));
        return new Endpoints(infra.bootstrapServers(), infra.jdbcUrl(), infra.username(), infra.password(), "embedded");
    }

    /** Stops the postmaster of every earlier test JVM that died without closing it, and deletes its files. */
    private static void reapDeadJvms(Path parent) throws java.io.IOException {
        try (var dirs = Files.newDirectoryStream(parent, "jvm-*")) {
            for (Path dir : dirs) {
                Path pg = dir.resolve("pg").resolve("main");
                if (Files.exists(pg.resolve("owner.pid")) && EmbeddedPostgresServer.ownerAlive(pg)) {
                    continue;
                }
                if (!Files.exists(pg.resolve("owner.pid")) && Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 120_000) {
                    continue; // a JVM that is still starting its infrastructure
                }
                EmbeddedPostgresServer.stopStalePostmasters(dir.resolve("pg"));
                Dirs.delete(dir);
            }
        }
    }

    private static Endpoints startContainers() throws Exception {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine")
                .withDatabaseName(LocalInfrastructure.DATABASE);
        kafka.start();
        postgres.start();
        LocalInfrastructure.createTopics(kafka.getBootstrapServers());
        return new Endpoints(kafka.getBootstrapServers(), postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword(), "containers");
    }
}
