package io.trialstream.registry.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.registry.domain.TrialVersionEntity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class TrialVersionRepository implements PanacheRepositoryBase<TrialVersionEntity, TrialVersionEntity.Key> {

    public List<TrialVersionEntity> history(String trialKey) {
        return list("id.trialKey = ?1 order by id.version", trialKey);
    }

    public Optional<TrialVersionEntity> version(String trialKey, long version) {
        return findByIdOptional(new TrialVersionEntity.Key(trialKey, version));
    }
}
