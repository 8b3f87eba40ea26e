package io.trialstream.matching.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.matching.domain.PatientEntity;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

@ApplicationScoped
public class PatientRepository implements PanacheRepositoryBase<PatientEntity, String> {

    /** A candidate patient's id and stored facts (JSON), read without managing entities (trials may touch 100k). */
    public record StoredFacts(String patientId, String facts) {
    }

    /**
     * Patients a trial could concern: sex compatible (or unknown), born inside the age window (or birth date
     * unknown), and, when the trial requires a condition, with one of its concepts/codes or no diagnosis at all.
     * Ages are bounded by birth dates so the birth-date index is used; the margins only ever admit more.
     */
    @SuppressWarnings("unchecked")
    public Stream<StoredFacts> candidatesFor(String trialSex, Double minAge, Double maxAge, Set<String> conditionKeys,
                                             LocalDate today) {
        LocalDate bornOnOrBefore = minAge == null ? LocalDate.of(9999, 12, 31) : today.minusDays((long) Math.floor(minAge * 365.25) - 2);
        LocalDate bornAfter = maxAge == null ? LocalDate.of(1, 1, 1) : today.minusDays((long) Math.ceil((maxAge + 1) * 365.25) + 2);
        boolean anySex = trialSex == null;
        // one query read through a cursor (fetch size): keyset pages would make PostgreSQL find and sort every
        // candidate again for each page
        Stream<Object[]> rows = getEntityManager().createNativeQuery("""
                        SELECT patient_id, CAST(facts AS text) FROM {h-schema}patient
                        WHERE NOT deleted
                          AND (birth_date IS NULL OR (birth_date <= :bornOnOrBefore AND birth_date > :bornAfter))
                          AND (:anySex OR sex IS NULL OR sex = :sex OR sex IN ('UNKNOWN', 'OTHER'))
                          AND (:anyCondition OR NOT has_conditions OR condition_keys && CAST(:keys AS text[]))
                        """)
                .setParameter("bornOnOrBefore", bornOnOrBefore)
                .setParameter("bornAfter", bornAfter)
                .setParameter("anySex", anySex)
                .setParameter("sex", anySex ? "ALL" : trialSex)
                .setParameter("anyCondition", conditionKeys.isEmpty())
                .setParameter("keys", IndexedTrialRepository.arrayLiteral(conditionKeys))
                .setHint("org.hibernate.fetchSize", 1000)
                .getResultStream();
        return rows.map(r -> new StoredFacts((String) r[0], (String) r[1]));
    }

    /** Patients born in [from, to]: whose age crossed a bound since the last ageing pass. */
    public List<String> bornBetween(LocalDate from, LocalDate to) {
        return find("select p.patientId from PatientEntity p where p.deleted = false and p.birthDate between ?1 and ?2", from, to)
                .project(String.class).list();
    }

    /** Patients with a time-bound fact that has gone stale since it was last evaluated. */
    public List<String> expiredBy(Instant now) {
        return find("select p.patientId from PatientEntity p where p.deleted = false and p.nextExpiry <= ?1", now)
                .project(String.class).list();
    }
}
