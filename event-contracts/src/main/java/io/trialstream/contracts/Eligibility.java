package io.trialstream.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Who may enter a trial. Ages are kept as stated ({@code "18 Years"}, {@code "N/A"}) and as normalised inclusive
 * bounds in years ({@link AgeBound}); a null bound means no limit was stated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Eligibility(
        String sex,
        String minimumAge,
        String maximumAge,
        AgeBound minimumAgeBound,
        AgeBound maximumAgeBound,
        Boolean healthyVolunteers,
        List<CriterionItem> inclusion,
        List<CriterionItem> exclusion,
        List<Criterion> criteria) {

    /** Sex values of API v2. */
    public static final String SEX_ALL = "ALL";
    public static final String SEX_FEMALE = "FEMALE";
    public static final String SEX_MALE = "MALE";

    /** One inclusion or exclusion item, with an id that is stable across re-parses of the same text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CriterionItem(String id, String text) {
    }

    /** An inclusive age bound normalised to years (fractional for months/weeks/days). */
    public record AgeBound(double years, boolean inclusive) {
    }
}
