package io.trialstream.matching.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.matching.domain.PatientEntity;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;

@ApplicationScoped
public class PatientRepository implements PanacheRepositoryBase<PatientEntity, String> {

    /**
     * Patients a trial could concern: sex compatible (or unknown) and born inside the age window (or birth date
     * unknown). Ages are bounded by birth dates so the birth-date index is used.
     */
    public List<PatientEntity> candidatesFor(String trialSex, Double minAge, Double maxAge, LocalDate today) {
        LocalDate bornOnOrBefore = minAge == null ? LocalDate.of(9999, 12, 31) : today.minusDays((long) Math.floor(minAge * 365.25) - 2);
        LocalDate bornAfter = maxAge == null ? LocalDate.of(1, 1, 1) : today.minusDays((long) Math.ceil((maxAge + 1) * 365.25) + 2);
        boolean anySex = trialSex == null || "ALL".equals(trialSex);
        return list("(birthDate is null or (birthDate <= ?1 and birthDate > ?2)) and (?3 = true or sex is null or sex = ?4 or sex in ('UNKNOWN','OTHER'))",
                bornOnOrBefore, bornAfter, anySex, anySex ? "ALL" : trialSex);
    }
}
