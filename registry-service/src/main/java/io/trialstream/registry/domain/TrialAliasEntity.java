package io.trialstream.registry.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Another key of a canonical trial: a scraped page's or registry id's key after it joined, or an absorbed key. */
@Entity
@Table(name = "trial_alias")
public class TrialAliasEntity {
    @Id
    public String alias;
    @Column(name = "trial_key")
    public String trialKey;
    @Column(name = "created_at")
    public Instant createdAt;
}
