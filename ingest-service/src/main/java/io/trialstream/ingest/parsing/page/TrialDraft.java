package io.trialstream.ingest.parsing.page;

import io.trialstream.contracts.Eligibility;
import io.trialstream.contracts.Eligibility.AgeBound;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.ingest.parsing.AgeText;
import io.trialstream.ingest.parsing.EligibilityText;
import io.trialstream.ingest.parsing.StructuredCriteria;
import io.trialstream.ingest.parsing.TrialKeys;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a page has stated so far. Layout parsers fill it in as they recognise values; {@link #build} turns it into
 * the record, leaving every field the page did not state null.
 */
final class TrialDraft {
    String nctId;
    final List<TrialRecord.SecondaryId> secondaryIds = new ArrayList<>();
    final Set<String> aliases = new LinkedHashSet<>();
    String orgStudyId;
    String briefTitle;
    String officialTitle;
    String acronym;
    String briefSummary;
    String overallStatus;
    List<String> phases;
    String studyType;
    Integer enrollmentCount;
    String enrollmentType;
    TrialRecord.PartialDate startDate;
    TrialRecord.PartialDate completionDate;
    TrialRecord.PartialDate lastUpdateDate;
    final List<String> conditions = new ArrayList<>();
    final List<String> keywords = new ArrayList<>();
    final List<TrialRecord.Intervention> interventions = new ArrayList<>();
    final List<TrialRecord.Arm> arms = new ArrayList<>();
    String allocation;
    String interventionModel;
    String masking;
    String primaryPurpose;
    final List<String> primaryOutcomes = new ArrayList<>();
    final List<String> secondaryOutcomes = new ArrayList<>();
    String sex;
    String minimumAge;
    AgeBound minimumAgeBound;
    String maximumAge;
    AgeBound maximumAgeBound;
    Boolean healthyVolunteers;
    final List<String> inclusionLines = new ArrayList<>();
    final List<String> exclusionLines = new ArrayList<>();
    /** Criteria text that carries its own inclusion/exclusion headings (registry mirror). */
    final List<String> criteriaText = new ArrayList<>();
    String leadSponsor;
    final List<String> collaborators = new ArrayList<>();
    final List<String> investigators = new ArrayList<>();
    final List<TrialRecord.Location> locations = new ArrayList<>();
    final List<String> references = new ArrayList<>();

    TrialRecord build(List<String> pageLines) {
        EligibilityText.Split split = EligibilityText.split(criteria());
        if (minimumAge == null && maximumAge == null) {
            ageFromItems(split.inclusion());
        }
        boolean statesEligibility = sex != null || minimumAge != null || maximumAge != null || healthyVolunteers != null
                || !split.inclusion().isEmpty() || !split.exclusion().isEmpty();
        Eligibility eligibility = statesEligibility
                ? new Eligibility(sex, minimumAge, maximumAge, minimumAgeBound, maximumAgeBound, healthyVolunteers,
                split.inclusion(), split.exclusion(),
                StructuredCriteria.of(sex, minimumAgeBound, maximumAgeBound, split.inclusion(), split.exclusion()))
                : null;
        TrialRecord.Ids ids = nctId == null && secondaryIds.isEmpty() && orgStudyId == null ? null
                : new TrialRecord.Ids(nctId, nullIfEmpty(secondaryIds), orgStudyId);
        TrialRecord.Design design = allocation == null && interventionModel == null && masking == null && primaryPurpose == null
                ? null : new TrialRecord.Design(allocation, interventionModel, masking, primaryPurpose);
        TrialRecord.Outcomes outcomes = primaryOutcomes.isEmpty() && secondaryOutcomes.isEmpty() ? null
                : new TrialRecord.Outcomes(nullIfEmpty(primaryOutcomes), nullIfEmpty(secondaryOutcomes));
        TrialRecord.Sponsors sponsors = leadSponsor == null && collaborators.isEmpty() ? null
                : new TrialRecord.Sponsors(leadSponsor, nullIfEmpty(distinct(collaborators)));
        TrialRecord.Enrollment enrollment = enrollmentCount == null ? null
                : new TrialRecord.Enrollment(enrollmentCount, enrollmentType);
        TrialRecord record = new TrialRecord(null, ids, briefTitle, officialTitle, acronym, briefSummary, overallStatus,
                phases, studyType, enrollment, startDate, completionDate, lastUpdateDate,
                nullIfEmpty(distinct(conditions)), nullIfEmpty(distinct(keywords)), nullIfEmpty(interventions),
                nullIfEmpty(arms), design, outcomes, eligibility, sponsors, nullIfEmpty(distinct(investigators)),
                nullIfEmpty(locations), nullIfEmpty(references), relatedTrials(pageLines));
        return TrialKeys.withKey(record);
    }

    private String criteria() {
        if (!criteriaText.isEmpty()) {
            return String.join("\n", criteriaText);
        }
        if (inclusionLines.isEmpty() && exclusionLines.isEmpty()) {
            return null;
        }
        return "Inclusion Criteria:\n" + String.join("\n", inclusionLines)
                + "\nExclusion Criteria:\n" + String.join("\n", exclusionLines);
    }

    /**
     * A page without a structured age may state it as a criterion ("Be older than 18 years old", "Over 14 years old,
     * under 65 years old."). Only an inclusion item that states nothing but the age stands in for the field.
     */
    private void ageFromItems(List<Eligibility.CriterionItem> inclusion) {
        for (Eligibility.CriterionItem item : inclusion) {
            AgeText.Statement s = AgeText.statement(item.text(), false);
            if (s != null && s.onlyAge()) {
                minimumAge = s.minimumText();
                minimumAgeBound = s.minimum();
                maximumAge = s.maximumText();
                maximumAgeBound = s.maximum();
                return;
            }
        }
    }

    /** Every NCT id the page mentions that it does not state as this trial's own (or an alias of it). */
    private List<String> relatedTrials(List<String> pageLines) {
        Set<String> related = new LinkedHashSet<>();
        for (String line : pageLines) {
            related.addAll(NctIds.in(line));
        }
        if (nctId != null) {
            related.remove(nctId);
        }
        related.removeAll(aliases);
        return related.isEmpty() ? null : new ArrayList<>(related);
    }

    private static List<String> distinct(List<String> list) {
        return new ArrayList<>(new LinkedHashSet<>(list));
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
