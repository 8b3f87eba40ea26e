package io.trialstream.matching.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.matching.domain.IndexedTrial;
import io.trialstream.matching.evaluation.CandidateIndex;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

@ApplicationScoped
public class IndexedTrialRepository implements PanacheRepositoryBase<IndexedTrial, String> {

    /**
     * Open trials the patient is a candidate for: the SQL twin of {@link CandidateIndex#admits}. The GIN index on
     * {@code condition_keys} answers the overlap; sex and age bounds are plain columns.
     */
    @SuppressWarnings("unchecked")
    public List<String> candidateKeysFor(CandidateIndex.PatientKeys p, Double ageYears) {
        // Two branches instead of one OR, so each can use its own partial index: trials without a condition
        // restriction (btree), and trials whose condition keys overlap the patient's (GIN). A patient without any
        // diagnosis is a candidate for both kinds.
        String demographics = """
                  AND (CAST(:sex AS text) IS NULL OR sex IS NULL OR sex = CAST(:sex AS text))
                  AND (CAST(:age AS double precision) IS NULL
                       OR ((min_age IS NULL OR min_age <= CAST(:age AS double precision) + 1e-6)
                           AND (max_age IS NULL OR max_age + 1 > CAST(:age AS double precision))))
                """;
        String sql = "SELECT trial_key FROM {h-schema}trial WHERE open AND cardinality(condition_keys) = 0" + demographics
                + (p.hasConditions()
                ? " UNION ALL SELECT trial_key FROM {h-schema}trial WHERE open AND condition_keys && CAST(:keys AS text[])" + demographics
                : " UNION ALL SELECT trial_key FROM {h-schema}trial WHERE open AND cardinality(condition_keys) > 0" + demographics);
        var query = getEntityManager().createNativeQuery(sql)
                .setParameter("sex", p.sex())
                .setParameter("age", ageYears);
        if (p.hasConditions()) {
            query.setParameter("keys", arrayLiteral(p.conditionKeys()));
        }
        return query.getResultList();
    }

    /** Open trial keys: the naive scan the index is measured against. */
    @SuppressWarnings("unchecked")
    public List<String> openKeys() {
        return getEntityManager().createNativeQuery("SELECT trial_key FROM {h-schema}trial WHERE open").getResultList();
    }

    /** A PostgreSQL array literal; every element quoted, so codes with any character are safe. */
    public static String arrayLiteral(Collection<String> values) {
        return values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
