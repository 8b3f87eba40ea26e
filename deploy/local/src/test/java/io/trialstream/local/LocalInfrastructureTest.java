package io.trialstream.local;

import io.trialstream.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalInfrastructureTest {

    @Test
    void startsRealKafkaAndPostgresAndStopsThemCleanly(@TempDir Path dir) throws Exception {
        int kafkaPort;
        int pgPort;
        try (LocalInfrastructure infra = LocalInfrastructure.start(dir, 0, 0, false)) {
            kafkaPort = Integer.parseInt(infra.bootstrapServers().substring(infra.bootstrapServers().lastIndexOf(':') + 1));
            pgPort = infra.postgres().port();

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.PATIENT_EVENTS, "p-1", "{\"hello\":1}")).get();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "smoke",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.PATIENT_EVENTS));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                int seen = 0;
                while (seen == 0 && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    seen += records.count();
                }
                assertThat(seen).isEqualTo(1);
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
                ConfigResource trials = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TRIALS);
                ConfigEntry policy = admin.describeConfigs(List.of(trials)).all().get().get(trials).get("cleanup.policy");
                assertThat(policy.value()).isEqualTo("compact");
            }
            try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password());
                 ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("17.");
                c.createStatement().execute("CREATE TABLE kept (id int)");
            }
            assertThat(Files.exists(dir.resolve("pg/main/data/postmaster.pid"))).isTrue();
        }
        assertThat(Files.exists(dir.resolve("pg/main/data/postmaster.pid"))).as("postmaster stopped").isFalse();
        assertThat(Ports.isFree(kafkaPort)).as("kafka port released").isTrue();
        assertThat(Ports.isFree(pgPort)).as("postgres port released").isTrue();

        // `./trialstream up` keeps its state: a restart on the same directory finds the record and the table
        try (LocalInfrastructure again = LocalInfrastructure.start(dir, 0, 0, false);
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "after-restart",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
             Connection c = DriverManager.getConnection(again.jdbcUrl(), again.username(), again.password())) {
            consumer.subscribe(List.of(Topics.PATIENT_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int seen = 0;
            while (seen == 0 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(500)).count();
            }
            assertThat(seen).as("record kept across restart").isEqualTo(1);
            assertThat(c.createStatement().executeQuery("SELECT count(*) FROM kept").next()).isTrue();
        }
    }
}
