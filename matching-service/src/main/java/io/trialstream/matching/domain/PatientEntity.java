package io.trialstream.matching.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;

/** Stored facts of one pseudonymous patient; {@code facts} holds the latest merged PatientEvent JSON. */
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
}
