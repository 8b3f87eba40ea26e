package io.trialstream.registry.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.registry.domain.RepublishJobEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RepublishJobRepository implements PanacheRepositoryBase<RepublishJobEntity, UUID> {

    /** The oldest running job, locked; another replica advancing it at the same time skips it. */
    public Optional<RepublishJobEntity> lockNextRunning() {
        return find("status = ?1 order by createdAt", RepublishJobEntity.RUNNING)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .page(0, 1).firstResultOptional();
    }
}
