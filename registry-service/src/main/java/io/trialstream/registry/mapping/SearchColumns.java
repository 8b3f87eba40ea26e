package io.trialstream.registry.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trialstream.contracts.Concept;
import io.trialstream.contracts.ContractJson;
import io.trialstream.contracts.Criterion;
import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.domain.TrialIdentity;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The searchable projection of a canonical record, stored beside it in the trial row (see V2 migration). The
 * facets document is matched by JSON containment, so every value in it is normalised the same way the search
 * parameters are ({@link TrialIdentity#text} for names, upper case for vocabularies).
 */
public record SearchColumns(String facetsJson, Double minAgeYears, Boolean minAgeInclusive, Double maxAgeYears,
                            Boolean maxAgeInclusive, String lastUpdateDate) {
    /** overallStatus values of ClinicalTrials.gov API v2, as {@link #vocabulary} normalises them. */
    public static final Set<String> OVERALL_STATUSES = Set.of("ACTIVE_NOT_RECRUITING", "COMPLETED",
            "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING", "RECRUITING", "SUSPENDED", "TERMINATED", "WITHDRAWN",
            "AVAILABLE", "NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD",
            "UNKNOWN");

    public static SearchColumns of(TrialRecord r) {
        ObjectNode f = ContractJson.mapper().createObjectNode();
        if (r.overallStatus() != null) {
            f.put("status", vocabulary(r.overallStatus()));
        }
        if (r.phases() != null && !r.phases().isEmpty()) {
            ArrayNode phases = f.putArray("phases");
            r.phases().stream().filter(p -> p != null && !p.isBlank()).map(SearchColumns::vocabulary).distinct().forEach(phases::add);
        }
        if (r.studyType() != null) {
            f.put("studyType", vocabulary(r.studyType()));
        }
        Eligibility e = r.eligibility();
        ArrayNode sexes = f.putArray("sexes");
        String sex = e == null || e.sex() == null ? null : vocabulary(e.sex());
        // a trial that states no restriction is open to both; "ALL" and unknown values likewise (docs/topics.md)
        if (!Eligibility.SEX_MALE.equals(sex)) {
            sexes.add(Eligibility.SEX_FEMALE);
        }
        if (!Eligibility.SEX_FEMALE.equals(sex)) {
            sexes.add(Eligibility.SEX_MALE);
        }
        Set<String> codes = conditionCodes(e);
        if (!codes.isEmpty()) {
            ArrayNode a = f.putArray("conditionCodes");
            codes.forEach(a::add);
        }
        if (r.ids() != null && r.ids().secondaryIds() != null) {
            ArrayNode a = f.putArray("secondaryIds");
            r.ids().secondaryIds().stream().filter(s -> s != null && s.id() != null && !s.id().isBlank())
                    .map(s -> secondaryId(s.id())).distinct().forEach(a::add);
        }
        if (r.locations() != null && !r.locations().isEmpty()) {
            ArrayNode sites = f.putArray("sites");
            Set<String> seen = new LinkedHashSet<>();
            for (TrialRecord.Location l : r.locations()) {
                if (l == null) {
                    continue;
                }
                String country = TrialIdentity.text(l.country());
                String city = TrialIdentity.text(l.city());
                if ((country != null || city != null) && seen.add(country + "|" + city)) {
                    ObjectNode site = sites.addObject();
                    if (country != null) {
                        site.put("country", country);
                    }
                    if (city != null) {
                        site.put("city", city);
                    }
                }
            }
        }
        Eligibility.AgeBound min = e == null ? null : e.minimumAgeBound();
        Eligibility.AgeBound max = e == null ? null : e.maximumAgeBound();
        return new SearchColumns(Json.write(f),
                min == null ? null : min.years(), min == null ? null : min.inclusive(),
                max == null ? null : max.years(), max == null ? null : max.inclusive(),
                r.lastUpdateDate() == null ? null : r.lastUpdateDate().value());
    }

    /**
     * The codes a trial is "about": concepts of REQUIRED condition criteria, as bare code and as system|code. An
     * EXCLUDED condition (e.g. "no active HIV infection") is not what the trial studies, so it is left out.
     */
    static Set<String> conditionCodes(Eligibility e) {
        Set<String> codes = new LinkedHashSet<>();
        if (e == null || e.criteria() == null) {
            return codes;
        }
        for (Criterion c : e.criteria()) {
            if (c == null || c.kind() != Criterion.Kind.CONDITION || c.polarity() != Criterion.Polarity.REQUIRED
                    || c.concepts() == null) {
                continue;
            }
            for (Concept concept : c.concepts()) {
                if (concept == null || concept.code() == null || concept.code().isBlank()) {
                    continue;
                }
                codes.add(conditionCode(concept.code()));
                if (concept.system() != null) {
                    codes.add(concept.system().trim() + "|" + conditionCode(concept.code()));
                }
            }
        }
        return codes;
    }

    public static String vocabulary(String v) {
        return v.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
    }

    public static String conditionCode(String code) {
        return code.trim().toUpperCase(Locale.ROOT);
    }

    public static String secondaryId(String id) {
        return id.trim().toUpperCase(Locale.ROOT);
    }
}
