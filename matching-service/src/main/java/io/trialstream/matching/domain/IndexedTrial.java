package io.trialstream.matching.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * A trial as the matcher indexes it: open flag, and the sex, age bounds and condition keys its criteria imply (see
 * CandidateIndex) as columns; the record as JSON.
 */
@Entity
@Table(name = "trial")
public class IndexedTrial {
    @Id
    @Column(name = "trial_key")
    public String trialKey;
    public long version;
    public boolean open;
    public String sex;
    @Column(name = "min_age")
    public Double minAge;
    @Column(name = "max_age")
    public Double maxAge;
    @JdbcTypeCode(SqlTypes.JSON)
    public String record;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Concepts and codes of one REQUIRED CONDITION criterion; empty = no condition restriction. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "condition_keys", columnDefinition = "text[]")
    public String[] conditionKeys = new String[0];
}
