package io.trialstream.reliability;

import io.trialstream.contracts.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak (-Preliability only): patient events at {@code reliability.soakRate} per second for
 * {@code reliability.soakMinutes} (issue target: 1,000/s for 30 minutes). Every 30 s it samples the service's heap
 * right after a full GC (requested with jcmd) and the lag (patients sent but not yet matched).
 * Passes when nothing was dead-lettered or failed, the lag stayed bounded (below 30 s worth of events at the end of
 * the run and drained within 60 s), and the heap after GC in the last third of the run is at most 1.2 times the first
 * third's.
 */
@Tag("slow")
class SoakIT {
    static final int RATE = Integer.getInteger("reliability.soakRate", 1000);
    static final int MINUTES = Integer.getInteger("reliability.soakMinutes", 30);
    static final int TRIALS = 3;

    @Test
    void aSteadyStreamKeepsHeapFlatLagBoundedAndErrorsAtZero() throws Exception {
        try (Cluster cluster = Cluster.start("soak");
             Workload load = new Workload(cluster.bootstrapServers());
             KafkaAdmin kafka = new KafkaAdmin(cluster.bootstrapServers());
             ServiceProcess matching = ServiceProcess.start("matching-service", cluster, Map.of());
             TopicLedger matches = new TopicLedger(cluster.bootstrapServers(), Topics.MATCHES, "matchId")) {
            Db db = new Db(cluster);
            load.indexTrials(db, TRIALS);

            List<Double> heap = new ArrayList<>();
            List<Long> lag = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(MINUTES);
            long nextSample = start + TimeUnit.SECONDS.toNanos(30);
            int sent = 0;
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * RATE);
                while (sent < due) {
                    String id = Workload.patientId("soak", sent++);
                    load.send(Topics.PATIENT_EVENTS, id, Workload.patient(id, 1));
                }
                if (System.nanoTime() >= nextSample) {
                    heap.add(heapAfterGc(matching));
                    lag.add(sent - matches.keysWithAtLeast(TRIALS));
                    nextSample += TimeUnit.SECONDS.toNanos(30);
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
            load.producer.flush();
            long lagAtEnd = sent - matches.keysWithAtLeast(TRIALS);
            long drainDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (matches.keysWithAtLeast(TRIALS) < sent && System.nanoTime() < drainDeadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            long unmatched = sent - matches.keysWithAtLeast(TRIALS);
            long dead = kafka.records(Topics.deadLetter("matching-service"));
            int third = Math.max(1, heap.size() / 3);
            double early = heap.subList(0, third).stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double late = heap.subList(heap.size() - third, heap.size()).stream().mapToDouble(Double::doubleValue).average().orElse(0);
            Results.record("soak", String.format("%d events/s for %d min (%d events): heap after GC %.0f -> %.0f MiB (first/last third),"
                            + " lag samples %s, lag at end %d, unmatched 60 s later %d, %d dead-lettered, %d send failures", RATE, MINUTES, sent,
                    early / 1048576, late / 1048576, lag, lagAtEnd, unmatched, dead, load.failedSends.get()));
            assertThat(dead).isZero();
            assertThat(load.failedSends.get()).isZero();
            assertThat(lagAtEnd).as("lag at the end of the run (events)").isLessThanOrEqualTo(30L * RATE);
            assertThat(unmatched).as("events still unmatched 60 s after the end").isZero();
            assertThat(late).as("heap after GC, last third vs first third").isLessThanOrEqualTo(early * 1.2);
        }
    }

    /** Heap in use right after a full GC that jcmd asks the service for (Micrometer's jvm_memory_used_bytes, heap). */
    private static double heapAfterGc(ServiceProcess s) throws Exception {
        Process gc = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(s.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gc.waitFor(30, TimeUnit.SECONDS);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + s.port + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
