package io.trialstream.matching.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Stored facts of one pseudonymous patient ({@code facts}: the merged PatientFacts JSON), the patient side of the
 * candidate index, and the Kafka position of the last applied event.
 */
@Entity
@Table(name = "patient")
public class PatientEntity {
    @Id
    @Column(name = "patient_id")
    public String patientId;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    public String sex;
    @JdbcTypeCode(SqlTypes.JSON)
    public String facts;
    @Column(name = "last_event_id")
    public String lastEventId;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "condition_keys", columnDefinition = "text[]")
    public String[] conditionKeys = new String[0];
    @Column(name = "has_conditions")
    public boolean hasConditions;
    @Column(name = "last_partition")
    public Integer lastPartition;
    @Column(name = "last_offset")
    public Long lastOffset;
    @Column(name = "next_expiry")
    public Instant nextExpiry;
    public boolean deleted;
}
