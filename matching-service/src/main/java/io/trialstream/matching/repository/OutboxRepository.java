package io.trialstream.matching.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.matching.domain.OutboxEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    /** The oldest pending entries, locked so a second relay (another replica) skips them. */
    public List<OutboxEntry> lockBatch(int size) {
        return find("order by id").withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .page(0, size).list();
    }

    /** The topics pending entries go to (matches.v1 today); empty when nothing is pending. */
    public List<String> topics() {
        return getEntityManager().createQuery("select distinct o.topic from OutboxEntry o", String.class).getResultList();
    }

    public int deleteIds(Collection<Long> ids) {
        return (int) delete("id in ?1", ids);
    }
}
