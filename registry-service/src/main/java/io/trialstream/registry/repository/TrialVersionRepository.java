package io.trialstream.registry.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.registry.domain.TrialVersionEntity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class TrialVersionRepository implements PanacheRepositoryBase<TrialVersionEntity, TrialVersionEntity.Key> {

    public boolean hasSeen(String trialKey, String contentHash) {
        return count("id.trialKey = ?1 and contentHash = ?2", trialKey, contentHash) > 0;
    }

    public List<TrialVersionEntity> history(String trialKey) {
        return list("id.trialKey = ?1 order by id.version", trialKey);
    }
}
