package io.trialstream.registry.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One run of {@code POST /api/v1/admin/republish}: walks the trials in key order, {@code batchSize} per
 * transaction, remembering the last key so any replica can continue it after a restart.
 */
@Entity
@Table(name = "republish_job")
public class RepublishJobEntity {
    /** Still enqueueing trials. */
    public static final String RUNNING = "RUNNING";
    /** Every trial enqueued; done once the relay has sent the job's last entry. */
    public static final String ENQUEUED = "ENQUEUED";

    @Id
    public UUID id;
    public String status;
    public long total;
    public long enqueued;
    @Column(name = "last_key")
    public String lastKey;
    @Column(name = "batch_size")
    public int batchSize;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
