package io.trialstream.matching.evaluation;

import io.trialstream.contracts.PatientEvent;

import java.time.LocalDate;

/** What the matcher knows about one patient. Grows with the fact kinds the evaluator can use. */
public record PatientFacts(String patientId, LocalDate birthDate, PatientEvent.Sex sex) {
}
