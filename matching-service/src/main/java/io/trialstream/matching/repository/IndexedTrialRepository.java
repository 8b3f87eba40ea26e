package io.trialstream.matching.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.matching.domain.IndexedTrial;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class IndexedTrialRepository implements PanacheRepositoryBase<IndexedTrial, String> {

    /** Open trials whose sex and age columns admit the patient; unknown facts admit everything. */
    public List<IndexedTrial> candidatesFor(String sex, Double ageYears) {
        boolean sexKnown = "FEMALE".equals(sex) || "MALE".equals(sex);
        double age = ageYears == null ? 0 : ageYears;
        return list("open = true and (?1 = false or sex is null or sex = 'ALL' or sex = ?2) "
                        + "and (?3 = false or ((minAge is null or minAge <= ?4) and (maxAge is null or maxAge + 1 > ?4)))",
                sexKnown, sexKnown ? sex : "ALL", ageYears != null, age);
    }
}
