package io.trialstream.matching.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.trialstream.matching.messaging.OutboxRelay;
import io.trialstream.matching.repository.PatientRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Time changes eligibility without any event: a patient turns 18, a lab turns stale. Once a day (cron
 * {@code trialstream.matching.ageing.cron}) this pass re-evaluates the patients whose age crossed an age bound of an
 * open trial since the last pass, and those whose earliest time-bound fact went stale. Unchanged evaluations emit
 * nothing, so running it twice is harmless; the claim on {@code service_state} keeps replicas from doing the same
 * day's work twice.
 */
@ApplicationScoped
public class AgeingPass {
    private static final Logger LOG = Logger.getLogger(AgeingPass.class);
    static final String LAST_RUN = "ageing.last-run";

    private final MatchService service;
    private final PatientRepository patients;
    private final TimeSource time;
    private final OutboxRelay relay;

    public AgeingPass(MatchService service, PatientRepository patients, TimeSource time, OutboxRelay relay) {
        this.service = service;
        this.patients = patients;
        this.time = time;
        this.relay = relay;
    }

    @Scheduled(cron = "{trialstream.matching.ageing.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "ageing-pass")
    void scheduled() {
        run();
    }

    /** @return the number of match events written */
    public int run() {
        Instant now = time.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate since = QuarkusTransaction.requiringNew().call(() -> claim(today));
        if (since == null) {
            return 0; // another replica (or an earlier run) did today's pass
        }
        Set<String> ids = QuarkusTransaction.requiringNew().call(() -> {
            Set<String> out = new LinkedHashSet<>();
            for (double bound : bounds()) {
                // crossed bound B since `since`: born in (since - B, today - B], widened by two days either side
                LocalDate from = since.minusDays(Math.round(bound * 365.25) + 2);
                LocalDate to = today.minusDays(Math.round(bound * 365.25) - 2);
                out.addAll(patients.bornBetween(from, to));
            }
            out.addAll(patients.expiredBy(now));
            return out;
        });
        List<String> all = new ArrayList<>(ids);
        int n = 0;
        for (int i = 0; i < all.size(); i += 500) {
            n += service.reevaluatePatients(all.subList(i, Math.min(all.size(), i + 500)));
        }
        if (n > 0) {
            relay.wakeUp();
        }
        LOG.infof("ageing pass: %d patients re-evaluated, %d match events", all.size(), n);
        return n;
    }

    /** The date of the previous pass, after claiming today's; null if today's pass is already claimed. */
    private LocalDate claim(LocalDate today) {
        EntityManager em = patients.getEntityManager();
        em.createNativeQuery("INSERT INTO {h-schema}service_state (name, value, updated_at) VALUES (:n, :v, now()) ON CONFLICT (name) DO NOTHING")
                .setParameter("n", LAST_RUN).setParameter("v", today.minusDays(1).toString()).executeUpdate();
        String last = (String) em.createNativeQuery("SELECT value FROM {h-schema}service_state WHERE name = :n FOR UPDATE")
                .setParameter("n", LAST_RUN).getSingleResult();
        LocalDate lastRun = LocalDate.parse(last);
        if (!lastRun.isBefore(today)) {
            return null;
        }
        em.createNativeQuery("UPDATE {h-schema}service_state SET value = :v, updated_at = now() WHERE name = :n")
                .setParameter("n", LAST_RUN).setParameter("v", today.toString()).executeUpdate();
        return lastRun;
    }

    /** Every age bound of an open trial, as the age (years) at which a patient crosses it. */
    @SuppressWarnings("unchecked")
    private List<Double> bounds() {
        List<Object> rows = patients.getEntityManager().createNativeQuery(
                "SELECT DISTINCT min_age FROM {h-schema}trial WHERE open AND min_age IS NOT NULL "
                        + "UNION SELECT DISTINCT max_age + 1 FROM {h-schema}trial WHERE open AND max_age IS NOT NULL "
                        + "UNION SELECT DISTINCT max_age FROM {h-schema}trial WHERE open AND max_age IS NOT NULL").getResultList();
        return rows.stream().map(r -> ((Number) r).doubleValue()).toList();
    }
}
