package io.trialstream.registry.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.registry.domain.TrialAliasEntity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class TrialAliasRepository implements PanacheRepositoryBase<TrialAliasEntity, String> {

    /** The canonical key this key stands for, if it is an alias. */
    public Optional<String> canonicalKey(String alias) {
        return findByIdOptional(alias).map(a -> a.trialKey);
    }
}
