package io.trialstream.reliability;

import io.trialstream.contracts.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped (fast shutdown) while registry-service takes a stream of trial upserts, once per duration in
 * {@code reliability.outages} (CI: 30 s; -Preliability: 30 s and 120 s). Readiness must turn DOWN within 10 s of
 * the stop and UP within 10 s of the return; afterwards every upsert is stored exactly once (one version each), every
 * version is on trials.v1 exactly once, and nothing went to the DLQ, since an outage is not the record's fault.
 */
@Tag("fast")
class PostgresOutageIT {
    static final int UPSERTS = Integer.getInteger("reliability.trialUpserts", 2000);
    static final List<Duration> OUTAGES = Arrays.stream(System.getProperty("reliability.outages", "PT30S").split(","))
            .map(Duration::parse).toList();
    /** Upserts arrive for this long before, between and after the outages. */
    static final Duration LOAD = Duration.parse(System.getProperty("reliability.outageLoad", "PT20S"));

    @Test
    void anOutageLosesNothingDuplicatesNothingAndDeadLettersNothing() throws Exception {
        try (Cluster cluster = Cluster.start("pg-outage");
             Workload load = new Workload(cluster.bootstrapServers());
             KafkaAdmin kafka = new KafkaAdmin(cluster.bootstrapServers());
             ServiceProcess registry = ServiceProcess.start("registry-service", cluster, Map.of());
             TopicLedger trials = new TopicLedger(cluster.bootstrapServers(), Topics.TRIALS, "trialKey")) {
            Db db = new Db(cluster);
            long outageMillis = OUTAGES.stream().mapToLong(Duration::toMillis).sum();
            // pace the upserts so that they span every outage with some load before, between and after them
            long spanMillis = outageMillis + LOAD.toMillis() * (OUTAGES.size() + 1);
            Thread sender = new Thread(() -> {
                long start = System.currentTimeMillis();
                for (int j = 0; j < UPSERTS; j++) {
                    String key = Workload.trialKey(j / 2);
                    load.send(Topics.TRIALS_PARSED, key, Workload.parsedTrial(key, j % 2 + 1));
                    long due = start + spanMillis * (j + 1) / UPSERTS;
                    sleepUntil(due);
                }
                load.producer.flush();
            }, "sender");
            sender.start();

            List<String> outcomes = new ArrayList<>();
            for (Duration outage : OUTAGES) {
                TimeUnit.MILLISECONDS.sleep(LOAD.toMillis());
                long stopped = System.nanoTime();
                cluster.stopPostgres();
                double down = secondsUntil(registry, false, stopped, Duration.ofSeconds(60));
                sleepUntilNanos(stopped + outage.toNanos());
                long restarted = System.nanoTime();
                cluster.startPostgres();
                double up = secondsUntil(registry, true, restarted, Duration.ofSeconds(60));
                outcomes.add(String.format("%ds outage: readiness DOWN after %.1f s, UP %.1f s after the return",
                        outage.toSeconds(), down, up));
                assertThat(down).as("readiness DOWN after the stop (s)").isLessThanOrEqualTo(10.0);
                assertThat(up).as("readiness UP after the return (s)").isLessThanOrEqualTo(10.0);
            }
            sender.join();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && (db.count("SELECT count(*) FROM registry.trial_version") < UPSERTS
                    || db.count("SELECT count(*) FROM registry.outbox") != 0 || trials.timesSeen.size() < UPSERTS)) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
            TimeUnit.SECONDS.sleep(3);
            long versions = db.count("SELECT count(*) FROM registry.trial_version");
            long dead = kafka.records(Topics.deadLetter("registry-service"));
            Results.record("postgres-outage", String.format("%d upserts (%d acknowledged by the broker); %s; %d versions stored, %d published,"
                            + " %d duplicates on trials.v1, %d dead-lettered", UPSERTS, load.ackedRecords.get(), String.join("; ", outcomes),
                    versions, trials.timesSeen.size(), trials.duplicates(), dead));
            assertThat(versions).as("versions stored (one per upsert)").isEqualTo(UPSERTS);
            assertThat(trials.timesSeen).as("versions published on trials.v1").hasSize(UPSERTS);
            assertThat(trials.duplicates()).as("versions published twice").isZero();
            assertThat(dead).as("records dead-lettered for an outage").isZero();
        }
    }

    /** Seconds from {@code since} until readiness is UP ({@code up}) or not UP. */
    private static double secondsUntil(ServiceProcess s, boolean up, long since, Duration limit) throws InterruptedException {
        long deadline = since + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if ((s.readiness() == 200) == up) {
                return (System.nanoTime() - since) / 1e9;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return limit.toSeconds();
    }

    private static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleepUntilNanos(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
