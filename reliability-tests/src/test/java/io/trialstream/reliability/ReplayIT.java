package io.trialstream.reliability;

import io.trialstream.contracts.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full replay: registry-service and matching-service process trials and patients to a steady state, stop, have
 * every consumer group rewound to offset 0 of every topic, and start again. When they have consumed everything a
 * second time, no row of either schema may differ and no record may have been added to trials.v1 or matches.v1.
 */
@Tag("fast")
class ReplayIT {
    static final int TRIALS = 5;
    static final int PATIENTS = Math.min(Integer.getInteger("reliability.events", 2000), 10_000) / 10;

    @Test
    void replayingEveryTopicFromOffsetZeroChangesNoRowAndEmitsNothing() throws Exception {
        try (Cluster cluster = Cluster.start("replay");
             Workload load = new Workload(cluster.bootstrapServers());
             KafkaAdmin kafka = new KafkaAdmin(cluster.bootstrapServers());
             ServiceProcess registry = ServiceProcess.start("registry-service", cluster, Map.of());
             ServiceProcess matching = ServiceProcess.start("matching-service", cluster, Map.of())) {
            Db db = new Db(cluster);
            for (int t = 0; t < TRIALS; t++) {
                for (int v = 1; v <= 2; v++) {
                    load.send(Topics.TRIALS_PARSED, Workload.trialKey(t), Workload.parsedTrial(Workload.trialKey(t), v));
                }
            }
            load.producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM matching.trial WHERE version = 2") == TRIALS);
            for (int i = 0; i < PATIENTS; i++) {
                String id = Workload.patientId("replay", i);
                load.send(Topics.PATIENT_EVENTS, id, Workload.patient(id, 1));
            }
            load.producer.flush();
            await().atMost(Duration.ofSeconds(180)).until(() -> db.count("SELECT count(*) FROM matching.match") == (long) TRIALS * PATIENTS
                    && settled(db, kafka));

            Map<String, String> registryRows = db.digest("registry");
            Map<String, String> matchingRows = db.digest("matching");
            long trials = kafka.records(Topics.TRIALS);
            long matches = kafka.records(Topics.MATCHES);

            ServiceProcess.stopAll(registry, matching);
            kafka.rewind("registry-service", Topics.TRIALS_PARSED);
            kafka.rewind("matching-service-trials", Topics.TRIALS);
            kafka.rewind("matching-service", Topics.PATIENT_EVENTS);
            long replayed = kafka.lag("registry-service", Topics.TRIALS_PARSED) + kafka.lag("matching-service-trials", Topics.TRIALS)
                    + kafka.lag("matching-service", Topics.PATIENT_EVENTS);
            registry.start();
            matching.start();
            await().atMost(Duration.ofSeconds(180)).until(() -> settled(db, kafka));
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true); // a deliberate quiet period: anything the replay wrongly emits has time to arrive

            Results.record("replay", String.format("%d trials (2 versions each), %d patients; %d records replayed: trials.v1 %d -> %d records,"
                    + " matches.v1 %d -> %d records; rows changed: registry %s, matching %s", TRIALS, PATIENTS, replayed, trials,
                    kafka.records(Topics.TRIALS), matches, kafka.records(Topics.MATCHES),
                    !registryRows.equals(db.digest("registry")), !matchingRows.equals(db.digest("matching"))));
            assertThat(replayed).isGreaterThan(0);
            assertThat(kafka.records(Topics.TRIALS)).as("trials.v1 records after the replay").isEqualTo(trials);
            assertThat(kafka.records(Topics.MATCHES)).as("matches.v1 records after the replay").isEqualTo(matches);
            assertThat(db.digest("registry")).as("registry rows").isEqualTo(registryRows);
            assertThat(db.digest("matching")).as("matching rows").isEqualTo(matchingRows);
        }
    }

    /** Every group has consumed to the end and both outboxes are empty. */
    private static boolean settled(Db db, KafkaAdmin kafka) throws Exception {
        return kafka.lag("registry-service", Topics.TRIALS_PARSED) == 0
                && kafka.lag("matching-service-trials", Topics.TRIALS) == 0
                && kafka.lag("matching-service", Topics.PATIENT_EVENTS) == 0
                && db.count("SELECT count(*) FROM registry.outbox") == 0
                && db.count("SELECT count(*) FROM matching.outbox") == 0;
    }
}
