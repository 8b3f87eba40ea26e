package io.trialstream.ingest.ctgov;

import io.trialstream.ingest.bulk.BulkImportStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The ClinicalTrials.gov sync: the current or last run, and where the next one starts.
 *
 * @param state       IDLE (never run), RUNNING, COMPLETED or FAILED
 * @param since       the run asked for studies last updated on or after this day (null: all)
 * @param nextSince   where the next run starts (the stored watermark)
 * @param totalCount  studies the API said match (first page), for the percentage
 * @param retries     requests repeated after a 429, a 5xx, a timeout or a connection failure
 */
public record CtgovSyncStatus(String state, String baseUrl, LocalDate since, LocalDate nextSince, Instant startedAt,
                              Instant finishedAt, int pages, Integer totalCount, int studies, int published, int failed,
                              double percent, int retries, String error,
                              Map<String, Integer> failuresByReason, List<BulkImportStatus.Failure> failures) {
}
