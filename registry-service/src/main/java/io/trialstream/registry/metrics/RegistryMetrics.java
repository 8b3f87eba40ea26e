package io.trialstream.registry.metrics;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.trialstream.contracts.Topics;
import io.trialstream.registry.mapping.SearchColumns;
import io.trialstream.registry.service.TrialStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry's application metrics, on /q/metrics as {@code trialstream_records_total{topic,outcome}},
 * {@code trialstream_dlq_records_total{service,reason}}, {@code trialstream_trials{status}} and
 * {@code trialstream_outbox_pending}. Every label is a closed vocabulary (outcome, reason code, overallStatus),
 * never a trial key or free text.
 * <p>
 * The two gauges are counts in the database, shared by all replicas: each replica reports the same value, so a
 * dashboard takes their max, not their sum. They are refreshed on a schedule rather than at scrape time, so a
 * scrape never waits for the database.
 */
@ApplicationScoped
public class RegistryMetrics {
    private static final Logger LOG = Logger.getLogger(RegistryMetrics.class);
    static final String SERVICE = "registry-service";
    /** A status outside the ClinicalTrials.gov vocabulary (a scraped page's wording), or none. */
    static final String OTHER_STATUS = "OTHER";

    /** What became of a consumed record. */
    public enum RecordOutcome {
        /** Stored: a new trial, a new version, or a source that changed without changing the merged record. */
        ACCEPTED("accepted"),
        /** The source already said exactly this (redelivery, replay, repeated upload). */
        DUPLICATE("duplicate"),
        /** Older than what its source already said. */
        STALE("stale"),
        DEAD_LETTERED("dead-lettered");

        final String tag;

        RecordOutcome(String tag) {
            this.tag = tag;
        }

        static RecordOutcome of(TrialStore.Outcome o) {
            return switch (o) {
                case CREATED, UPDATED, SOURCE_RECORDED -> ACCEPTED;
                case UNCHANGED -> DUPLICATE;
                case STALE -> STALE;
            };
        }
    }

    private final MeterRegistry meters;
    private final AgroalDataSource db;
    private final Map<RecordOutcome, Counter> parsedRecords = new EnumMap<>(RecordOutcome.class);
    private final Map<String, AtomicLong> trialsByStatus = new HashMap<>();
    private final AtomicLong outboxPending = new AtomicLong();

    public RegistryMetrics(MeterRegistry meters, AgroalDataSource db) {
        this.meters = meters;
        this.db = db;
        for (RecordOutcome o : RecordOutcome.values()) {
            parsedRecords.put(o, Counter.builder("trialstream.records").description("Records consumed, by topic and outcome")
                    .tag("topic", Topics.TRIALS_PARSED).tag("outcome", o.tag).register(meters));
        }
        TreeSet<String> statuses = new TreeSet<>(SearchColumns.OVERALL_STATUSES);
        statuses.add(OTHER_STATUS);
        for (String s : statuses) {
            AtomicLong n = new AtomicLong();
            trialsByStatus.put(s, n);
            Gauge.builder("trialstream.trials", n, AtomicLong::get).description("Canonical trials, by overallStatus")
                    .tag("status", s).register(meters);
        }
        Gauge.builder("trialstream.outbox.pending", outboxPending, AtomicLong::get)
                .description("Outbox entries not yet acknowledged by the broker (trials.v1 backlog)").register(meters);
    }

    /** The outcomes of one committed poll. */
    public void stored(List<TrialStore.Outcome> outcomes) {
        Map<RecordOutcome, Integer> n = new EnumMap<>(RecordOutcome.class);
        outcomes.forEach(o -> n.merge(RecordOutcome.of(o), 1, Integer::sum));
        n.forEach((o, k) -> parsedRecords.get(o).increment(k));
    }

    public void stored(TrialStore.Outcome outcome) {
        parsedRecords.get(RecordOutcome.of(outcome)).increment();
    }

    /** @param reasonCode the record's {@code dead-letter-reason-code}, one of a fixed set of codes */
    public void deadLettered(String reasonCode) {
        parsedRecords.get(RecordOutcome.DEAD_LETTERED).increment();
        Counter.builder("trialstream.dlq.records").description("Records sent to a dead-letter topic, by reason code")
                .tag("service", SERVICE).tag("reason", reasonCode).register(meters).increment();
    }

    @Scheduled(every = "${trialstream.metrics.gauge-refresh:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            Map<String, Long> counts = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT overall_status, count(*) FROM trial GROUP BY overall_status")) {
                while (rs.next()) {
                    String status = rs.getString(1) == null ? OTHER_STATUS : SearchColumns.vocabulary(rs.getString(1));
                    counts.merge(trialsByStatus.containsKey(status) ? status : OTHER_STATUS, rs.getLong(2), Long::sum);
                }
            }
            trialsByStatus.forEach((s, n) -> n.set(counts.getOrDefault(s, 0L)));
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox")) {
                rs.next();
                outboxPending.set(rs.getLong(1));
            }
        } catch (SQLException | RuntimeException e) {
            // the gauges keep their last values; readiness reports the database itself
            LOG.debugf("metrics refresh skipped: %s", e.getClass().getSimpleName());
        }
    }
}
