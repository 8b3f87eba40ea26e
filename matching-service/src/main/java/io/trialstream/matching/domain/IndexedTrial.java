package io.trialstream.matching.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A trial as the matcher indexes it: open flag, sex and age bounds as columns, the record as JSON. */
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
}
