package io.trialstream.ingest.ctgov;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.ingest.bulk.BulkImportStatus;
import io.trialstream.ingest.config.IngestConfig;
import io.trialstream.ingest.messaging.ParsedTrialPublisher;
import io.trialstream.ingest.metrics.IngestMetrics;
import io.trialstream.ingest.parsing.InvalidDocumentException;
import io.trialstream.ingest.errors.RequestProblem;
import io.trialstream.ingest.service.TrialIngestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pulls the studies changed on ClinicalTrials.gov since the last successful sync and publishes each one as if it had
 * been POSTed as API v2 JSON. The watermark (a day) is stored in the state directory only after a run has gone through
 * every page and the broker acknowledged every study; the next run starts one day before the day the last one started,
 * so nothing updated while a run was going on is missed (studies seen twice are absorbed downstream: an unchanged
 * source record makes no new version). One study that cannot be read is counted as failed and the sync goes on.
 */
@ApplicationScoped
public class CtgovSync {
    private static final Logger LOG = Logger.getLogger(CtgovSync.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Duration PUBLISH_TIMEOUT = Duration.ofMinutes(5);

    private final TrialIngestService ingest;
    private final ParsedTrialPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig.Ctgov config;
    private final Path stateFile;
    private final CtgovClient.Sleeper sleeper;
    private ScheduledExecutorService schedule;
    private volatile Run current;
    private volatile Thread worker;

    public CtgovSync(TrialIngestService ingest, ParsedTrialPublisher publisher, IngestMetrics metrics, IngestConfig config) {
        this.ingest = ingest;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config.ctgov();
        this.stateFile = Path.of(config.stateDir()).toAbsolutePath().normalize().resolve("ctgov-sync.json");
        this.sleeper = d -> Thread.sleep(Math.max(0, d.toMillis()));
    }

    void onStart(@Observes StartupEvent event) {
        config.syncInterval().filter(d -> !d.isZero() && !d.isNegative()).ifPresent(every -> {
            schedule = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ctgov-sync-schedule");
                t.setDaemon(true);
                return t;
            });
            schedule.scheduleWithFixedDelay(() -> {
                try {
                    start(null);
                } catch (RequestProblem alreadyRunning) {
                    // the previous run is still going
                }
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
        Thread t = worker;
        if (t != null) {
            t.interrupt(); // the watermark stays where it was: the next run repeats this one
        }
    }

    /** Starts a run from {@code sinceOverride}, else from the stored watermark, else from the configured first day. */
    public synchronized CtgovSyncStatus start(LocalDate sinceOverride) {
        if (worker != null && worker.isAlive()) {
            throw new RequestProblem(409, "SYNC_RUNNING", "a sync is running; follow it at GET /api/v1/ctgov-sync");
        }
        LocalDate since = sinceOverride != null ? sinceOverride : storedWatermark().orElse(config.initialSince().orElse(null));
        Run run = new Run(since);
        current = run;
        worker = new Thread(() -> run(run), "ctgov-sync");
        worker.start();
        return run.status(storedWatermark().orElse(null));
    }

    public CtgovSyncStatus status() {
        Run run = current;
        LocalDate next = storedWatermark().orElse(config.initialSince().orElse(null));
        if (run == null) {
            return new CtgovSyncStatus("IDLE", config.baseUrl().toString(), null, next, null, null, 0, null, 0, 0, 0, 0,
                    0, null, Map.of(), List.of());
        }
        return run.status(next);
    }

    /** Waits for the current run (tests and the one-shot command line). */
    public CtgovSyncStatus await(Duration timeout) throws InterruptedException {
        Thread t = worker;
        if (t != null) {
            t.join(timeout.toMillis());
        }
        return status();
    }

    private void run(Run run) {
        CtgovClient client = new CtgovClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), config.baseUrl(), config.pageSize(),
                config.requestsPerMinute(), config.maxAttempts(), config.initialBackoff(), config.maxBackoff(),
                config.requestTimeout(), config.queryTerm(), sleeper);
        run.client = client;
        LocalDate startedDay = LocalDate.ofInstant(run.startedAt, ZoneOffset.UTC);
        try {
            String token = null;
            do {
                JsonNode page;
                try {
                    page = JSON.readTree(client.page(run.since, token));
                } catch (IOException e) {
                    throw new CtgovClient.SyncFailure("MALFORMED_PAGE", "a page from ClinicalTrials.gov is not JSON");
                }
                if (page == null || !page.path("studies").isArray()) {
                    throw new CtgovClient.SyncFailure("MALFORMED_PAGE", "a page from ClinicalTrials.gov has no studies array");
                }
                synchronized (run) {
                    run.pages++;
                    if (page.path("totalCount").isInt()) {
                        run.totalCount = page.get("totalCount").asInt();
                    }
                }
                publishPage(run, page.get("studies"));
                token = page.path("nextPageToken").isTextual() && !page.get("nextPageToken").asText().isBlank()
                        ? page.get("nextPageToken").asText() : null;
            } while (token != null);
            storeWatermark(startedDay.minusDays(1));
            run.end("COMPLETED", null);
            LOG.infof("ClinicalTrials.gov sync: %d pages, %d studies published, %d failed, %d retries",
                    run.pages, run.published, run.failed, client.retries());
        } catch (CtgovClient.SyncFailure e) {
            run.end("FAILED", e.code + ": " + e.getMessage());
            LOG.warnf("ClinicalTrials.gov sync failed: %s", e.code);
        } catch (InterruptedException e) {
            run.end("FAILED", "INTERRUPTED: the service stopped during the sync; the next run repeats it");
        } catch (RuntimeException | IOException e) {
            run.end("FAILED", "PUBLISH_FAILED: " + e.getClass().getSimpleName()
                    + "; the watermark is unchanged, the next run repeats this one");
            LOG.warnf("ClinicalTrials.gov sync failed: %s", e.getClass().getSimpleName());
        }
    }

    /** Parses every study of a page on its own (one bad study does not sink the page) and waits for the broker. */
    private void publishPage(Run run, JsonNode studies) throws IOException {
        List<ParsedTrial> page = new ArrayList<>();
        for (JsonNode study : studies) {
            String nctId = study.path("protocolSection").path("identificationModule").path("nctId").asText(null);
            String sourceUri = config.baseUrl() + "/studies/" + (nctId == null ? "" : nctId);
            try {
                page.addAll(ingest.parse(JSON.writeValueAsBytes(study), "application/json", sourceUri));
            } catch (InvalidDocumentException e) {
                metrics.rejected(e);
                run.failed(nctId == null ? "study " + (run.studies + 1) : nctId, e.reasonCode(), e.getMessage());
            }
            synchronized (run) {
                run.studies++;
            }
        }
        if (!page.isEmpty()) {
            publisher.publish(page).await().atMost(PUBLISH_TIMEOUT);
            page.forEach(t -> metrics.published(t.provenance().sourceFormat()));
            synchronized (run) {
                run.published += page.size();
            }
        }
    }

    private Optional<LocalDate> storedWatermark() {
        try {
            if (!Files.exists(stateFile)) {
                return Optional.empty();
            }
            JsonNode n = JSON.readTree(stateFile.toFile());
            return n.path("nextSince").isTextual() ? Optional.of(LocalDate.parse(n.get("nextSince").asText())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("sync state %s unreadable (%s); starting from the configured first day", stateFile, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void storeWatermark(LocalDate nextSince) throws IOException {
        Files.createDirectories(stateFile.getParent());
        ObjectNode n = JSON.createObjectNode().put("nextSince", nextSince.toString()).put("storedAt", Instant.now().toString());
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), n);
        Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private final class Run {
        final LocalDate since;
        final Instant startedAt = Instant.now();
        Instant finishedAt;
        String state = "RUNNING";
        String error;
        int pages;
        Integer totalCount;
        int studies;
        int published;
        int failed;
        volatile CtgovClient client;
        final Map<String, Integer> failuresByReason = new TreeMap<>();
        final List<BulkImportStatus.Failure> failures = new ArrayList<>();

        Run(LocalDate since) {
            this.since = since;
        }

        synchronized void failed(String study, String code, String reason) {
            failed++;
            failuresByReason.merge(code, 1, Integer::sum);
            if (failures.size() < 200) {
                failures.add(new BulkImportStatus.Failure(study, code, reason));
            }
        }

        synchronized void end(String end, String why) {
            state = end;
            error = why;
            finishedAt = Instant.now();
        }

        synchronized CtgovSyncStatus status(LocalDate nextSince) {
            double percent = totalCount == null ? 0 : totalCount == 0 ? 100.0
                    : Math.min(100.0, Math.round(1000.0 * studies / totalCount) / 10.0);
            return new CtgovSyncStatus(state, config.baseUrl().toString(), since, nextSince, startedAt, finishedAt, pages,
                    totalCount, studies, published, failed, percent, client == null ? 0 : client.retries(), error, new TreeMap<>(failuresByReason),
                    List.copyOf(failures));
        }
    }
}
