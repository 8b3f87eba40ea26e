package io.trialstream.registry.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;

/** One accepted change of a trial; versions are never rewritten. */
@Entity
@Table(name = "trial_version")
public class TrialVersionEntity {
    @Embeddable
    public record Key(@Column(name = "trial_key") String trialKey, long version) implements Serializable {
    }

    @EmbeddedId
    public Key id;
    @Column(name = "content_hash")
    public String contentHash;
    @JdbcTypeCode(SqlTypes.JSON)
    public String record;
    @JdbcTypeCode(SqlTypes.JSON)
    public String source;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Keys of trials absorbed into this one by this version (their history stays under their own key). */
    @Column(name = "merged_from")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] mergedFrom;
}
