package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The normalised trial, as a document states it. Field names follow ClinicalTrials.gov API v2 where one
 * exists. A field the document does not state is null (never invented); lists are empty or null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrialRecord(
        String trialKey,
        Ids ids,
        String briefTitle,
        String officialTitle,
        String acronym,
        String briefSummary,
        String overallStatus,
        List<String> phases,
        String studyType,
        Enrollment enrollment,
        PartialDate startDate,
        PartialDate completionDate,
        PartialDate lastUpdateDate,
        List<String> conditions,
        List<String> keywords,
        List<Intervention> interventions,
        List<Arm> arms,
        Design design,
        Outcomes outcomes,
        Eligibility eligibility,
        Sponsors sponsors,
        List<String> investigators,
        List<Location> locations,
        List<String> references,
        List<String> relatedTrials) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ids(String nctId, List<SecondaryId> secondaryIds, String orgStudyId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecondaryId(String type, String id) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Enrollment(Integer count, String type) {
    }

    /** A date with the precision the document stated: {@code 2021}, {@code 2021-03} or {@code 2021-03-15}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartialDate(String value, Precision precision) {
        public enum Precision { YEAR, MONTH, DAY }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Intervention(String type, String name, String description) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Arm(String label, String type, String description, List<String> interventionNames) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Design(String allocation, String interventionModel, String masking, String primaryPurpose) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcomes(List<String> primary, List<String> secondary) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sponsors(String lead, List<String> collaborators) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(String facility, String city, String state, String country, String status) {
    }
}
