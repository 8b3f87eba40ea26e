package io.trialstream.ingest.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Progress and summary of one bulk import, as {@code GET /api/v1/bulk-imports/{id}} answers it.
 *
 * @param state              RUNNING, COMPLETED, INTERRUPTED (stopped, cancelled or the broker unreachable; resumable)
 *                           or FAILED (the source cannot be read)
 * @param total              documents in the source (known once it has been listed)
 * @param processed          documents done: parsed and acknowledged by the broker, or failed
 * @param parsed             documents whose trials were all published
 * @param failed             documents refused, each with a reason code
 * @param trialsPublished    trial records acknowledged on trials.parsed.v1 (an API v2 array holds several)
 * @param documentsPerSecond rate of the current (or last) run
 * @param failuresByReason   failed documents per reason code
 * @param failures           the first failures, with the document's name and the reason
 */
public record BulkImportStatus(String id, String source, String state, String stateReason, int total, int processed,
                               int parsed, int failed, long trialsPublished, double percent, double documentsPerSecond,
                               int runs, Instant createdAt, Instant startedAt, Instant finishedAt,
                               Map<String, Integer> failuresByReason, List<Failure> failures) {

    public record Failure(String document, String reasonCode, String reason) {
    }
}
