package io.trialstream.matching.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.trialstream.matching.repository.IndexedTrialRepository;
import io.trialstream.matching.repository.PatientRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's own metrics (Prometheus names on {@code /q/metrics}). Labels are fixed vocabularies only: topic,
 * outcome and reason code, never a patient id or trial key.
 * <ul>
 * <li>{@code trialstream_match_latency_seconds} (histogram): from the Kafka timestamp of a patients.events.v1 record
 * (the producer's create time unless the topic uses log-append time) to the commit of the transaction that wrote the
 * match events it caused to the outbox. Records that changed no match are not counted. Publication to matches.v1
 * follows from the outbox relay, normally within milliseconds.</li>
 * <li>{@code trialstream_evaluation_seconds} (histogram): one patient–trial evaluation (all criteria of one trial
 * against one patient's facts), for events, trial updates, the ageing pass and the REST evaluation alike.</li>
 * <li>{@code trialstream_dlq_records_total{topic,reason}}: records sent to dlq.matching-service.v1, by reason code.</li>
 * <li>{@code trialstream_records_total{topic,outcome}}: consumed records, outcome {@code processed} or
 * {@code dead_lettered}.</li>
 * <li>{@code trialstream_patients}, {@code trialstream_trials_indexed} (gauges): stored (not deleted) patients and
 * indexed trials, counted every {@code trialstream.metrics.gauge-refresh} (not per scrape).</li>
 * </ul>
 * Both histograms publish buckets, so Prometheus can compute any quantile across replicas.
 */
@ApplicationScoped
public class MatchingMetrics {
    public static final String PROCESSED = "processed";
    public static final String DEAD_LETTERED = "dead_lettered";
    private static final Logger LOG = Logger.getLogger(MatchingMetrics.class);

    private final MeterRegistry registry;
    private final PatientRepository patientRepository;
    private final IndexedTrialRepository trialRepository;
    private final Timer matchLatency;
    private final Timer evaluation;
    private final AtomicLong patients = new AtomicLong();
    private final AtomicLong trialsIndexed = new AtomicLong();

    public MatchingMetrics(MeterRegistry registry, PatientRepository patientRepository, IndexedTrialRepository trialRepository) {
        this.registry = registry;
        this.patientRepository = patientRepository;
        this.trialRepository = trialRepository;
        this.matchLatency = Timer.builder("trialstream.match.latency")
                .description("Patient event record timestamp to the commit of the match events it caused")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.evaluation = Timer.builder("trialstream.evaluation")
                .description("One patient evaluated against one trial")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        Gauge.builder("trialstream.patients", patients, AtomicLong::get)
                .description("Stored patients (not deleted), refreshed every trialstream.metrics.gauge-refresh")
                .register(registry);
        Gauge.builder("trialstream.trials.indexed", trialsIndexed, AtomicLong::get)
                .description("Trials in the matching index, refreshed every trialstream.metrics.gauge-refresh")
                .register(registry);
    }

    public void matchLatency(Duration latency) {
        matchLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    public void evaluation(long nanos) {
        evaluation.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void processed(String topic, int records) {
        if (records > 0) {
            Counter.builder("trialstream.records").description("Consumed records by outcome")
                    .tag("topic", topic).tag("outcome", PROCESSED).register(registry).increment(records);
        }
    }

    /** @param reasonCode a fixed reason code (never record content) */
    public void deadLettered(String topic, String reasonCode) {
        Counter.builder("trialstream.records").description("Consumed records by outcome")
                .tag("topic", topic).tag("outcome", DEAD_LETTERED).register(registry).increment();
        Counter.builder("trialstream.dlq.records").description("Records sent to the dead-letter topic, by reason code")
                .tag("topic", topic).tag("reason", reasonCode).register(registry).increment();
    }

    @Scheduled(every = "{trialstream.metrics.gauge-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "gauge-refresh")
    void refreshGauges() {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                patients.set(patientRepository.count("deleted = false"));
                trialsIndexed.set(trialRepository.count());
            });
        } catch (RuntimeException e) {
            // database unavailable: keep the last counts; readiness reports the outage
            LOG.debugf("gauge refresh skipped: %s", e.getClass().getSimpleName());
        }
    }
}
