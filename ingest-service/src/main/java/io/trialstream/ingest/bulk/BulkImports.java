package io.trialstream.ingest.bulk;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.trialstream.contracts.ParsedTrial;
import io.trialstream.contracts.Provenance;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Bulk imports: every document of a server-side directory or zip archive parsed and published as if each were
 * POSTed, without waiting for each acknowledgement in turn (up to {@code max-in-flight} trials are on their way).
 * Each import keeps a journal in the state directory; an import interrupted by a stop, a kill or an unreachable broker
 * resumes where its journal ends.
 */
@ApplicationScoped
public class BulkImports {
    private static final Logger LOG = Logger.getLogger(BulkImports.class);

    private final TrialIngestService ingest;
    private final ParsedTrialPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig.Bulk config;
    private final Path jobsDir;
    private final List<Path> allowedRoots;
    private final Map<String, BulkImportJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Thread> running = new ConcurrentHashMap<>();
    private final AtomicInteger threadIds = new AtomicInteger();

    public BulkImports(TrialIngestService ingest, ParsedTrialPublisher publisher, IngestMetrics metrics, IngestConfig config) {
        this.ingest = ingest;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config.bulk();
        this.jobsDir = Path.of(config.stateDir()).toAbsolutePath().normalize().resolve("bulk-imports");
        this.allowedRoots = config.bulk().allowedRoots().orElse(List.of()).stream()
                .filter(s -> !s.isBlank()).map(s -> Path.of(s.trim()).toAbsolutePath().normalize()).toList();
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        adoptJournals();
        pruneEnded(Instant.now());
    }

    /**
     * Deletes the imports that ended before {@code now} minus the retention, journal and all, so that the state
     * directory and the list do not grow forever. Returns how many were deleted.
     */
    synchronized int pruneEnded(Instant now) {
        Instant cutoff = now.minus(config.retention());
        int pruned = 0;
        for (BulkImportJob job : List.copyOf(jobs.values())) {
            if (running.containsKey(job.id) || job.finishedAt().map(t -> !t.isBefore(cutoff)).orElse(true)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(job.dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
                jobs.remove(job.id);
                pruned++;
            } catch (IOException e) {
                LOG.warnf("bulk import %s: journal not deleted (%s); tried again later", job.id, e.getClass().getSimpleName());
            }
        }
        if (pruned > 0) {
            LOG.infof("deleted %d bulk imports that ended more than %s ago", pruned, config.retention());
        }
        return pruned;
    }

    /** Loads the journals in the state directory this instance does not know yet; resumes those left RUNNING. */
    synchronized void adoptJournals() throws IOException {
        Files.createDirectories(jobsDir);
        try (Stream<Path> dirs = Files.list(jobsDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try {
                    if (jobs.containsKey(dir.getFileName().toString())) {
                        continue;
                    }
                    BulkImportJob job = BulkImportJob.load(dir);
                    jobs.put(job.id, job);
                    if (job.state() == BulkImportJob.State.RUNNING) {
                        if (config.resumeOnStart()) {
                            LOG.infof("resuming bulk import %s (%s)", job.id, job.status(label(job)).processed() + " documents done");
                            launch(job);
                        } else {
                            job.finish(BulkImportJob.State.INTERRUPTED, "the service stopped during the import");
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("bulk import journal %s unreadable (%s); left alone", dir.getFileName(), e.getClass().getSimpleName());
                }
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (BulkImportJob job : jobs.values()) {
            job.persistStopAsRunning = true;
            job.stopRequested = true;
        }
        for (Thread t : running.values()) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Starts importing a server-side directory or zip archive under one of the allowed roots. */
    public BulkImportStatus importPath(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new RequestProblem(400, "PATH_REQUIRED", "send {\"path\": \"/a/directory/or/archive.zip\"} or a zip archive as application/zip");
        }
        if (allowedRoots.isEmpty()) {
            throw new RequestProblem(403, "PATH_IMPORT_DISABLED", "server-side paths are not enabled on this service "
                    + "(trialstream.ingest.bulk.allowed-roots); upload a zip archive as application/zip instead");
        }
        Path path;
        try {
            path = Path.of(requested).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new RequestProblem(400, "PATH_INVALID", "the path is not a valid path on this server");
        }
        if (allowedRoots.stream().noneMatch(path::startsWith)) {
            throw new RequestProblem(403, "PATH_NOT_ALLOWED", "the path is outside the directories this service may read "
                    + "(trialstream.ingest.bulk.allowed-roots)");
        }
        try {
            Path real = path.toRealPath();
            if (allowedRoots.stream().map(BulkImports::real).noneMatch(real::startsWith)) {
                throw new RequestProblem(403, "PATH_NOT_ALLOWED", "the path leads outside the directories this service may read");
            }
            path = real;
        } catch (IOException e) {
            throw new RequestProblem(422, "PATH_NOT_FOUND", "no readable file or directory at that path");
        }
        if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
            throw new RequestProblem(422, "PATH_NOT_A_SOURCE", "expected a directory or a zip archive");
        }
        checkReadable(path);
        return start(path, newId());
    }

    /** Starts importing an uploaded zip archive; the archive is kept in the import's journal directory until it ends. */
    public BulkImportStatus importUpload(byte[] zip) {
        if (zip == null || zip.length < 4 || zip[0] != 'P' || zip[1] != 'K') {
            throw new RequestProblem(415, "NOT_A_ZIP_ARCHIVE", "expected a zip archive (application/zip) or a JSON body "
                    + "{\"path\": …}");
        }
        String id = newId();
        Path dir = jobsDir.resolve(id);
        Path upload = dir.resolve("upload.zip");
        try {
            Files.createDirectories(dir);
            Files.write(upload, zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            checkReadable(upload);
        } catch (RequestProblem p) {
            deleteQuietly(upload);
            deleteQuietly(dir);
            throw p;
        }
        return start(upload, id);
    }

    private static void checkReadable(Path path) {
        try (BulkSource source = BulkSource.open(path)) {
            source.entries();
        } catch (IOException | RuntimeException e) {
            throw new RequestProblem(422, "SOURCE_UNREADABLE", "expected a directory or a zip archive; this one cannot be "
                    + "listed (" + e.getClass().getSimpleName() + ")");
        }
    }

    public Optional<BulkImportStatus> status(String id) {
        return Optional.ofNullable(jobs.get(id)).map(j -> j.status(label(j)));
    }

    public List<BulkImportStatus> list() {
        List<BulkImportStatus> all = new ArrayList<>();
        jobs.values().forEach(j -> all.add(j.status(label(j))));
        all.sort(Comparator.comparing(BulkImportStatus::createdAt).reversed());
        return all;
    }

    /** Resumes an interrupted import from the end of its journal. */
    public BulkImportStatus resume(String id) {
        BulkImportJob job = jobs.get(id);
        if (job == null) {
            throw new RequestProblem(404, "IMPORT_NOT_FOUND", "no bulk import with that id");
        }
        synchronized (this) {
            if (running.containsKey(id)) {
                throw new RequestProblem(409, "IMPORT_RUNNING", "the import is running");
            }
            if (job.state() == BulkImportJob.State.COMPLETED) {
                throw new RequestProblem(409, "IMPORT_COMPLETED", "the import has completed; start a new one to import again");
            }
            checkCapacity();
            launch(job);
        }
        return job.status(label(job));
    }

    /** Stops an import after the documents on their way; it can be resumed. */
    public BulkImportStatus cancel(String id) {
        BulkImportJob job = jobs.get(id);
        if (job == null) {
            throw new RequestProblem(404, "IMPORT_NOT_FOUND", "no bulk import with that id");
        }
        job.stopRequested = true;
        Thread t = running.get(id);
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return job.status(label(job));
    }

    private synchronized BulkImportStatus start(Path source, String id) {
        checkCapacity();
        pruneEnded(Instant.now());
        BulkImportJob job = BulkImportJob.create(jobsDir, id, source);
        jobs.put(id, job);
        launch(job);
        return job.status(label(job));
    }

    private void checkCapacity() {
        if (running.size() >= config.maxActiveJobs()) {
            throw new RequestProblem(429, "TOO_MANY_IMPORTS", running.size() + " imports are running; retry when one ends");
        }
    }

    private void launch(BulkImportJob job) {
        Thread t = new Thread(() -> {
            try {
                run(job);
            } finally {
                running.remove(job.id);
            }
        }, "bulk-import-" + threadIds.incrementAndGet());
        running.put(job.id, t);
        t.start();
    }

    private void run(BulkImportJob job) {
        List<String> entries;
        try (BulkSource source = BulkSource.open(job.source)) {
            entries = source.entries();
            job.started(entries.size());
            int parallelism = config.parallelism() > 0 ? config.parallelism() : Runtime.getRuntime().availableProcessors();
            int maxInFlight = Math.max(1, config.maxInFlight());
            Semaphore inFlight = new Semaphore(maxInFlight);
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Throwable> publishFailure = new AtomicReference<>();
            ExecutorService workers = Executors.newFixedThreadPool(parallelism, r -> {
                Thread w = new Thread(r, "bulk-parse-" + threadIds.incrementAndGet());
                w.setDaemon(true);
                return w;
            });
            for (int w = 0; w < parallelism; w++) {
                workers.execute(() -> {
                    int i;
                    while (!job.stopRequested && publishFailure.get() == null && (i = next.getAndIncrement()) < entries.size()) {
                        String entry = entries.get(i);
                        if (!job.isDone(entry)) {
                            process(job, source, entry, inFlight, maxInFlight, publishFailure);
                        }
                    }
                });
            }
            workers.shutdown();
            awaitUninterruptibly(workers);
            // every send answered (acknowledged or failed) before the run is summed up; the producer gives up on a
            // record after its delivery timeout, so this wait is bounded
            inFlight.acquireUninterruptibly(maxInFlight);
            Throwable failure = publishFailure.get();
            if (failure != null) {
                job.finish(BulkImportJob.State.INTERRUPTED, "the broker did not acknowledge a record ("
                        + failure.getClass().getSimpleName() + "); resume the import when Kafka is reachable");
            } else if (job.stopRequested && next.get() < entries.size()) {
                job.finish(BulkImportJob.State.INTERRUPTED, job.persistStopAsRunning
                        ? "the service stopped; the import resumes when it starts again" : "cancelled; it can be resumed");
            } else {
                job.finish(BulkImportJob.State.COMPLETED, null);
                if (job.source.getFileName().toString().equals("upload.zip") && job.source.startsWith(job.dir)) {
                    deleteQuietly(job.source);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("bulk import %s failed: %s", job.id, e.getClass().getSimpleName());
            job.finish(BulkImportJob.State.FAILED, "the source cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void process(BulkImportJob job, BulkSource source, String entry, Semaphore inFlight, int maxInFlight,
                         AtomicReference<Throwable> publishFailure) {
        byte[] bytes;
        try {
            bytes = source.read(entry, config.maxEntryBytes());
        } catch (BulkSource.TooLargeException e) {
            job.failed(entry, "DOCUMENT_TOO_LARGE", "larger than " + config.maxEntryBytes() + " bytes");
            return;
        } catch (IOException e) {
            job.failed(entry, "DOCUMENT_UNREADABLE", "cannot be read from the source (" + e.getClass().getSimpleName() + ")");
            return;
        }
        List<ParsedTrial> trials;
        try {
            trials = ingest.parse(bytes, BulkSource.contentType(entry), source.sourceUri(entry));
        } catch (InvalidDocumentException e) {
            metrics.rejected(e);
            job.failed(entry, e.reasonCode(), e.getMessage());
            return;
        }
        if (trials.isEmpty()) {
            job.failed(entry, "NO_TRIAL", "the document holds no trial");
            return;
        }
        Provenance.SourceFormat format = trials.isEmpty() ? null : trials.get(0).provenance().sourceFormat();
        int permits = Math.min(Math.max(trials.size(), 1), maxInFlight);
        inFlight.acquireUninterruptibly(permits);
        publisher.publish(trials).subscribe().with(
                ok -> {
                    job.succeeded(entry, trials.size());
                    metrics.published(format);
                    inFlight.release(permits);
                },
                failure -> {
                    // not the document's fault: the entry stays out of the journal and is sent again on resume
                    publishFailure.compareAndSet(null, failure);
                    metrics.publishFailed(format);
                    inFlight.release(permits);
                });
    }

    private static void awaitUninterruptibly(ExecutorService workers) {
        boolean interrupted = false;
        while (true) {
            try {
                if (workers.awaitTermination(1, TimeUnit.HOURS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the status shows as the source: the server path, or "uploaded zip archive". */
    private static String label(BulkImportJob job) {
        return job.source.startsWith(job.dir) ? "uploaded zip archive" : job.source.toString();
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover upload is harmless
        }
    }
}
