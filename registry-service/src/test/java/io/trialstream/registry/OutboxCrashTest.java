package io.trialstream.registry;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.trialstream.contracts.Trial;
import io.trialstream.registry.messaging.OutboxRelay;
import io.trialstream.registry.messaging.RelayHooks;
import io.trialstream.registry.service.TrialStore;
import io.trialstream.testsupport.TrialstreamTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox's two crash windows, in process. The relay is disabled (trialstream.outbox.relay-enabled=false), so
 * the state "committed, not sent" is exactly what a process killed after the commit leaves behind; the test then
 * drives the relay by hand. OutboxKillIT does the same with a real kill -9 of the packaged service.
 */
@QuarkusTest
@QuarkusTestResource(TrialstreamTestResource.class)
@TestProfile(OutboxCrashTest.RelayDisabled.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxCrashTest {
    public static class RelayDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trialstream.outbox.relay-enabled", "false");
        }
    }

    @Inject
    TrialStore store;
    @Inject
    OutboxRelay relay;
    @Inject
    AgroalDataSource db;

    TopicProbe kafka;

    @BeforeEach
    void probe() {
        kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    @Order(1)
    void aCrashAfterTheSendBeforeTheDeleteSendsAgainAndTheVersionMakesTheRepeatHarmless() throws Exception {
        String key = "NCT09990701";
        store.accept(TrialBuilder.registry(key).title("Sent twice").status("RECRUITING").build());
        assertThat(pending(key)).isEqualTo(1);

        assertThatThrownBy(() -> RelayHooks.drainAndCrashAfterAcknowledged(relay)).isInstanceOf(RelayHooks.SimulatedCrash.class);
        assertThat(pending(key)).as("the delete was rolled back with the crash").isEqualTo(1);
        relay.drainBatch();
        assertThat(pending(key)).isZero();

        List<ConsumerRecord<String, String>> sent = kafka.awaitSeen(all -> kafka.of(key).size() >= 2);
        List<ConsumerRecord<String, String>> mine = kafka.of(key);
        assertThat(mine).hasSize(2);
        assertThat(mine.get(1).value()).isEqualTo(mine.get(0).value());
        assertThat(TopicProbe.header(mine.get(1), "ce_id")).isEqualTo(TopicProbe.header(mine.get(0), "ce_id"));
        // a consumer that follows docs/topics.md (keep the highest version, ignore version <= held) ends in one state
        Map<String, Long> held = new HashMap<>();
        int applied = 0;
        for (ConsumerRecord<String, String> r : sent) {
            Trial t = TopicProbe.trial(r);
            if (key.equals(r.key()) && t.version() > held.getOrDefault(key, 0L)) {
                held.put(key, t.version());
                applied++;
            }
        }
        assertThat(applied).isEqualTo(1);
        assertThat(held).containsEntry(key, 1L);
    }

    @Test
    @Order(2)
    void changesCommittedWhileNothingWasSentAllArriveInOrderOnceARelayRuns() throws Exception {
        String a = "NCT09990702";
        String b = "NCT09990703";
        store.acceptBatch(List.of(
                TrialBuilder.registry(a).title("A v1").status("RECRUITING").lastUpdate("2025-01-01").build(),
                TrialBuilder.registry(b).title("B v1").status("RECRUITING").lastUpdate("2025-01-01").build()));
        store.accept(TrialBuilder.registry(a).title("A v2").status("RECRUITING").lastUpdate("2025-02-01").build());
        store.accept(TrialBuilder.registry(b).title("B withdrawn").status("WITHDRAWN").lastUpdate("2025-02-01").build());
        assertThat(pending(a)).isEqualTo(2);
        assertThat(pending(b)).isEqualTo(2);

        RelayHooks.start(relay);
        relay.wakeUp();

        kafka.awaitEach(Set.of(a), r -> r.value() != null && TopicProbe.trial(r).version() == 2);
        kafka.awaitEach(Set.of(b), r -> r.value() == null);
        assertThat(kafka.of(a)).extracting(r -> TopicProbe.trial(r).version()).containsExactly(1L, 2L);
        assertThat(kafka.of(b)).extracting(r -> r.value() == null ? "tombstone" : "v" + TopicProbe.trial(r).version())
                .containsExactly("v1", "tombstone");
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(a) + pending(b) == 0);
    }

    long pending(String key) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE msg_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
