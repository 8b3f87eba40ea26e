package io.trialstream.reliability;

import io.trialstream.local.Dirs;
import io.trialstream.local.EmbeddedPostgresServer;
import io.trialstream.local.LocalInfrastructure;
import io.trialstream.local.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The infrastructure a reliability test breaks: a Kafka broker in a child JVM (SIGKILL and restart on the same port
 * and log directory) and PostgreSQL (stopped and started again on the same port and data directory). Each test
 * class gets its own, so one test's damage cannot leak into another's.
 */
final class Cluster implements AutoCloseable {
    final Path workDir;
    final int kafkaPort;
    final int pgPort;
    private Process broker;
    private EmbeddedPostgresServer postgres;
    private boolean postgresRunning;

    private Cluster(Path workDir, int kafkaPort, int pgPort) {
        this.workDir = workDir;
        this.kafkaPort = kafkaPort;
        this.pgPort = pgPort;
    }

    static Cluster start(String name) throws Exception {
        Path dir = Path.of("target", "reliability", name).toAbsolutePath();
        Dirs.delete(dir);
        Files.createDirectories(dir);
        Cluster c = new Cluster(dir, Ports.freeForLater(), Ports.freeForLater());
        c.startPostgres();
        c.postgres.createDatabase(LocalInfrastructure.DATABASE);
        c.startBroker();
        LocalInfrastructure.createTopics(c.bootstrapServers());
        return c;
    }

    void startBroker() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ServiceProcess.java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), Integer.toString(kafkaPort), workDir.resolve("kafka").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("broker.log").toFile()));
        broker = pb.start();
        Process started = broker;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("broker exited with " + started.exitValue() + ", see " + workDir.resolve("broker.log"));
            }
            return brokerAnswers();
        });
    }

    /** SIGKILL: the broker gets no chance to flush, close its logs or hand over anything. */
    void killBroker() throws InterruptedException {
        broker.destroyForcibly();
        if (!broker.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker survived SIGKILL");
        }
    }

    private boolean brokerAnswers() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    void startPostgres() throws Exception {
        postgres = EmbeddedPostgresServer.start(pgPort, workDir.resolve("pg"), false);
        postgresRunning = true;
    }

    /** A fast shutdown (pg_ctl -m fast): connections are cut, the data directory stays for the restart. */
    void stopPostgres() throws Exception {
        postgresRunning = false;
        postgres.close();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + LocalInfrastructure.DATABASE;
    }

    String dbUser() {
        return EmbeddedPostgresServer.USER;
    }

    String dbPassword() {
        return EmbeddedPostgresServer.PASSWORD;
    }

    @Override
    public void close() throws Exception {
        try {
            if (broker != null && broker.isAlive()) {
                broker.destroy();
                if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor();
                }
            }
        } finally {
            if (postgresRunning) {
                postgres.close();
            }
        }
    }
}
