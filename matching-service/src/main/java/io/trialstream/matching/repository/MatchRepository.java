package io.trialstream.matching.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.matching.domain.MatchEntity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class MatchRepository implements PanacheRepositoryBase<MatchEntity, String> {

    public List<MatchEntity> activeForPatient(String patientId) {
        return list("patientId = ?1 and active = true order by score desc, trialKey", patientId);
    }

    public List<MatchEntity> activeForTrial(String trialKey) {
        return list("trialKey = ?1 and active = true", trialKey);
    }
}
