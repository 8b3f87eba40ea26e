package io.trialstream.matching.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/** A record to publish, written in the same transaction as the change it announces. Null payload = tombstone. */
@Entity
@Table(name = "outbox")
public class OutboxEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_seq")
    @SequenceGenerator(name = "outbox_seq", sequenceName = "matching_outbox_seq", allocationSize = 50)
    public Long id;
    public String topic;
    @Column(name = "msg_key")
    public String key;
    @Column(name = "ce_type")
    public String ceType;
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
}
