package io.trialstream.registry.service;

import io.trialstream.contracts.Provenance;
import io.trialstream.contracts.TrialRecord;
import io.trialstream.registry.mapping.Json;

import java.time.Instant;
import java.util.Comparator;

/**
 * What one source currently says about a trial: the newest accepted record of that source (see
 * {@link TrialIdentity#sourceId}). The record text is loaded only when a merge needs it.
 */
final class SourceSlot {
    /** Merge priority, highest first: registry over scraped page, then the newer record, then the richer format. */
    static final Comparator<SourceSlot> MERGE_ORDER = Comparator
            .comparingInt((SourceSlot s) -> family(s.format)).reversed()
            .thenComparing((a, b) -> compareDates(b.lastUpdateDate, a.lastUpdateDate))
            .thenComparing(Comparator.comparingInt((SourceSlot s) -> formatRank(s.format)).reversed())
            .thenComparing((a, b) -> compareInstants(b.parsedAt, a.parsedAt))
            .thenComparing(s -> s.sourceId);

    final String sourceId;
    final Provenance.SourceFormat format;
    final String provenanceJson;
    final String recordHash;
    final String lastUpdateDate;
    final Instant parsedAt;
    String recordJson;
    TrialRecord record;
    /** As stored: the slot has no record of its own because it is the trial's canonical record. */
    boolean storedInCanonical;

    SourceSlot(String sourceId, Provenance.SourceFormat format, String provenanceJson, String recordHash,
               String lastUpdateDate, Instant parsedAt, String recordJson, TrialRecord record) {
        this.sourceId = sourceId;
        this.format = format;
        this.provenanceJson = provenanceJson;
        this.recordHash = recordHash;
        this.lastUpdateDate = lastUpdateDate;
        this.parsedAt = parsedAt;
        this.recordJson = recordJson;
        this.record = record;
    }

    TrialRecord record() {
        if (record == null) {
            if (recordJson == null) {
                throw new IllegalStateException("record of source " + sourceId + " not loaded");
            }
            record = Json.read(recordJson, TrialRecord.class);
        }
        return record;
    }

    Provenance provenance() {
        return provenanceJson == null ? new Provenance(format, null, null, null, null)
                : Json.read(provenanceJson, Provenance.class);
    }

    /**
     * Whether {@code incoming} (same source) replaces this one: a later {@code lastUpdateDate} wins; when the dates
     * do not decide, the later parse wins; a full tie goes to the greater record hash, so every delivery order ends
     * in the same state.
     */
    boolean isSupersededBy(SourceSlot incoming) {
        if (incoming.lastUpdateDate != null && lastUpdateDate != null) {
            int d = compareDates(incoming.lastUpdateDate, lastUpdateDate);
            if (d != 0) {
                return d > 0;
            }
        }
        int p = compareInstants(incoming.parsedAt, parsedAt);
        if (p != 0) {
            return p > 0;
        }
        return incoming.recordHash.compareTo(recordHash) > 0;
    }

    static int family(Provenance.SourceFormat f) {
        if (f == null) {
            return 0; // unknown format: lowest merge priority (docs/topics.md)
        }
        return switch (f) {
            case CTGOV_V2_JSON, CTGOV_LEGACY_XML -> 2;
            case SCRAPED_PAGE -> 1;
        };
    }

    static int formatRank(Provenance.SourceFormat f) {
        if (f == null) {
            return 0;
        }
        return switch (f) {
            case CTGOV_V2_JSON -> 2;
            case CTGOV_LEGACY_XML -> 1;
            case SCRAPED_PAGE -> 0;
        };
    }

    /** ISO partial dates ({@code 2021}, {@code 2021-03}, {@code 2021-03-15}) compared at their common precision; null is oldest. */
    static int compareDates(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int n = Math.min(a.length(), b.length());
        return Integer.signum(a.substring(0, n).compareTo(b.substring(0, n)));
    }

    static int compareInstants(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return Integer.signum(a.compareTo(b));
    }
}
