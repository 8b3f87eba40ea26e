package io.trialstream.registry.repository;

import java.time.Instant;
import java.util.List;

/**
 * A validated trial search. Lists are alternatives (any of them matches); different filters must all match.
 * Text values are already normalised as the stored search columns are (see SearchColumns).
 */
public record TrialQuery(
        String condition,
        List<String> conditionCodes,
        List<String> statuses,
        List<String> phases,
        List<String> studyTypes,
        String sex,
        Double age,
        String country,
        String city,
        String sponsor,
        String text,
        Instant updatedSince,
        int page,
        int size,
        Sort sort,
        boolean descending) {

    public enum Sort {
        UPDATED_AT("updated_at"), LAST_UPDATE_DATE("last_update_date"), TRIAL_KEY("trial_key"),
        BRIEF_TITLE("brief_title"), RELEVANCE(null);

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }
}
