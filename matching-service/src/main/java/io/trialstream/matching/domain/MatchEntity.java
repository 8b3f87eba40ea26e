package io.trialstream.matching.domain;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.FetchType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The last published state of one patient–trial match; {@code fingerprint} detects real changes. */
@Entity
@Table(name = "match")
public class MatchEntity {
    @Id
    @Column(name = "match_id")
    public String matchId;
    @Column(name = "patient_id")
    public String patientId;
    @Column(name = "trial_key")
    public String trialKey;
    public long version;
    public boolean active;
    public String verdict;
    public double score;
    public String fingerprint;
    @Column(name = "trial_version")
    public long trialVersion;
    /**
     * The last published event (what the REST API explains). Lazy: matching reads thousands of match rows per batch
     * for their version and fingerprint only, and would otherwise read every row's event JSON too.
     */
    @Basic(fetch = FetchType.LAZY)
    public String payload;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
