package io.trialstream.registry.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.trialstream.contracts.ContractJson;
import io.trialstream.registry.domain.TrialEntity;
import io.trialstream.registry.mapping.Json;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class TrialRepository implements PanacheRepositoryBase<TrialEntity, String> {

    /** One row of a search result. JSON parts are text, as stored. */
    public record Hit(String trialKey, long version, String briefTitle, String overallStatus, String phasesJson,
                      String studyType, String conditionsJson, String leadSponsor, String sex, String minimumAge,
                      String maximumAge, String lastUpdateDate, Instant updatedAt, Double rank) {
    }

    public record Page(long total, List<Hit> hits) {
    }

    /** By trial key, else by NCT id (a key that is an alias is resolved by the caller through TrialAliasRepository). */
    public Optional<TrialEntity> findByKeyOrNctId(String key) {
        return findByIdOptional(key).or(() -> find("nctId", key).firstResultOptional());
    }

    /** Keys of the trials that state this secondary id (any type), normalised as SearchColumns stores it. */
    @SuppressWarnings("unchecked")
    public List<String> keysBySecondaryId(String secondaryId) {
        ObjectNode facets = ContractJson.mapper().createObjectNode();
        facets.putArray("secondaryIds").add(secondaryId);
        return getEntityManager().createNativeQuery(
                        "SELECT trial_key FROM trial WHERE facets @> cast(?1 AS jsonb) ORDER BY trial_key LIMIT 20")
                .setParameter(1, Json.write(facets)).getResultList();
    }

    /** Trial keys after {@code afterKey} in key order: the republish walk. */
    public List<String> keysAfter(String afterKey, int limit) {
        return find(afterKey == null ? "select trialKey from TrialEntity order by trialKey"
                        : "select trialKey from TrialEntity where trialKey > ?1 order by trialKey",
                afterKey == null ? new Object[0] : new Object[]{afterKey})
                .project(String.class).page(0, limit).list();
    }

    @SuppressWarnings("unchecked")
    public Page search(TrialQuery q) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (q.condition() != null) {
            where.add("conditions_tsv @@ plainto_tsquery('english', ?" + add(params, q.condition()) + ")");
        }
        anyFacet(where, params, "conditionCodes", q.conditionCodes(), true);
        anyFacet(where, params, "status", q.statuses(), false);
        anyFacet(where, params, "phases", q.phases(), true);
        anyFacet(where, params, "studyType", q.studyTypes(), false);
        if (q.sex() != null) {
            ObjectNode f = ContractJson.mapper().createObjectNode();
            var sexes = f.putArray("sexes");
            if (q.sex().equals("ALL")) {
                sexes.add("FEMALE").add("MALE");
            } else {
                sexes.add(q.sex());
            }
            where.add("facets @> cast(?" + add(params, Json.write(f)) + " AS jsonb)");
        }
        if (q.age() != null) {
            int a = add(params, q.age());
            where.add("(min_age_years IS NULL OR min_age_years < ?" + a + " OR (min_age_years = ?" + a
                    + " AND coalesce(min_age_inclusive, true)))");
            where.add("(max_age_years IS NULL OR max_age_years > ?" + a + " OR (max_age_years = ?" + a
                    + " AND coalesce(max_age_inclusive, true)))");
        }
        if (q.country() != null || q.city() != null) {
            ObjectNode f = ContractJson.mapper().createObjectNode();
            ObjectNode site = f.putArray("sites").addObject();
            if (q.country() != null) {
                site.put("country", q.country());
            }
            if (q.city() != null) {
                site.put("city", q.city());
            }
            where.add("facets @> cast(?" + add(params, Json.write(f)) + " AS jsonb)");
        }
        if (q.sponsor() != null) {
            where.add("sponsor_tsv @@ plainto_tsquery('simple', ?" + add(params, q.sponsor()) + ")");
        }
        String rank = "NULL";
        if (q.text() != null) {
            int t = add(params, q.text());
            where.add("search_tsv @@ websearch_to_tsquery('english', ?" + t + ")");
            rank = "ts_rank(search_tsv, websearch_to_tsquery('english', ?" + t + "))";
        }
        if (q.updatedSince() != null) {
            where.add("updated_at >= ?" + add(params, q.updatedSince()));
        }
        String order = q.sort() == TrialQuery.Sort.RELEVANCE
                ? "rank DESC, trial_key"
                : q.sort().column + (q.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST")
                + (q.sort() == TrialQuery.Sort.TRIAL_KEY ? "" : ", trial_key");
        String sql = "SELECT trial_key, version, brief_title, overall_status, cast(record -> 'phases' AS text) AS phases, "
                + "record ->> 'studyType' AS study_type, cast(record -> 'conditions' AS text) AS conditions, "
                + "record -> 'sponsors' ->> 'lead' AS lead_sponsor, record -> 'eligibility' ->> 'sex' AS sex, "
                + "record -> 'eligibility' ->> 'minimumAge' AS minimum_age, "
                + "record -> 'eligibility' ->> 'maximumAge' AS maximum_age, last_update_date, updated_at, "
                + rank + " AS rank, count(*) OVER () AS total FROM trial"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + order + " LIMIT " + q.size() + " OFFSET " + ((long) q.page() * q.size());
        NativeQuery<Object[]> query = getEntityManager().createNativeQuery(sql).unwrap(NativeQuery.class);
        query.addScalar("trial_key", StandardBasicTypes.STRING)
                .addScalar("version", StandardBasicTypes.LONG)
                .addScalar("brief_title", StandardBasicTypes.STRING)
                .addScalar("overall_status", StandardBasicTypes.STRING)
                .addScalar("phases", StandardBasicTypes.STRING)
                .addScalar("study_type", StandardBasicTypes.STRING)
                .addScalar("conditions", StandardBasicTypes.STRING)
                .addScalar("lead_sponsor", StandardBasicTypes.STRING)
                .addScalar("sex", StandardBasicTypes.STRING)
                .addScalar("minimum_age", StandardBasicTypes.STRING)
                .addScalar("maximum_age", StandardBasicTypes.STRING)
                .addScalar("last_update_date", StandardBasicTypes.STRING)
                .addScalar("updated_at", StandardBasicTypes.INSTANT)
                .addScalar("rank", StandardBasicTypes.DOUBLE)
                .addScalar("total", StandardBasicTypes.LONG);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        List<Object[]> rows = query.getResultList();
        List<Hit> hits = new ArrayList<>(rows.size());
        long total = 0;
        for (Object[] r : rows) {
            hits.add(new Hit((String) r[0], (Long) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                    (String) r[6], (String) r[7], (String) r[8], (String) r[9], (String) r[10], (String) r[11],
                    (Instant) r[12], (Double) r[13]));
            total = (Long) r[14];
        }
        if (rows.isEmpty() && q.page() > 0) {
            // past the last page: the window count is not available, count separately
            total = countMatching(where, params);
        }
        return new Page(total, hits);
    }

    private long countMatching(List<String> where, List<Object> params) {
        var query = getEntityManager().createNativeQuery("SELECT count(*) FROM trial"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)));
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return ((Number) query.getSingleResult()).longValue();
    }

    /** Any of the values, each as a containment of the facets document. */
    private static void anyFacet(List<String> where, List<Object> params, String field, List<String> values, boolean array) {
        if (values == null || values.isEmpty()) {
            return;
        }
        List<String> any = new ArrayList<>();
        for (String v : values) {
            ObjectNode f = ContractJson.mapper().createObjectNode();
            if (array) {
                f.putArray(field).add(v);
            } else {
                f.put(field, v);
            }
            any.add("facets @> cast(?" + add(params, Json.write(f)) + " AS jsonb)");
        }
        where.add("(" + String.join(" OR ", any) + ")");
    }

    private static int add(List<Object> params, Object value) {
        params.add(value);
        return params.size();
    }
}
