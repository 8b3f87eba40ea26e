package io.trialstream.matching.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.matching.domain.IndexedTrial;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

@ApplicationScoped
public class IndexedTrialRepository implements PanacheRepositoryBase<IndexedTrial, String> {

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
