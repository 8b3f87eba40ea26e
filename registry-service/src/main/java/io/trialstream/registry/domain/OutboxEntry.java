package io.trialstream.registry.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A record to publish, written in the same transaction as the change it announces (by TrialBatchRepository and
 * RepublishService, with ids drawn from {@code outbox_seq}). SNAPSHOT: the version {@code refKey}/{@code refVersion}
 * (or {@code payload} as is, for rows written before V2). TOMBSTONE: a null value. CURRENT: the trial's state at send
 * time (republish). The relay reads these with JDBC (OutboxRepository.lockBatch); the entity serves counts.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry {
    public static final String SNAPSHOT = "SNAPSHOT";
    public static final String TOMBSTONE = "TOMBSTONE";
    public static final String CURRENT = "CURRENT";

    @Id
    public Long id;
    public String topic;
    @Column(name = "msg_key")
    public String key;
    @Column(name = "ce_type")
    public String ceType;
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    public String kind;
    @Column(name = "ref_key")
    public String refKey;
    @Column(name = "ref_version")
    public Long refVersion;
    @Column(name = "job_id")
    public UUID jobId;
}
