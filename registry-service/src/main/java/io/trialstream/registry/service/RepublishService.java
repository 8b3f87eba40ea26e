package io.trialstream.registry.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.trialstream.registry.config.RepublishConfig;
import io.trialstream.registry.domain.RepublishJobEntity;
import io.trialstream.registry.messaging.OutboxRelay;
import io.trialstream.registry.repository.OutboxRepository;
import io.trialstream.registry.repository.RepublishJobRepository;
import io.trialstream.registry.repository.TrialBatchRepository;
import io.trialstream.registry.repository.TrialRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Re-emits the current state of every trial to trials.v1 (new consumers, repair) through the outbox, so the
 * republished records are ordered with live changes by the same relay. A job walks the trials in key order, one
 * bounded batch per transaction, and pauses while too many of its entries are still unsent; its position is in the
 * database, so a restart (or another replica) continues it.
 */
@ApplicationScoped
public class RepublishService {
    private static final Logger LOG = Logger.getLogger(RepublishService.class);

    /** A job's progress: {@code published} entries have been sent (acknowledged by the broker) so far. */
    public record Progress(UUID jobId, String status, long total, long enqueued, long published, Instant createdAt,
                           Instant updatedAt) {
    }

    public static final String COMPLETED = "COMPLETED";

    private final RepublishJobRepository jobs;
    private final TrialRepository trials;
    private final OutboxRepository outbox;
    private final TrialBatchRepository batches;
    private final OutboxRelay relay;
    private final RepublishConfig config;

    public RepublishService(RepublishJobRepository jobs, TrialRepository trials, OutboxRepository outbox,
                            TrialBatchRepository batches, OutboxRelay relay, RepublishConfig config) {
        this.jobs = jobs;
        this.trials = trials;
        this.outbox = outbox;
        this.batches = batches;
        this.relay = relay;
        this.config = config;
    }

    @Transactional
    public Progress start() {
        RepublishJobEntity job = new RepublishJobEntity();
        job.id = UUID.randomUUID();
        job.status = RepublishJobEntity.RUNNING;
        job.total = trials.count();
        job.batchSize = config.batchSize();
        job.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        job.updatedAt = job.createdAt;
        jobs.persist(job);
        LOG.infof("republish %s started for %d trials", job.id, job.total);
        return progress(job);
    }

    @Transactional
    public Optional<Progress> progress(UUID id) {
        return jobs.findByIdOptional(id).map(this::progress);
    }

    private Progress progress(RepublishJobEntity job) {
        long pending = outbox.pendingOf(job.id);
        long published = job.enqueued - pending;
        String status = RepublishJobEntity.ENQUEUED.equals(job.status) && pending == 0 ? COMPLETED : job.status;
        return new Progress(job.id, status, job.total, job.enqueued, published, job.createdAt, job.updatedAt);
    }

    @Scheduled(every = "${trialstream.republish.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void advanceJobs() {
        while (advanceOnce()) {
            relay.wakeUp();
        }
    }

    /** Enqueues the next batch of the oldest running job; false when there is nothing to do right now. */
    boolean advanceOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<RepublishJobEntity> next = jobs.lockNextRunning();
            if (next.isEmpty()) {
                return false;
            }
            RepublishJobEntity job = next.get();
            if (outbox.pendingOf(job.id) >= config.maxPending()) {
                return false; // the relay is behind: wait instead of filling the outbox
            }
            List<String> keys = trials.keysAfter(job.lastKey, job.batchSize);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            enqueue(keys, job.id, now);
            job.enqueued += keys.size();
            if (!keys.isEmpty()) {
                job.lastKey = keys.get(keys.size() - 1);
            }
            if (keys.size() < job.batchSize) {
                job.status = RepublishJobEntity.ENQUEUED;
                LOG.infof("republish %s: all %d trials enqueued", job.id, job.enqueued);
            }
            job.updatedAt = now;
            return !keys.isEmpty();
        });
    }

    private void enqueue(List<String> keys, UUID jobId, Instant now) {
        try (Connection c = batches.connection()) {
            batches.enqueueCurrent(c, keys, jobId, now);
        } catch (SQLException e) {
            throw new IllegalStateException("could not enqueue republish batch", e);
        }
    }
}
