package io.trialstream.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** {@code trialstream.ingest.*}: where ingest keeps its job state, bulk imports and the ClinicalTrials.gov sync. */
@ConfigMapping(prefix = "trialstream.ingest")
public interface IngestConfig {

    /**
     * Directory for the bulk-import journals and the sync watermark. Put it on a persistent volume: an import resumes
     * and a sync continues from what this directory remembers.
     */
    String stateDir();

    Bulk bulk();

    Ctgov ctgov();

    interface Bulk {
        /**
         * Server-side directories (and everything under them) that {@code POST /api/v1/bulk-imports {"path": …}} may
         * read. Absent: only uploaded zip archives are accepted.
         */
        Optional<List<String>> allowedRoots();

        /** Documents parsed at once; 0 means one per available processor. */
        @WithDefault("0")
        int parallelism();

        /** Trials sent and not yet acknowledged by the broker, per import (the sink accepts up to 1,024). */
        @WithDefault("512")
        int maxInFlight();

        /** Largest document in an import, after decompression (the same limit as one POSTed document). */
        @WithDefault("20971520")
        int maxEntryBytes();

        /** Imports at once; another one is refused with 429 until one ends. */
        @WithDefault("2")
        int maxActiveJobs();

        /** Resume, at start-up, the imports the previous process left running (killed or stopped mid-import). */
        @WithDefault("true")
        boolean resumeOnStart();

        /**
         * How long an ended import (completed, failed, or interrupted and not resumed) stays listed with its journal;
         * older ones are deleted at start-up and whenever an import starts.
         */
        @WithDefault("30d")
        Duration retention();
    }

    interface Ctgov {
        /** ClinicalTrials.gov API v2 base URL ({@code …/studies} is appended). */
        @WithDefault("https://clinicaltrials.gov/api/v2")
        URI baseUrl();

        /** Studies per page (the API allows up to 1,000). */
        @WithDefault("100")
        int pageSize();

        /** Request starts per minute; ClinicalTrials.gov asks for about 50 per minute per client. */
        @WithDefault("50")
        int requestsPerMinute();

        /** Attempts per page on 429, 5xx, timeouts and connection failures, with exponential back-off. */
        @WithDefault("6")
        int maxAttempts();

        @WithDefault("2s")
        Duration initialBackoff();

        /** Longest wait between attempts, also the cap on a server's Retry-After. */
        @WithDefault("2m")
        Duration maxBackoff();

        @WithDefault("60s")
        Duration requestTimeout();

        /**
         * First sync: studies last updated on or after this day. Absent: the first sync pulls every study the query
         * selects. Later syncs start from the watermark the previous successful sync stored.
         */
        Optional<LocalDate> initialSince();

        /** Optional {@code query.term} that limits what is synced (for example {@code AREA[Phase]PHASE2}). */
        Optional<String> queryTerm();

        /** Run a sync this often (for example {@code 6h}); absent: only on request. */
        Optional<Duration> syncInterval();
    }
}
