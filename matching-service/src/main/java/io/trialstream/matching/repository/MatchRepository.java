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

    /** Current matches of a trial, best first: the trial's candidate patients. */
    public List<MatchEntity> activeForTrialRanked(String trialKey, String verdict, int limit) {
        String byVerdict = verdict == null ? "" : " and verdict = '" + verdict + "'"; // an enum name, never user text
        return find("trialKey = ?1 and active = true" + byVerdict
                + " order by case when verdict = 'ELIGIBLE' then 0 else 1 end, score desc, patientId", trialKey)
                .page(0, limit).list();
    }
}
