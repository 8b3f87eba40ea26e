package io.trialstream.local;

import io.trialstream.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Kafka + PostgreSQL for one local run or one test JVM, with the project's topics and database created. */
public final class LocalInfrastructure implements AutoCloseable {
    public static final String DATABASE = "trialstream";
    public static final List<String> SERVICES = List.of("ingest-service", "registry-service", "matching-service");

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;

    private LocalInfrastructure(EmbeddedKafka kafka, EmbeddedPostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * @param workDir  holds {@code kafka/} and {@code pg/<name>}; reused across runs when {@code ephemeral} is false
     * @param kafkaPort 0 for any free port
     * @param pgPort    0 for any free port
     */
    public static LocalInfrastructure start(Path workDir, int kafkaPort, int pgPort, boolean ephemeral) throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(pgPort, workDir.resolve("pg").resolve("main"), ephemeral);
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(kafkaPort, workDir.resolve("kafka"), ephemeral);
        } catch (Exception e) {
            pg.close();
            throw e;
        }
        LocalInfrastructure infra = new LocalInfrastructure(kafka, pg);
        pg.createDatabase(DATABASE);
        infra.createTopics();
        return infra;
    }

    /** The project's topics with their cleanup policies (the k8s KafkaTopic resources say the same for prod). */
    public static List<NewTopic> topics() {
        int partitions = 3;
        short rf = 1;
        return List.of(
                new NewTopic(Topics.TRIALS_PARSED, partitions, rf),
                // tombstones stay readable for 7 days so a consumer that was down for a week still sees a withdrawal
                new NewTopic(Topics.TRIALS, partitions, rf).configs(Map.of("cleanup.policy", "compact",
                        "delete.retention.ms", "604800000")),
                new NewTopic(Topics.PATIENT_EVENTS, partitions, rf),
                new NewTopic(Topics.MATCHES, partitions, rf),
                new NewTopic(Topics.deadLetter("ingest-service"), 1, rf),
                new NewTopic(Topics.deadLetter("registry-service"), 1, rf),
                new NewTopic(Topics.deadLetter("matching-service"), 1, rf));
    }

    private void createTopics() throws InterruptedException {
        createTopics(kafka.bootstrapServers());
    }

    /** Creates the project's topics on any broker; existing topics are left as they are. */
    public static void createTopics(String bootstrapServers) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (NewTopic topic : topics()) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic.name(), e.getCause());
                    }
                }
            }
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    public String username() {
        return EmbeddedPostgresServer.USER;
    }

    public String password() {
        return EmbeddedPostgresServer.PASSWORD;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    @Override
    public void close() throws Exception {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
