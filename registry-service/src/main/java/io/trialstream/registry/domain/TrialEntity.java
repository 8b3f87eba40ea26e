package io.trialstream.registry.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** The current canonical state of one trial. {@code record} is the TrialRecord JSON. */
@Entity
@Table(name = "trial")
public class TrialEntity {
    @Id
    @Column(name = "trial_key")
    public String trialKey;
    public long version;
    @Column(name = "content_hash")
    public String contentHash;
    @Column(name = "nct_id")
    public String nctId;
    @Column(name = "overall_status")
    public String overallStatus;
    @Column(name = "brief_title")
    public String briefTitle;
    @JdbcTypeCode(SqlTypes.JSON)
    public String record;
    @JdbcTypeCode(SqlTypes.JSON)
    public String sources;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
