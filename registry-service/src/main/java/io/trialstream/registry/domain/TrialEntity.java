package io.trialstream.registry.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * The current canonical state of one trial, merged from its sources. {@code record} is the TrialRecord JSON. Written
 * by TrialBatchRepository (JDBC) together with its search columns; read here.
 */
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
    /** Which of {@code sources} (by index) stated each field of the record: {@code {"briefTitle": 0, …}}. */
    @Column(name = "field_sources")
    @JdbcTypeCode(SqlTypes.JSON)
    public String fieldSources;
    @Column(name = "last_update_date")
    public String lastUpdateDate;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
