package io.trialstream.registry.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.registry.domain.TrialEntity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class TrialRepository implements PanacheRepositoryBase<TrialEntity, String> {

    /** By trial key, else by NCT id. */
    public Optional<TrialEntity> findByKeyOrNctId(String key) {
        return findByIdOptional(key).or(() -> find("nctId", key).firstResultOptional());
    }
}
